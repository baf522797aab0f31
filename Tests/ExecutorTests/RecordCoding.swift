import HyperplanCore
import Testing

/// Round trips of records through `CanonicalCoding`, against bytes derived by hand from the writers the records
/// replaced (so a change of key, of `null` against absent, or of `10` against `10.0` fails).
enum RecordCoding {
    /// Encodes `value`, checks the canonical bytes are `expected`, decodes `expected` and checks that it encodes
    /// to the same bytes again; returns the decoded value.
    @discardableResult
    static func roundTrip<Record: Codable>(
        _ value: Record, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Record {
        let written = try CanonicalCoding.encode(value).canonicalString()
        #expect(written == expected, sourceLocation: sourceLocation)
        let read = try CanonicalCoding.decode(Record.self, from: try JSONValue.parse(expected))
        #expect(try CanonicalCoding.encode(read).canonicalString() == expected, sourceLocation: sourceLocation)
        return read
    }

    /// The failure of decoding `json` as `Record`, which the test expects.
    static func failure<Record: Decodable>(
        _: Record.Type, _ json: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> CanonicalCoding.Failure? {
        let value = try JSONValue.parse(json)
        return #expect(throws: CanonicalCoding.Failure.self, sourceLocation: sourceLocation) {
            try CanonicalCoding.decode(Record.self, from: value)
        }
    }
}
