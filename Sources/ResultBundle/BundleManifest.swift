package import Foundation
package import HyperplanCore

/// `manifest.json`: the SHA-256 of every result file of a finished bundle, written after all of them.
///
/// A bundle is trusted only as far as its files match it: a batch's "up to date" check, `hyperplan status` and
/// `hyperplan reproduce` verify the files first, so a result file deleted, overwritten or edited after the run
/// makes the bundle be rewritten (batch), reported (status) or named as damaged (reproduce), never trusted.
/// `environment.json` (where and when it ran) and `timings.json` (wall-clock times) are not results and are
/// not listed.
package enum BundleManifest {
    package static let fileName = "manifest.json"

    /// The files a manifest lists when they exist.
    static let listed: [BundleLayout.File] = BundleLayout.File.allCases.filter {
        $0 != .environment && $0 != .timings && $0 != .manifest
    }

    /// The manifest of the files now in `directory`.
    static func json(of directory: URL) throws(BundleError) -> JSONValue {
        var files: [String: JSONValue] = [:]
        for file in listed {
            let url = directory.appendingPathComponent(file.rawValue)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            files[file.rawValue] = .string(ContentHash(bytes: try BundleFile.read(url, what: "the result file")).hex)
        }
        return .object(["manifest": .int(1), "files": .object(files)])
    }

    /// Writes the manifest of `directory`'s files; called once every result file is written.
    ///
    /// - Throws: `BundleError` when a file cannot be read or the manifest written.
    static func write(in directory: URL) throws(BundleError) {
        let text = try json(of: directory).prettyString()
        try AtomicFile.write(Data(text.utf8), to: directory.appendingPathComponent(fileName), what: "the manifest")
    }

    /// What is wrong with `directory`'s result files against its manifest, one sentence each; empty when every
    /// listed file is there with its recorded SHA-256 and no result file is unlisted.
    package static func problems(in directory: URL) -> [String] {
        let url = directory.appendingPathComponent(fileName)
        guard let data = try? BundleFile.read(url, what: "the manifest"),
            let manifest = try? JSONValue.parse(String(decoding: data, as: UTF8.self)),
            let recorded = manifest["files"]?.objectValue
        else { return ["\(fileName) is missing or unreadable, so the result files cannot be checked"] }
        var problems: [String] = []
        for file in listed {
            let path = directory.appendingPathComponent(file.rawValue)
            let exists = FileManager.default.fileExists(atPath: path.path)
            switch (recorded[file.rawValue]?.stringValue, exists) {
            case (nil, false):
                continue
            case (nil, true):
                problems.append("\(file.rawValue) is not in \(fileName) (written after the run)")
            case (_?, false):
                problems.append("\(file.rawValue) is missing")
            case (let hash?, true):
                guard let bytes = try? BundleFile.read(path, what: "the result file") else {
                    problems.append("\(file.rawValue) cannot be read")
                    continue
                }
                if ContentHash(bytes: bytes).hex != hash {
                    problems.append("\(file.rawValue) differs from what the run wrote (edited or damaged since)")
                }
            }
        }
        return problems
    }
}
