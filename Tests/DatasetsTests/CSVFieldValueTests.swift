import Datasets
import Foundation
import HyperplanCore
import Testing

/// The fast path that reads plain decimals from the bytes gives exactly what the general path (`Double(text)`)
/// gives, and every other field is classified as before: missing markers, infinities, text.
@Suite("Reading CSV fields as numbers")
struct CSVFieldValueTests {
    /// What the loader made of a field before the fast path: a missing marker, `DataTable.number`, or text.
    static func reference(_ text: String) -> CSVReader.FieldValue {
        if DataTable.missingMarkers.contains(text) { return .missing }
        if let number = DataTable.number(text) { return .number(number) }
        return .text
    }

    static func values(_ texts: [String]) throws -> [CSVReader.FieldValue] {
        let csv = "x\n" + texts.map { "\($0)\n" }.joined()
        let reader = try CSVReader(bytes: Array(csv.utf8), file: "t.csv")
        return (0..<reader.rowCount).map { reader.value(of: reader.field(row: $0, column: 0)) }
    }

    static func same(_ left: CSVReader.FieldValue, _ right: CSVReader.FieldValue) -> Bool {
        switch (left, right) {
        case (.number(let a), .number(let b)): return a.bitPattern == b.bitPattern
        default: return left == right
        }
    }

    @Test("hand-picked fields")
    func edgeCases() throws {
        let texts = [
            "0", "-0", "+0", "0.0", "-0.0", "1", "-1", "+7", "12.5", ".5", "5.", "-.5", "1e5", "1E5", "1e+5", "1e-5",
            "1.5e22", "1e23", "1e-22", "1e-23", "123456789012345", "1234567890123456", "9007199254740992",
            "9007199254740993", "12345678901234567890", "0.1", "0.30000000000000004", "2.2250738585072014e-308",
            "1e400", "-1e400", "1e-400", "0e999999", "00000000000000000000001", "1.00000000000000000000000",
            "0.8594342067", "-1.023064718", "-0.05064436061", "99999999.99999999", "1e", "e5", "1e+", ".", "-", "+",
            "1.2.3", "--1", "1-2", "0x1A", "inf", "-inf", "Infinity", "nan", "NA", "abc",
            "١٢", "1_000", "12345678.12345678", "0.00000001234567891",
        ]
        let read = try Self.values(texts)
        for (text, value) in zip(texts, read) {
            #expect(Self.same(value, Self.reference(text)), "'\(text)': \(value) against \(Self.reference(text))")
        }
    }

    @Test("random numbers in the forms data files use")
    func randomNumbers() throws {
        var generator = SeededGenerator(seed: 5, key: "csv-values")
        var texts: [String] = []
        for _ in 0..<4000 {
            let magnitude = Foundation.pow(10, Double(generator.nextInt(below: 40)) - 20)
            let value = (generator.nextUnitInterval() * 2 - 1) * magnitude
            texts.append(value.description)
            texts.append(String(format: "%.10g", value))
            texts.append(String(format: "%.6f", value))
            texts.append(String(format: "%.17g", value))
            texts.append(String(format: "%.3e", value))
        }
        let read = try Self.values(texts)
        for (text, value) in zip(texts, read) where !Self.same(value, Self.reference(text)) {
            Issue.record("'\(text)': \(value) against \(Self.reference(text))")
        }
    }
}
