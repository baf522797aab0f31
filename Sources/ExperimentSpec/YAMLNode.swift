package import HyperplanCore

/// A YAML node with its position, decoupled from the YAML library: the tree that validation walks.
///
/// Scalars keep their text and whether they were plain (unquoted); only plain scalars are resolved to
/// numbers, booleans and null, following the YAML 1.2 core schema (`yes` and `no` stay strings).
package struct YAMLNode: Sendable {
    package enum Content: Sendable {
        case scalar(String, plain: Bool)
        case mapping([Pair])
        case sequence([YAMLNode])
    }

    package struct Pair: Sendable {
        package var key: YAMLNode
        package var value: YAMLNode
    }

    package var content: Content
    package var location: SourceLocation

    /// A node standing for the start of `file`, for problems with no nearer place.
    static func placeholder(file: String) -> YAMLNode {
        YAMLNode(content: .scalar("", plain: true), location: SourceLocation(file: file, line: 1, column: 1))
    }

    /// A scalar's value under the core schema.
    package enum Scalar: Sendable, Equatable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
    }

    /// The resolved value of a scalar node, or `nil` for a mapping or sequence.
    package var scalar: Scalar? {
        guard case .scalar(let text, let plain) = content else { return nil }
        return plain ? YAMLNode.resolvePlain(text) : .string(text)
    }

    /// The node's text when it is a scalar (even a number), for keys and messages.
    package var text: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    package var pairs: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    package var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// What kind of value the node holds, as a user would say it ("a mapping", "a string", "a number").
    package var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar:
            switch scalar {
            case .null?: return "nothing (null)"
            case .bool?: return "a boolean"
            case .int?: return "an integer"
            case .double?: return "a number"
            case .string?, nil: return "a string"
            }
        }
    }

    /// The scalar as a literal option value; `nil` for null, mappings and sequences of non-literals.
    package var parameterValue: ParameterValue? {
        switch content {
        case .scalar:
            switch scalar {
            case .bool(let value)?: return .bool(value)
            case .int(let value)?: return .int(value)
            case .double(let value)?: return .double(value)
            case .string(let value)?: return .string(value)
            case .null?, nil: return nil
            }
        case .sequence(let items):
            var values: [ParameterValue] = []
            for item in items {
                guard let value = item.parameterValue else { return nil }
                values.append(value)
            }
            return .list(values)
        case .mapping:
            return nil
        }
    }

    static func resolvePlain(_ text: String) -> Scalar {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        // Hexadecimal and octal integers of the core schema (unsigned there).
        for (prefix, radix) in [("0x", 16), ("0o", 8)] where text.hasPrefix(prefix) && text.count > 2 {
            if let value = Int(text.dropFirst(2), radix: radix) { return .int(value) }
        }
        let body = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        guard let first = body.first, first.isASCII, first.isNumber || first == "." else { return .string(text) }
        let allowed = Set("0123456789.eE+-")
        guard body.allSatisfy({ allowed.contains($0) }) else { return .string(text) }
        if body.allSatisfy(\.isNumber), let value = Int(text) { return .int(value) }
        if let value = Double(text) { return .double(value) }
        return .string(text)
    }
}
