/// Encodes `Encodable` values to `JSONValue` and decodes them back, so that a record is declared once, as a
/// `Codable` type, and its writer and reader cannot drift apart. The bytes are `JSONValue`'s canonical writer's:
/// sorted keys, shortest round-trip numbers, `null` for non-finite numbers.
///
/// Conventions, chosen to keep the bytes the project wrote before records were derived:
/// - property names become snake_case keys (`prunedAt` → `pruned_at`, `parametersSHA256` → `parameters_sha256`),
///   as Foundation's `convertToSnakeCase` does; a `CodingKeys` enum still names a key outright;
/// - `Int` is a JSON integer and `Double` a real (`10.0`), as the hand-written records wrote them;
/// - a `nil` optional is left out (`encodeIfPresent`), unless the type writes `encodeNil` itself or wraps the
///   property in `ExplicitNull`, which writes `null`;
/// - reading, `null` where a `Double` is expected is NaN (the writer writes NaN as `null`), and a `JSONValue`
///   property holds whatever is there.
package enum CanonicalCoding {
    /// Why a value could not be encoded or decoded: the key path and what was wrong, one sentence.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        package var path: String
        package var reason: String
        /// What the value must be, phrased as the readers of hand-checked files state it (`JSONFieldError`):
        /// `is missing`, `must be an integer`, or a type's own rule (`must not be 0`).
        package var rule: String
        package var description: String { path.isEmpty ? reason : "\(path): \(reason)" }

        init(_ path: [any CodingKey], _ reason: String, rule: String? = nil) {
            self.rule = rule ?? reason
            self.path = path.map { key in
                if let index = key.intValue { return "[\(index)]" }
                let dictionaryKey = String(describing: type(of: key)) == "_DictionaryCodingKey"
                return "." + (dictionaryKey ? key.stringValue : CanonicalCoding.snakeCase(key.stringValue))
            }.joined().trimmingPrefix(".")
            self.reason = reason
        }
    }

    /// The value as JSON.
    ///
    /// - Throws: `Failure` when the value's `encode(to:)` throws or encodes nothing.
    package static func encode<Value: Encodable>(_ value: Value) throws(Failure) -> JSONValue {
        let encoder = ValueEncoder(path: [])
        do {
            try value.encode(to: encoder)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure([], "cannot encode \(Value.self): \(SystemReason.of(error))")
        }
        guard let result = encoder.storage.value else { throw Failure([], "\(Value.self) encoded nothing") }
        return result
    }

    /// A value of `type` read from `json`.
    ///
    /// - Throws: `Failure` naming the key path of the first field that is missing or of the wrong kind.
    package static func decode<Value: Decodable>(_ type: Value.Type, from json: JSONValue) throws(Failure) -> Value {
        do {
            return try Value(from: ValueDecoder(value: json, path: []))
        } catch let failure as Failure {
            throw failure
        } catch let error as DecodingError {
            throw Failure(error.path, error.reason, rule: error.rule)
        } catch {
            throw Failure([], "cannot read \(Value.self): \(SystemReason.of(error))")
        }
    }

    /// Whether `Key` is the standard library's key for a `[String: Value]` dictionary, whose keys are data (metric
    /// names, `model.C`) and are never converted to snake_case.
    static func isDictionaryKey(_ key: (some CodingKey).Type) -> Bool {
        String(describing: key) == "_DictionaryCodingKey"
    }

    /// `camelCase` → `snake_case`, splitting at each lower-to-upper change and before the last capital of an
    /// acronym followed by lowercase (`parametersSHA256` → `parameters_sha256`, `HTTPServer` → `http_server`).
    package static func snakeCase(_ name: String) -> String {
        guard name.utf8.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else { return name }
        let characters = Array(name)
        guard characters.contains(where: \.isUppercase) else { return name }
        var output = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if !previous.isUppercase && previous != "_" || (previous.isUppercase && next?.isLowercase == true) {
                    output.append("_")
                }
            }
            output.append(contentsOf: character.lowercased())
        }
        return output
    }
}

extension DecodingError {
    fileprivate var path: [any CodingKey] {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            if case .keyNotFound(let key, _) = self { return context.codingPath + [key] }
            return context.codingPath
        @unknown default: return []
        }
    }

    fileprivate var rule: String {
        switch self {
        case .typeMismatch(let type, _), .valueNotFound(let type, _):
            return type == Bool.self ? "must be true or false" : "must be \(CanonicalCoding.kindName(type))"
        case .keyNotFound: return "is missing"
        case .dataCorrupted(let context): return context.debugDescription
        @unknown default: return "is unreadable"
        }
    }

    fileprivate var reason: String {
        switch self {
        case .typeMismatch(let type, let context):
            return "expected \(CanonicalCoding.kindName(type)); \(context.debugDescription)"
        case .valueNotFound(let type, _): return "expected \(CanonicalCoding.kindName(type)), found null"
        case .keyNotFound: return "missing"
        case .dataCorrupted(let context): return context.debugDescription
        @unknown default: return "unreadable"
        }
    }
}

extension CanonicalCoding {
    static func kindName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is [String: JSONValue].Type: return "an object"
        case is [JSONValue].Type: return "a list"
        default: return "\(type)"
        }
    }
}

extension Encodable {
    /// The value as canonical JSON, for record types whose encoding cannot fail (their `encode(to:)` throws
    /// nothing of its own): a failure is a defect, caught by an assertion in debug builds and written as `null`.
    package var canonicalJSON: JSONValue {
        do {
            return try CanonicalCoding.encode(self)
        } catch {
            assertionFailure("cannot encode \(Self.self): \(SystemReason.of(error))")
            return .null
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : String(self)
    }
}

/// A property written as `null` when `nil`, and read as `nil` when `null` or absent.
@propertyWrapper
package struct ExplicitNull<Wrapped: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    package var wrappedValue: Wrapped?

    package init(wrappedValue: Wrapped?) { self.wrappedValue = wrappedValue }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Wrapped.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// An absent key reads as `nil` for `ExplicitNull` properties (synthesised decoding would require the key).
    package func decode<Wrapped>(_ type: ExplicitNull<Wrapped>.Type, forKey key: Key) throws -> ExplicitNull<Wrapped> {
        try decodeIfPresent(type, forKey: key) ?? ExplicitNull(wrappedValue: nil)
    }
}
