/// A literal value of a hyperparameter or an option: what a search domain yields and what a learner receives.
///
/// Values keep their YAML type: `1` is an integer, `1.0` a real number, `l2` a string. Real numbers compare
/// and hash by their bit pattern so that configurations can be used as dictionary keys deterministically.
package enum ParameterValue: Sendable, Hashable {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case list([ParameterValue])

    /// The value as a real number, when it is numeric.
    package var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The value as an integer, when it is an integer or a real number without a fractional part.
    package var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value):
            guard value.isFinite, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
            return Int(value)
        default: return nil
        }
    }

    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The value in canonical JSON form, as written to bundles and hashed into node IDs.
    package var json: JSONValue {
        switch self {
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        case .string(let value): return .string(value)
        case .bool(let value): return .bool(value)
        case .list(let values): return .array(values.map(\.json))
        }
    }

    /// The name of the value's type as a user would say it, for diagnostics.
    package var typeDescription: String {
        switch self {
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .bool: return "a boolean"
        case .list: return "a list"
        }
    }
}

extension ParameterValue: CustomStringConvertible {
    /// A compact rendering for tables and terminal output: numbers in shortest round-trip form, strings bare.
    package var description: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return NumberFormatting.shortest(value)
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .list(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
