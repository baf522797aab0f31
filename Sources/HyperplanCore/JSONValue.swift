/// A JSON document with a canonical, byte-stable serialisation.
///
/// Every file in a result bundle that is meant to be compared across runs, and every node ID's hash input,
/// goes through this type: object keys are sorted by their UTF-8 bytes, numbers use the shortest round-trip
/// form, strings are escaped minimally, and non-finite numbers become `null` (JSON has no NaN).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Builds an object from key-value pairs; a later duplicate key replaces an earlier one.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        var dictionary: [String: JSONValue] = [:]
        for (key, value) in pairs { dictionary[key] = value }
        return .object(dictionary)
    }

    /// Whether the value is a number, string, boolean or null.
    public var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// A real number, or `null` when it is not finite.
    public static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .double(value)
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let dictionary) = self { return dictionary[key] }
        return nil
    }

    /// The canonical compact serialisation (no whitespace), as hashed into content IDs and written to JSON lines.
    public func canonicalString() -> String {
        var output = ""
        write(to: &output, indent: nil, depth: 0)
        return output
    }

    /// A pretty-printed serialisation (two-space indent, sorted keys) ending with a newline, for files people read.
    public func prettyString() -> String {
        var output = ""
        write(to: &output, indent: "  ", depth: 0)
        output.append("\n")
        return output
    }

    private func write(to output: inout String, indent: String?, depth: Int) {
        switch self {
        case .null: output.append("null")
        case .bool(let value): output.append(value ? "true" : "false")
        case .int(let value): output.append(String(value))
        case .double(let value): output.append(JSONValue.format(value))
        case .string(let value): JSONValue.writeEscaped(value, to: &output)
        case .array(let values):
            if values.isEmpty { output.append("[]"); return }
            // Lists of plain values stay on one line even when pretty-printed (coefficients, tree nodes).
            if indent != nil, values.allSatisfy(\.isScalar) {
                output.append("[")
                for (index, value) in values.enumerated() {
                    if index > 0 { output.append(", ") }
                    value.write(to: &output, indent: nil, depth: 0)
                }
                output.append("]")
                return
            }
            output.append("[")
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(",") }
                JSONValue.newline(&output, indent: indent, depth: depth + 1)
                value.write(to: &output, indent: indent, depth: depth + 1)
            }
            JSONValue.newline(&output, indent: indent, depth: depth)
            output.append("]")
        case .object(let dictionary):
            if dictionary.isEmpty { output.append("{}"); return }
            output.append("{")
            let keys = dictionary.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output.append(",") }
                JSONValue.newline(&output, indent: indent, depth: depth + 1)
                JSONValue.writeEscaped(key, to: &output)
                output.append(indent == nil ? ":" : ": ")
                dictionary[key, default: .null].write(to: &output, indent: indent, depth: depth + 1)
            }
            JSONValue.newline(&output, indent: indent, depth: depth)
            output.append("}")
        }
    }

    private static func newline(_ output: inout String, indent: String?, depth: Int) {
        guard let indent else { return }
        output.append("\n")
        for _ in 0..<depth { output.append(indent) }
    }

    /// Shortest round-trip form; integral values keep a `.0` so that readers see a real number.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return value.description
    }

    private static func writeEscaped(_ string: String, to output: inout String) {
        output.append("\"")
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }
}
