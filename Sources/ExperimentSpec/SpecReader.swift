import HyperplanCore

/// Reads typed values out of `YAMLNode`s, recording a diagnostic at the node for every mismatch and
/// returning `nil` so validation can carry on and report everything at once.
struct SpecReader {
    /// One entry of a mapping whose key is a scalar.
    struct Entry {
        var key: String
        var keyNode: YAMLNode
        var value: YAMLNode
    }

    var diagnostics = DiagnosticList()

    mutating func error(
        _ id: DiagnosticID, _ message: String, at node: YAMLNode, hint: String? = nil, notes: [Diagnostic.Note] = []
    ) {
        diagnostics.error(id, message, at: node.location, hint: hint, notes: notes)
    }

    mutating func warning(_ id: DiagnosticID, _ message: String, at node: YAMLNode, hint: String? = nil) {
        diagnostics.warning(id, message, at: node.location, hint: hint)
    }

    /// The entries of a mapping, or `nil` (with a diagnostic) when the node is something else.
    mutating func mapping(_ node: YAMLNode, named name: String) -> [Entry]? {
        guard let pairs = node.pairs else {
            error("wrong-type", "'\(name)' must be a mapping, found \(node.kindDescription)", at: node)
            return nil
        }
        var entries: [Entry] = []
        for pair in pairs {
            guard let key = pair.key.text, pair.key.items == nil else {
                error("wrong-type", "keys in '\(name)' must be names, found \(pair.key.kindDescription)", at: pair.key)
                continue
            }
            entries.append(Entry(key: key, keyNode: pair.key, value: pair.value))
        }
        return entries
    }

    /// The entries of an optional section: none when it is absent, `nil` (with a diagnostic) when it is not a mapping.
    mutating func optionalSection(_ entry: Entry?, named name: String) -> [Entry]? {
        guard let entry else { return [] }
        return mapping(entry.value, named: name)
    }

    /// Reports every key not in `allowed`, suggesting the closest allowed one.
    mutating func rejectUnknownKeys(
        _ entries: [Entry], allowed: [String], in section: String, hint explain: (String) -> String? = { _ in nil }
    ) {
        for entry in entries where !allowed.contains(entry.key) {
            let hint =
                explain(entry.key)
                ?? Suggestion.hint(for: entry.key, among: allowed)
                ?? (allowed.isEmpty ? nil : "expected \(Suggestion.list(allowed))")
            error("unknown-key", "unknown key '\(entry.key)' in '\(section)'", at: entry.keyNode, hint: hint)
        }
    }

    mutating func string(_ node: YAMLNode, named name: String) -> String? {
        guard case .string(let text)? = node.scalar else {
            error("wrong-type", "'\(name)' must be a string, found \(node.kindDescription)", at: node)
            return nil
        }
        return text
    }

    /// A non-empty string.
    mutating func nonEmptyString(_ node: YAMLNode, named name: String) -> String? {
        guard let text = string(node, named: name) else { return nil }
        guard !text.isEmpty else {
            error("invalid-value", "'\(name)' must not be empty", at: node)
            return nil
        }
        return text
    }

    mutating func integer(_ node: YAMLNode, named name: String, min: Int = Int.min, max: Int = Int.max) -> Int? {
        guard case .int(let value)? = node.scalar else {
            error("wrong-type", "'\(name)' must be an integer, found \(node.kindDescription)", at: node)
            return nil
        }
        if value < min {
            error("invalid-value", "'\(name)' must be at least \(min)", at: node)
            return nil
        }
        if value > max {
            error("invalid-value", "'\(name)' must be at most \(max)", at: node)
            return nil
        }
        return value
    }

    mutating func boolean(_ node: YAMLNode, named name: String) -> Bool? {
        guard case .bool(let value)? = node.scalar else {
            let hint =
                ["yes", "no", "on", "off", "y", "n"].contains(node.text?.lowercased() ?? "")
                ? "write true or false" : nil
            error("wrong-type", "'\(name)' must be true or false, found \(node.kindDescription)", at: node, hint: hint)
            return nil
        }
        return value
    }

    /// One of `allowed`, reported with the allowed values (and the closest one) otherwise.
    mutating func enumeration(
        _ node: YAMLNode, named name: String, allowed: [String], id: DiagnosticID = "unknown-value"
    )
        -> String?
    {
        guard let text = string(node, named: name) else { return nil }
        guard allowed.contains(text) else {
            let hint = Suggestion.hint(for: text, among: allowed) ?? "expected \(Suggestion.list(allowed))"
            error(id, "unknown \(name) '\(text)'", at: node, hint: hint)
            return nil
        }
        return text
    }

    /// A list of strings (each checked), or `nil` with diagnostics.
    mutating func stringList(_ node: YAMLNode, named name: String) -> [(String, YAMLNode)]? {
        guard let items = node.items else {
            error("wrong-type", "'\(name)' must be a list of strings, found \(node.kindDescription)", at: node)
            return nil
        }
        var result: [(String, YAMLNode)] = []
        for item in items {
            if let text = string(item, named: "\(name) entry") { result.append((text, item)) }
        }
        return result
    }

    /// Reports a required key that is missing from a section, at the section's key (or the document start).
    mutating func missing(_ key: String, in section: String, at node: YAMLNode, hint: String? = nil) {
        error("missing-key", "missing '\(key)' in '\(section)'", at: node, hint: hint)
    }
}
