import Foundation
package import HyperplanCore

/// A bundle opened for a run: its folder created and locked, what earlier runs recorded (its own journal and
/// those of the same experiment's other bundles, whose nodes are content-addressed and so reusable), and the
/// journal writer for this run.
package final class BundleSession: Sendable {
    package let layout: BundleLayout
    package let writer: JournalWriter
    /// Records this run may restore from, by node ID: this bundle's journal, then its siblings'.
    package let journal: [ContentHash: JSONValue]
    /// Node IDs already in this bundle's own journal.
    package let recorded: Set<ContentHash>
    /// How many records came from other bundles of the same experiment (an edited experiment file).
    package let importedRecords: Int
    /// Whether the journal ended in a torn line (a crash mid-write), now ignored.
    package let hadTornTail: Bool
    /// Complete lines of this bundle's journal skipped as damaged: their nodes run again.
    package let damagedRecords: [Journal.DamagedRecord]
    /// What to tell the user about this bundle's journal before the run: its torn tail and damaged lines.
    package let journalNotes: [String]
    private let lock: BundleLock

    /// Opens `layout`'s bundle for a run.
    ///
    /// - Parameters:
    ///   - fresh: discard what earlier runs recorded, in this bundle and its siblings, and start over.
    ///   - command: the command line, recorded in the lock for other processes' messages.
    /// - Throws: `BundleError` when another process runs the bundle, or the folder or journal is unusable.
    package init(layout: BundleLayout, identity: ContentHash, fresh: Bool, command: [String]) throws(BundleError) {
        self.layout = layout
        do {
            try FileManager.default.createDirectory(at: layout.directory, withIntermediateDirectories: true)
        } catch {
            throw BundleError("cannot create the bundle '\(layout.directory.path)': \(SystemReason.of(error))")
        }
        lock = try BundleLock(directory: layout.directory, command: command)
        // Under the lock no other process writes here: a temporary file is a dead run's leftover.
        AtomicWrite.removeLeftovers(in: layout.directory)
        let journalURL = layout.directory.appendingPathComponent(Journal.fileName)
        if fresh {
            for file in [Journal.fileName] + BundleLayout.File.allCases.map(\.rawValue) {
                try? FileManager.default.removeItem(at: layout.directory.appendingPathComponent(file))
            }
        }
        let own = try Journal.read(journalURL)
        if let recordedExperiment = own.experiment, recordedExperiment != identity.hex {
            throw BundleError(
                "the journal '\(journalURL.path)' belongs to another experiment (\(recordedExperiment.prefix(12))); "
                    + "run with --fresh to start this bundle over")
        }
        var records = own.records
        var imported = 0
        if !fresh {
            for sibling in BundleSession.siblings(of: layout.directory) {
                guard let contents = try? Journal.read(sibling.appendingPathComponent(Journal.fileName)) else {
                    continue
                }
                for id in contents.order where records[id] == nil {
                    records[id] = contents.records[id]
                    imported += 1
                }
            }
        }
        journal = records
        BundleLocator.markLatest(layout.directory)
        recorded = Set(own.records.keys)
        importedRecords = imported
        hadTornTail = own.hadTornTail
        damagedRecords = own.damaged
        journalNotes = own.damageNotes()
        writer = try JournalWriter(
            url: journalURL, intactLength: own.intactLength, experiment: identity, format: own.format)
    }

    /// Other bundles of the same experiment name, in name order (deterministic).
    static func siblings(of directory: URL) -> [URL] {
        // Real folders only: `latest` is a link to one of them (or to this bundle itself).
        BundleLocator.subfolders(of: directory.deletingLastPathComponent()).filter {
            $0.lastPathComponent != directory.lastPathComponent
        }
    }

    /// Makes every record durable, closes the journal and releases the lock (emptying `.lock`).
    package func close() async throws(BundleError) {
        defer { lock.release() }
        try await writer.close()
    }
}
