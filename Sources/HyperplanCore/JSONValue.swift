/// A JSON document with a canonical, byte-stable serialisation.
///
/// Every file in a result bundle that is meant to be compared across runs, and every node ID's hash input,
/// goes through this type: object keys are sorted by their UTF-8 bytes, numbers use the shortest round-trip
/// form, strings are escaped minimally, and non-finite numbers become `null` (JSON has no NaN).
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Builds an object from key-value pairs; a later duplicate key replaces an earlier one.
    package static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        var dictionary: [String: JSONValue] = [:]
        for (key, value) in pairs { dictionary[key] = value }
        return .object(dictionary)
    }

    /// Whether the value is a number, string, boolean or null.
    package var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// A real number, or `null` when it is not finite.
    package static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .double(value)
    }

    package subscript(key: String) -> JSONValue? {
        if case .object(let dictionary) = self { return dictionary[key] }
        return nil
    }

    /// The canonical compact serialisation (no whitespace), as hashed into content IDs and written to JSON lines.
    package func canonicalString() -> String {
        var output: [UInt8] = []
        write(to: &output, pretty: false, depth: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// A pretty-printed serialisation (two-space indent, sorted keys) ending with a newline, for files people read.
    package func prettyString() -> String {
        var output: [UInt8] = []
        write(to: &output, pretty: true, depth: 0)
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    // Serialisation appends UTF-8 bytes to one buffer: sweeps write tens of thousands of records, and
    // growing a `String` scalar by scalar was the run's hot spot.
    private func write(to output: inout [UInt8], pretty: Bool, depth: Int) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value): output.append(contentsOf: JSONValue.format(value).utf8)
        case .string(let value): JSONValue.writeEscaped(value, to: &output)
        case .array(let values):
            if values.isEmpty {
                output.append(contentsOf: "[]".utf8)
                return
            }
            // Lists of plain values stay on one line even when pretty-printed (coefficients, tree nodes).
            if pretty, values.allSatisfy(\.isScalar) {
                output.append(UInt8(ascii: "["))
                for (index, value) in values.enumerated() {
                    if index > 0 { output.append(contentsOf: ", ".utf8) }
                    value.write(to: &output, pretty: false, depth: 0)
                }
                output.append(UInt8(ascii: "]"))
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.newline(&output, pretty: pretty, depth: depth + 1)
                value.write(to: &output, pretty: pretty, depth: depth + 1)
            }
            JSONValue.newline(&output, pretty: pretty, depth: depth)
            output.append(UInt8(ascii: "]"))
        case .object(let dictionary):
            if dictionary.isEmpty {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            // Keys in UTF-8 byte order (= code point order), compared as contiguous bytes.
            let keys = dictionary.keys.map { (key: $0, bytes: Array($0.utf8)) }
                .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.newline(&output, pretty: pretty, depth: depth + 1)
                JSONValue.writeEscaped(key.key, to: &output)
                output.append(contentsOf: (pretty ? ": " : ":").utf8)
                dictionary[key.key, default: .null].write(to: &output, pretty: pretty, depth: depth + 1)
            }
            JSONValue.newline(&output, pretty: pretty, depth: depth)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ output: inout [UInt8], pretty: Bool, depth: Int) {
        guard pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// Shortest round-trip form; integral values keep a `.0` so that readers see a real number.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return value.description
    }

    private static func writeEscaped(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        // Most strings need no escaping: copy their bytes at once.
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output.append(contentsOf: utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): output.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): output.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): output.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                output.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
