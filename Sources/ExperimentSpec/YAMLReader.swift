import Foundation
package import HyperplanCore
import Yams

/// Parses YAML text into a `YAMLNode` tree that keeps every node's line and column.
package enum YAMLReader {
    /// The root node, or the diagnostic for a syntax error (LibYAML stops at the first one).
    package static func parse(_ text: String, file: String) -> Result<YAMLNode?, Diagnostic> {
        do {
            guard let root = try Yams.compose(yaml: text, resolver) else { return .success(nil) }
            return .success(convert(root, file: file))
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, text: text, file: file))
        } catch {
            // Yams throws only YamlError; anything else is not the file's fault and has no words for a user.
            return .failure(
                Diagnostic(
                    "yaml-syntax", .error, "cannot read YAML: the YAML parser stopped with an unexpected error",
                    at: SourceLocation(file: file, line: 1, column: 1)))
        }
    }

    /// Tags every untagged plain scalar with a private tag, so that an explicit `!!str` stays recognisable
    /// (Yams's default resolver would also tag plain text as `str`).
    private static let resolver: Resolver =
        (try? Resolver.basic.appending(Tag.Name(rawValue: "tag:hyperplan.dev,2026:plain"), "^")) ?? .basic

    private static func convert(_ node: Node, file: String) -> YAMLNode {
        let mark = node.mark
        let location = SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            // An explicit `!!str` keeps even `5` or `true` a string; any other plain scalar is resolved by
            // Hyperplan under the YAML 1.2 core schema (`!!int 5` is then the integer it looks like).
            let explicitString = scalar.tag.description == Tag.Name.str.rawValue
            let plain = scalar.style == .plain && !explicitString
            return YAMLNode(content: .scalar(scalar.string, plain: plain), location: location)
        case .mapping(let mapping):
            return YAMLNode(content: .mapping(pairs(of: mapping, file: file)), location: location)
        case .sequence(let sequence):
            return YAMLNode(content: .sequence(sequence.map { convert($0, file: file) }), location: location)
        case .alias:
            return YAMLNode(content: .scalar("", plain: true), location: location)
        }
    }

    /// A mapping's pairs with YAML merge keys (`<<: *defaults`) applied: keys written in the mapping win over
    /// merged ones, and among several merged mappings the first wins, as the YAML merge-key spec says.
    /// A `<<` whose value is not a mapping (or list of mappings) stays a plain key, which validation rejects.
    private static func pairs(of mapping: Node.Mapping, file: String) -> [YAMLNode.Pair] {
        var explicit: [YAMLNode.Pair] = []
        var merged: [YAMLNode.Pair] = []
        for (key, value) in mapping {
            let isMergeKey = key.scalar.map { $0.string == "<<" && $0.style == .plain } ?? false
            let sources: [Node.Mapping]? =
                switch value {
                case .mapping(let source): [source]
                case .sequence(let items):
                    items.compactMap(\.mapping).count == items.count ? items.compactMap(\.mapping) : nil
                default: nil
                }
            if isMergeKey, let sources {
                for source in sources { merged.append(contentsOf: pairs(of: source, file: file)) }
            } else {
                explicit.append(YAMLNode.Pair(key: convert(key, file: file), value: convert(value, file: file)))
            }
        }
        var seen = Set(explicit.compactMap(\.key.text))
        for pair in merged {
            guard let key = pair.key.text, seen.insert(key).inserted else { continue }
            explicit.append(pair)
        }
        return explicit
    }

    private static func diagnostic(for error: YamlError, text: String, file: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var notes: [Diagnostic.Note] = []
            if let context, context.mark.line != mark.line || context.mark.column != mark.column {
                notes.append(Diagnostic.Note(context.text, at: at(context.mark)))
            }
            return Diagnostic("yaml-syntax", .error, "invalid YAML: \(problem)", at: at(mark), notes: notes)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = at(context.mark)
            let second = secondOccurrence(of: key, after: first, in: text, file: file)
            return Diagnostic(
                "yaml-duplicate-key", .error, "duplicate key '\(key)'", at: second ?? first,
                notes: second == nil ? [] : [Diagnostic.Note("'\(key)' first appears here", at: first)])
        case .reader(let problem, _, _, _):
            return Diagnostic(
                "yaml-syntax", .error, "cannot read YAML: \(problem)",
                at: SourceLocation(file: file, line: 1, column: 1))
        case .dataCouldNotBeDecoded(let encoding):
            return Diagnostic(
                "yaml-syntax", .error, "cannot read YAML: the file is not valid \(encoding) text",
                at: SourceLocation(file: file, line: 1, column: 1))
        case .memory:
            return Diagnostic(
                "yaml-syntax", .error, "cannot read YAML: the YAML parser ran out of memory",
                at: SourceLocation(file: file, line: 1, column: 1))
        default:
            // The emitter's and representer's failures, and "no error": none comes from reading a file.
            return Diagnostic(
                "yaml-syntax", .error, "cannot read YAML: the YAML parser stopped with an unexpected error",
                at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// LibYAML reports a duplicate key at its first occurrence; the mistake is usually the later one,
    /// so look for the same key at the same indentation further down.
    private static func secondOccurrence(of key: String, after first: SourceLocation, in text: String, file: String)
        -> SourceLocation?
    {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line <= lines.count else { return nil }
        let indent = first.column - 1
        for index in first.line..<lines.count {
            let line = lines[index]
            let leading = line.prefix { $0 == " " }.count
            if leading < indent, !line.trimmingCharacters(in: .whitespaces).isEmpty,
                !line.trimmingCharacters(in: .whitespaces).hasPrefix("#")
            {
                return nil
            }
            guard leading == indent else { continue }
            let rest = line.dropFirst(indent)
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate + ":") {
                return SourceLocation(file: file, line: index + 1, column: indent + 1)
            }
        }
        return nil
    }
}
