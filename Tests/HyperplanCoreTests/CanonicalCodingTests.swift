import HyperplanCore
import Testing

@Suite("Canonical Codable records")
struct CanonicalCodingTests {
    struct Fold: Codable, Hashable {
        var fold: Int
        var prunedAt: Int?
        var validation: [String: Double]
        @ExplicitNull var rank: Int?
        var parametersSHA256: String
        var extra: JSONValue
    }

    @Test("keys are snake_case, dictionary keys are kept, nil is left out unless ExplicitNull, bytes are canonical")
    func encoding() throws {
        let fold = Fold(
            fold: 2, prunedAt: nil, validation: ["model.C": 0.5, "accuracy": .nan], rank: nil, parametersSHA256: "ab",
            extra: .array([.int(1), .double(2)]))
        let json = try CanonicalCoding.encode(fold)
        #expect(
            json.canonicalString()
                == #"{"extra":[1,2.0],"fold":2,"parameters_sha256":"ab","rank":null,"validation":{"accuracy":null,"model.C":0.5}}"#
        )
        let back = try CanonicalCoding.decode(Fold.self, from: json)
        #expect(back.fold == 2 && back.prunedAt == nil && back.rank == nil && back.extra == fold.extra)
        #expect(back.validation["model.C"] == 0.5 && back.validation["accuracy"]?.isNaN == true, "null reads as NaN")
    }

    @Test("a round trip through text keeps every value")
    func roundTrip() throws {
        let fold = Fold(
            fold: 0, prunedAt: 7, validation: ["log_loss": 0.1 + 0.2], rank: 3, parametersSHA256: "ff",
            extra: .object(["nested": .string("x")]))
        let text = try CanonicalCoding.encode(fold).canonicalString()
        let back = try CanonicalCoding.decode(Fold.self, from: try JSONValue.parse(text))
        #expect(back == fold)
    }

    @Test("a missing or mistyped field is named with its path")
    func failures() throws {
        let missing = #expect(throws: CanonicalCoding.Failure.self) {
            try CanonicalCoding.decode(
                Fold.self, from: try JSONValue.parse(#"{"fold": 1, "validation": {}, "extra": 1}"#))
        }
        #expect(missing?.description == "parameters_sha256: missing")
        let mistyped = #expect(throws: CanonicalCoding.Failure.self) {
            try CanonicalCoding.decode(
                Fold.self,
                from: try JSONValue.parse(#"{"fold": "one", "validation": {}, "extra": 1, "parameters_sha256": ""}"#))
        }
        #expect(mistyped?.path == "fold")
        #expect(mistyped?.description.contains("expected an integer") == true)
    }

    @Test("snake_case splits words and acronyms as Foundation does")
    func snakeCase() {
        #expect(CanonicalCoding.snakeCase("prunedAt") == "pruned_at")
        #expect(CanonicalCoding.snakeCase("parametersSHA256") == "parameters_sha256")
        #expect(CanonicalCoding.snakeCase("HTTPServer") == "http_server")
        #expect(CanonicalCoding.snakeCase("fold") == "fold")
    }
}
