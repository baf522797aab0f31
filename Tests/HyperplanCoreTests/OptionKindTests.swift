import HyperplanCore
import Testing

@Suite("Option kinds")
struct OptionKindTests {
    static let maxFeatures = OptionKind.union([
        .enumeration(["sqrt", "log2"]), .integer(min: 1, max: 1_000_000),
        .real(RealBounds(lower: 0, lowerInclusive: false, upper: 1)),
    ])

    @Test("a union accepts any member's values and keeps the accepting member's meaning")
    func union() {
        #expect(Self.maxFeatures.problem(with: .string("sqrt")) == nil)
        #expect(Self.maxFeatures.problem(with: .int(5)) == nil)
        #expect(Self.maxFeatures.problem(with: .double(0.5)) == nil)
        #expect(Self.maxFeatures.canonical(.int(5)) == .int(5), "an integer stays a count")
        #expect(Self.maxFeatures.canonical(.double(0.5)) == .double(0.5))
        #expect(Self.maxFeatures.problem(with: .string("cube")) == "unknown value 'cube'")
        #expect(
            Self.maxFeatures.problem(with: .double(1.5))
                == "must be one of 'sqrt' or 'log2', an integer in [1, 1000000] or a number in (0, 1]")
    }

    @Test("integer lists check every element")
    func integerList() {
        let widths = OptionKind.integerList(min: 1, max: 4096)
        #expect(widths.problem(with: .list([.int(64), .int(32)])) == nil)
        #expect(widths.problem(with: .list([])) == "must not be an empty list")
        #expect(widths.problem(with: .list([.int(64), .int(0)])) == "must hold integers in [1, 4096], not 0")
        #expect(widths.problem(with: .list([.double(1.5)])) == "expected a list of integers, found a number in it")
        #expect(widths.problem(with: .int(64)) == "expected a list of integers, found an integer")
    }

    @Test("real options store integers as reals; others keep them")
    func canonical() {
        #expect(OptionKind.real(.positive).canonical(.int(1)) == .double(1))
        #expect(OptionKind.integer(min: 0, max: 10).canonical(.int(1)) == .int(1))
        #expect(OptionKind.fractionOrCount.canonical(.int(30)) == .int(30))
    }
}
