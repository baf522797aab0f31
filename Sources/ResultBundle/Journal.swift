package import Foundation
package import HyperplanCore

/// The bundle's journal: one JSON line per finished plan node, appended and fsynced as the run goes, so that
/// a run killed at any moment loses no finished work and a rerun continues where it stopped.
///
/// Line 1 is a header naming the format and the experiment; every other line is
/// `{"node": ID, "kind": KIND, "label": LABEL, "output": OUTPUT}`. A crash can leave a last line without its
/// newline or cut mid-way; reading ignores such a torn tail and appending first truncates it.
package enum Journal {
    package static let fileName = "journal.jsonl"
    package static let formatVersion = 1

    /// The records of a journal file, by node ID, and how much of the file is intact.
    package struct Contents: Sendable {
        package var records: [ContentHash: JSONValue]
        /// Node IDs in the order they were recorded.
        package var order: [ContentHash]
        /// Bytes of complete, parseable lines (the header included); anything after is a torn tail.
        package var intactLength: Int
        /// Whether the file ended in a torn line that was ignored.
        package var hadTornTail: Bool
        /// The experiment identity in the header, if there is a header.
        package var experiment: String?
        /// The bundle format the header names (`nil` before format 2, which added it).
        package var bundleFormat: Int?
        /// The Hyperplan version that started the journal.
        package var toolVersion: String?

        package static let empty = Contents(
            records: [:], order: [], intactLength: 0, hadTornTail: false, experiment: nil, bundleFormat: nil,
            toolVersion: nil)
    }

    /// Reads a journal; a missing file is an empty journal.
    ///
    /// - Throws: `BundleError` when the file exists but cannot be read, or its first line is not a journal header.
    package static func read(_ url: URL) throws(BundleError) -> Contents {
        guard FileManager.default.fileExists(atPath: url.path) else { return .empty }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BundleError("cannot read the journal '\(url.path)': \(error.localizedDescription)")
        }
        var contents = Contents.empty
        var lineStart = data.startIndex
        var lineNumber = 0
        while lineStart < data.endIndex {
            guard let newline = data[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else {
                contents.hadTornTail = true
                break
            }
            lineNumber += 1
            let line = String(decoding: data[lineStart..<newline], as: UTF8.self)
            guard let value = try? JSONValue.parse(line) else {
                // A damaged line can only be the last one written; everything after it is ignored.
                contents.hadTornTail = true
                break
            }
            if lineNumber == 1 {
                guard value["journal"]?.intValue == formatVersion else {
                    throw BundleError("'\(url.path)' is not a Hyperplan journal (version \(formatVersion))")
                }
                contents.experiment = value["experiment"]?.stringValue
                contents.bundleFormat = value["bundle_format"]?.intValue
                contents.toolVersion = value["hyperplan_version"]?.stringValue
            } else if let id = value["node"]?.stringValue, let output = value["output"] {
                let hash = ContentHash(hex: id)
                if contents.records[hash] == nil { contents.order.append(hash) }
                contents.records[hash] = output
            }
            lineStart = newline + 1
            contents.intactLength = lineStart - data.startIndex
        }
        return contents
    }

    /// The header line for a journal of `experiment`.
    static func header(experiment: ContentHash) -> String {
        JSONValue.object([
            "journal": .int(formatVersion), "experiment": .string(experiment.hex),
            "bundle_format": .int(BundleSnapshot.format),
            "hyperplan_version": .string(HyperplanVersion.current),
        ]).canonicalString() + "\n"
    }

    /// One node's record line.
    static func line(id: ContentHash, kind: String, label: String, output: JSONValue) -> String {
        JSONValue.object([
            "node": .string(id.hex), "kind": .string(kind), "label": .string(label), "output": output,
        ]).canonicalString() + "\n"
    }
}

/// A problem with a bundle on disk: a damaged journal, a lock held by another process, a write that failed.
package struct BundleError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
