package import Foundation
package import HyperplanCore

/// The bundle's journal: one JSON line per finished plan node, appended and fsynced as the run goes, so that
/// a run killed at any moment loses no finished work and a rerun continues where it stopped.
///
/// Line 1 is a header naming the format and the experiment; every other line is
/// `{"checksum": C, "kind": KIND, "label": LABEL, "node": ID, "output": OUTPUT}`. `C` is the first 16 hex
/// digits of the SHA-256 of the line's canonical bytes without the checksum, so damage that keeps the JSON
/// valid (an edited digit) is found too. The header carries one as well.
///
/// Reading keeps every intact record. A crash can leave a last line without its newline: that torn tail is
/// dropped silently and appending first truncates it. A complete line that is unreadable or fails its
/// checksum is damage, wherever it is: it is skipped and reported (`Contents.damaged`), its node runs again,
/// and the records after it are kept. The file is rewritten only by `hyperplan repair` (`JournalRepair`).
/// Format 1 (before checksums) is still read, and appended to in its own format.
package enum Journal {
    package static let fileName = "journal.jsonl"
    /// The format new journals are written in.
    package static let formatVersion = 2
    /// Every format this version reads.
    package static let readableFormats = 1...2

    /// A complete line that could not be trusted.
    package struct DamagedRecord: Sendable, Equatable {
        /// 1-based line number in the file.
        package var line: Int
        /// The node's label when the line is still readable JSON (an edited value), else `nil`.
        package var label: String?
        /// The node's ID when the line is still readable JSON, else `nil`.
        package var node: String? = nil
        /// Why the line was rejected, in a few words.
        package var reason: String

        /// `line 57 (fit_score[trial 3, fold 1]): its checksum does not match`.
        package var description: String {
            "line \(line)\(label.map { " (\($0))" } ?? ""): \(reason)"
        }
    }

    /// The records of a journal file, by node ID, and how much of the file is intact.
    package struct Contents: Sendable {
        package var records: [ContentHash: JSONValue]
        /// Node IDs in the order they were recorded.
        package var order: [ContentHash]
        /// Where each node's last intact record line is in the file (offsets from its start, newline
        /// included), by node ID: what `repair` keeps.
        package var lineRanges: [ContentHash: Range<Int>] = [:]
        /// Bytes of complete lines (the header included); anything after is a torn tail.
        package var intactLength: Int
        /// Whether the file ended in a torn line that was ignored.
        package var hadTornTail: Bool
        /// Complete lines that were skipped as damaged, in file order.
        package var damaged: [DamagedRecord] = []
        /// The journal format the header names (`formatVersion` for a new journal).
        package var format: Int = Journal.formatVersion
        /// The experiment identity in the header, if there is a header.
        package var experiment: String?
        /// The bundle format the header names (`nil` before format 2, which added it).
        package var bundleFormat: Int?
        /// The Hyperplan version that started the journal.
        package var toolVersion: String?

        /// What a reader should be told about the file: the torn tail and each damaged line (at most `limit`
        /// named, then a count), one sentence each.
        package func damageNotes(limit: Int = 5) -> [String] {
            var notes: [String] = []
            if hadTornTail { notes.append("the journal's last line was cut off by a crash; it is ignored") }
            for record in damaged.prefix(limit) {
                let replaced = record.node.map { records[ContentHash(hex: $0)] != nil } ?? false
                let consequence =
                    replaced ? "a later record of the same node replaces it" : "its node is run again"
                notes.append(
                    "journal \(record.description): the record is ignored and \(consequence); "
                        + "'hyperplan repair' removes damaged lines")
            }
            if damaged.count > limit {
                notes.append("\(damaged.count - limit) more damaged lines in the journal are ignored likewise")
            }
            return notes
        }

        package static let empty = Contents(
            records: [:], order: [], intactLength: 0, hadTornTail: false, experiment: nil, bundleFormat: nil,
            toolVersion: nil)
    }

    /// Reads a journal; a missing file is an empty journal.
    ///
    /// - Throws: `BundleError` when the file exists but cannot be read, or its header is damaged or not a
    ///   journal's.
    package static func read(_ url: URL) throws(BundleError) -> Contents {
        guard FileManager.default.fileExists(atPath: url.path) else { return .empty }
        let data = try BundleFile.read(url, what: "the journal")
        return try parse(data, path: url.path)
    }

    /// Parses a journal's bytes; `path` names it in errors.
    ///
    /// - Throws: `BundleError` when the header is damaged or names a format this version cannot read.
    package static func parse(_ data: Data, path: String) throws(BundleError) -> Contents {
        var contents = Contents.empty
        var lineStart = data.startIndex
        var lineNumber = 0
        while lineStart < data.endIndex {
            guard let newline = data[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else {
                contents.hadTornTail = true
                break
            }
            lineNumber += 1
            let bytes = data[lineStart..<newline]
            if lineNumber == 1 {
                try readHeader(bytes, into: &contents, path: path)
            } else {
                let whole = (lineStart - data.startIndex)..<(newline + 1 - data.startIndex)
                readRecord(bytes, line: lineNumber, range: whole, into: &contents)
            }
            lineStart = newline + 1
            contents.intactLength = lineStart - data.startIndex
        }
        return contents
    }

    private static func readHeader(_ bytes: Data, into contents: inout Contents, path: String) throws(BundleError) {
        let verified = verify(bytes)
        guard let value = verified.value, let format = value["journal"]?.intValue else {
            throw BundleError(
                "'\(path)' is not a Hyperplan journal: its first line is not a journal header; "
                    + "start the bundle over with 'hyperplan run FILE --fresh'")
        }
        if let problem = verified.problem {
            throw BundleError(
                "the header of the journal '\(path)' (line 1) is damaged (\(problem)), so none of its records can "
                    + "be trusted; start the bundle over with 'hyperplan run FILE --fresh'")
        }
        guard readableFormats.contains(format) else {
            throw BundleError(
                "'\(path)' is a journal of format \(format), which this version of Hyperplan cannot read "
                    + "(it reads formats \(readableFormats.lowerBound) to \(readableFormats.upperBound))")
        }
        guard format < 2 || verified.checksummed else {
            throw BundleError(
                "the header of the journal '\(path)' (line 1) is damaged (it has no checksum), so none of its "
                    + "records can be trusted; start the bundle over with 'hyperplan run FILE --fresh'")
        }
        contents.format = format
        contents.experiment = value["experiment"]?.stringValue
        contents.bundleFormat = value["bundle_format"]?.intValue
        contents.toolVersion = value["hyperplan_version"]?.stringValue
    }

    private static func readRecord(_ bytes: Data, line: Int, range: Range<Int>, into contents: inout Contents) {
        let verified = verify(bytes)
        let label = verified.value?["label"]?.stringValue
        if let problem = verified.problem ?? (contents.format >= 2 && !verified.checksummed ? "no checksum" : nil) {
            contents.damaged.append(
                DamagedRecord(line: line, label: label, node: verified.value?["node"]?.stringValue, reason: problem))
            return
        }
        guard let value = verified.value, let id = value["node"]?.stringValue, let output = value["output"] else {
            contents.damaged.append(DamagedRecord(line: line, label: label, reason: "not a node record"))
            return
        }
        let hash = ContentHash(hex: id)
        // A node recorded again (it ran again with a different output) counts by its last record.
        if contents.records[hash] == nil { contents.order.append(hash) }
        contents.records[hash] = output
        contents.lineRanges[hash] = range
    }

    /// A line parsed and its checksum checked: the value when the JSON is readable, and what is wrong, if
    /// anything.
    private static func verify(_ bytes: Data) -> (value: JSONValue?, checksummed: Bool, problem: String?) {
        guard let value = try? JSONValue.parse(String(decoding: bytes, as: UTF8.self)) else {
            return (nil, false, "not readable JSON")
        }
        let line = Array(bytes)
        let prefix = Array(checksumPrefix.utf8)
        guard line.starts(with: prefix) else { return (value, false, nil) }
        let digitsEnd = prefix.count + checksumDigits
        guard line.count > digitsEnd + 2, line[digitsEnd] == UInt8(ascii: "\""),
            line[digitsEnd + 1] == UInt8(ascii: ",")
        else { return (value, false, "its checksum is malformed") }
        let recorded = String(decoding: line[prefix.count..<digitsEnd], as: UTF8.self)
        let body = "{" + String(decoding: line[(digitsEnd + 2)...], as: UTF8.self)
        return (value, true, recorded == checksum(of: body) ? nil : "its checksum does not match its contents")
    }

    private static let checksumPrefix = #"{"checksum":""#
    private static let checksumDigits = 16

    /// The first 16 hex digits of the SHA-256 of `body`.
    static func checksum(of body: String) -> String { String(ContentHash(string: body).hex.prefix(checksumDigits)) }

    /// `object` as a journal line of `format`: canonical JSON, led by its checksum from format 2 on. The
    /// checksum key sorts first, so the line is still canonical JSON.
    static func line(_ object: JSONValue, format: Int) -> String {
        let body = object.canonicalString()
        guard format >= 2 else { return body + "\n" }
        let rest = body.dropFirst()
        return checksumPrefix + checksum(of: body) + "\"" + (rest == "}" ? "" : ",") + rest + "\n"
    }

    /// The header line for a journal of `experiment`.
    static func header(experiment: ContentHash) -> String {
        line(
            .object([
                "journal": .int(formatVersion), "experiment": .string(experiment.hex),
                "bundle_format": .int(BundleSnapshot.format),
                "hyperplan_version": .string(HyperplanVersion.current),
            ]), format: formatVersion)
    }

    /// One node's record line, in the journal's `format`.
    static func line(id: ContentHash, kind: String, label: String, output: JSONValue, format: Int) -> String {
        line(
            .object(["node": .string(id.hex), "kind": .string(kind), "label": .string(label), "output": output]),
            format: format)
    }
}

/// A problem with a bundle on disk: a damaged journal, a lock held by another process, a write that failed.
package struct BundleError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
