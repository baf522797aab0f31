import Foundation
import HyperplanCore

/// A corpus experiment file and the diagnostics its header comments say it must produce:
/// `# expect: LINE:COLUMN ID` (an error in this file), `# expect: FILE:LINE:COLUMN ID` (in another file,
/// such as a CSV it names) and `# expect-warning: ...`.
struct CorpusFile: CustomStringConvertible, Sendable {
    struct Expectation: Hashable, Comparable, CustomStringConvertible, Sendable {
        var file: String
        var line: Int
        var column: Int
        var id: String

        static func < (lhs: Expectation, rhs: Expectation) -> Bool {
            (lhs.file, lhs.line, lhs.column, lhs.id) < (rhs.file, rhs.line, rhs.column, rhs.id)
        }

        var description: String { "\(file):\(line):\(column) \(id)" }
    }

    var url: URL
    var errors: [Expectation]
    var warnings: [Expectation]

    var description: String { url.lastPathComponent }
    var path: String { url.path }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    /// The JSON Schema's own corpus (`scripts/check-schema.py`); the tool must agree with the schema on it.
    static let schemaCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SchemaCorpus")

    static func all(in folder: String, under root: URL = directory) -> [CorpusFile] {
        let folderURL = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folderURL.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map {
            CorpusFile(url: folderURL.appendingPathComponent($0))
        }
    }

    init(url: URL) {
        self.url = url
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var errors: [Expectation] = []
        var warnings: [Expectation] = []
        for line in text.split(separator: "\n") {
            for (prefix, isError) in [("# expect: ", true), ("# expect-warning: ", false)] where line.hasPrefix(prefix)
            {
                let parts = line.dropFirst(prefix.count).split(separator: " ")
                guard parts.count == 2 else { continue }
                var position = parts[0].split(separator: ":").map(String.init)
                var file = url.path
                if position.count == 3 {
                    file = url.deletingLastPathComponent().appendingPathComponent(position.removeFirst()).path
                }
                guard position.count == 2, let lineNumber = Int(position[0]), let column = Int(position[1]) else {
                    continue
                }
                let expectation = Expectation(file: file, line: lineNumber, column: column, id: String(parts[1]))
                if isError { errors.append(expectation) } else { warnings.append(expectation) }
            }
        }
        self.errors = errors.sorted()
        self.warnings = warnings.sorted()
    }

    /// The actual diagnostics of one severity, in the same form, with dataset paths made absolute.
    func actual(_ diagnostics: [Diagnostic], severity: Diagnostic.Severity) -> [Expectation] {
        diagnostics.filter { $0.severity == severity }.map { diagnostic in
            let location = diagnostic.location
            var file = location?.file ?? ""
            if file != url.path, !file.hasPrefix("/") {
                file = url.deletingLastPathComponent().appendingPathComponent(file).path
            }
            return Expectation(
                file: file, line: location?.line ?? 0, column: location?.column ?? 0, id: diagnostic.id.rawValue)
        }.sorted()
    }
}
