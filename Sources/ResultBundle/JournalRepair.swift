package import Foundation
package import HyperplanCore

/// `hyperplan repair`: rewrites a bundle's journal with only its intact records.
///
/// Damaged lines and a torn tail are dropped, each node keeps its last intact record, and a format-1 journal
/// gets checksums. The new journal is written to a temporary file beside the old one, made durable, renamed
/// over it and the folder made durable, so a crash at any moment leaves the old journal or the new one. It
/// holds the bundle's lock throughout, so a run cannot append meanwhile.
package enum JournalRepair {
    /// What a repair did.
    package struct Report: Sendable {
        /// Records kept.
        package var kept: Int
        /// The damaged lines dropped.
        package var dropped: [Journal.DamagedRecord]
        /// Whether a torn last line was dropped.
        package var droppedTornTail: Bool
        /// Whether a format-1 journal was converted to the current format.
        package var converted: Bool
        /// Superseded records dropped (a node recorded again keeps its last record only).
        package var superseded: Int

        /// Whether the journal was rewritten.
        package var changed: Bool { !dropped.isEmpty || droppedTornTail || converted || superseded > 0 }
    }

    /// Repairs the journal of the bundle at `directory`.
    ///
    /// - Throws: `BundleError` when the bundle is running, the journal is missing, its header is damaged, or a
    ///   write fails (the old journal is then left as it was, and no temporary file remains).
    package static func repair(directory: URL, command: [String]) throws(BundleError) -> Report {
        let lock = try BundleLock(directory: directory, command: command)
        defer { lock.release() }
        let url = directory.appendingPathComponent(Journal.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw BundleError("'\(directory.relativePath)' has no journal to repair")
        }
        let data = try BundleFile.read(url, what: "the journal")
        let contents = try Journal.parse(data, path: url.path)
        // Complete lines: the header, the damaged ones, and the records (some superseded by a later one).
        let completeLines = data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let report = Report(
            kept: contents.order.count, dropped: contents.damaged, droppedTornTail: contents.hadTornTail,
            converted: contents.format < Journal.formatVersion,
            superseded: max(0, completeLines - 1 - contents.damaged.count - contents.order.count))
        guard report.changed else { return report }
        var text = Journal.line(
            .object([
                "journal": .int(Journal.formatVersion),
                "experiment": contents.experiment.map(JSONValue.string) ?? .null,
                "bundle_format": contents.bundleFormat.map(JSONValue.int) ?? .null,
                "hyperplan_version": contents.toolVersion.map(JSONValue.string) ?? .null,
            ]), format: Journal.formatVersion)
        for id in contents.order {
            guard let range = contents.lineRanges[id] else { continue }
            let line = data[(data.startIndex + range.lowerBound)..<(data.startIndex + range.upperBound)]
            if contents.format >= Journal.formatVersion {
                text += String(decoding: line, as: UTF8.self)
            } else if let value = try? JSONValue.parse(String(decoding: line.dropLast(), as: UTF8.self)) {
                text += Journal.line(value, format: Journal.formatVersion)
            }
        }
        try AtomicFile.write(Data(text.utf8), to: url, what: "the repaired journal")
        return report
    }
}
