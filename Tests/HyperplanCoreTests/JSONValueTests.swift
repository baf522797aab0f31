import HyperplanCore
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("canonical form sorts keys by bytes and uses shortest round-trip numbers")
    func canonical() {
        let value = JSONValue.object([
            "b": .double(0.1), "a": .array([.int(1), .double(1e-5), .double(1000), .null]), "B": .string("q\"\n\u{1}"),
            "c": .double(.nan),
        ])
        #expect(value.canonicalString() == #"{"B":"q\"\n\u0001","a":[1,1e-05,1000.0,null],"b":0.1,"c":null}"#)
    }

    @Test("pretty form indents objects by two spaces, keeps lists of plain values on one line, ends with a newline")
    func pretty() {
        let value = JSONValue.object(["z": .array([.bool(true)]), "a": .object([:])])
        #expect(value.prettyString() == "{\n  \"a\": {},\n  \"z\": [true]\n}\n")
        let nested = JSONValue.array([.array([.int(1), .double(2.5)]), .object(["k": .null])])
        #expect(nested.prettyString() == "[\n  [1, 2.5],\n  {\n    \"k\": null\n  }\n]\n")
    }

    @Test(
        "parsing inverts serialisation",
        arguments: [
            #"{"a":[1,2.5,-3e-07,true,false,null],"b":{"c":"\u00e9\ud83d\ude00\t"}}"#, "[]", "{}", "\"x\"", "12",
            "-0.5",
        ])
    func roundTrip(_ text: String) throws {
        let parsed = try JSONValue.parse(text)
        #expect(try JSONValue.parse(parsed.canonicalString()) == parsed)
    }

    @Test(
        "syntax errors carry their line and column",
        arguments: [
            ("{\"a\": 1,\n \"b\" 2}", 2, 6), ("[1, 2", 1, 6), ("{\"a\": tru}", 1, 7), ("[1] x", 1, 5),
        ])
    func errors(_ text: String, _ line: Int, _ column: Int) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(text) }
        do {
            _ = try JSONValue.parse(text)
        } catch {
            #expect(error.line == line && error.column == column, "\(error)")
        }
    }

    @Test("number formatting for tables drops integral fractions and keeps round-trip precision")
    func numbers() {
        #expect(NumberFormatting.shortest(1000) == "1000")
        #expect(NumberFormatting.shortest(0.001) == "0.001")
        #expect(NumberFormatting.shortest(0.1 + 0.2) == "0.30000000000000004")
        #expect(NumberFormatting.fixed(0.95833, digits: 4) == "0.9583")
        #expect(NumberFormatting.fixed(-0.00004, digits: 4) == "0.0000")
        #expect(NumberFormatting.fixed(2.5, digits: 0) == "3")
    }

    @Test("SHA-256 matches the FIPS 180-2 test vector")
    func contentHash() {
        #expect(ContentHash(string: "abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash(string: "abc").short == "ba7816bf8f01")
    }
}
