import Foundation
import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// `SobolSequence` against SciPy 1.17.1 (`Tests/Fixtures/reference/qmc.json`, made by
/// `scripts/reference/make_qmc_reference.py`) and against the net properties that scrambling must keep.
@Suite("Sobol' sequence")
struct SobolSequenceTests {
    static var unscrambledCases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("qmc", kind: "sobol_unscrambled") }
    }

    /// The SHA-256 of the points as little-endian float64, point after point: NumPy's `tobytes()` of an (n, d)
    /// C-ordered array.
    static func digest(_ design: UnitDesign) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(design.coordinates.count * 8)
        for value in design.coordinates {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return ContentHash(bytes: bytes).hex
    }

    /// Checks the fixture's digest and stored columns against `design`, bit for bit.
    static func expectMatches(_ design: UnitDesign, _ fixture: FixtureCase) throws {
        #expect(digest(design) == (try fixture.member("sha256").string()), "\(fixture.name): digest")
        for column in try fixture.member("columns").array() {
            let dimension = try column.member("dimension").int()
            let expected = try column.member("values").doubles()
            let actual = design.column(dimension)
            let mismatches = zip(actual, expected).enumerated().filter {
                $0.element.0.bitPattern != $0.element.1.bitPattern
            }
            let firstMismatches = mismatches.prefix(3).map { ($0.offset, $0.element.0, $0.element.1) }
            #expect(
                actual.count == expected.count && mismatches.isEmpty,
                "\(fixture.name), dimension \(dimension): first mismatches \(firstMismatches)")
        }
    }

    @Test(
        "unscrambled points are SciPy's Sobol(d, scramble=False).random(256), bit for bit",
        arguments: try unscrambledCases)
    func unscrambled(fixture: FixtureCase) throws {
        let dimensions = try fixture.member("dimensions").int(), n = try fixture.member("n").int()
        let design = try SobolSequence(dimensions: dimensions).points(count: n)
        #expect(design.count == n && design.dimensions == dimensions)
        try Self.expectMatches(design, fixture)
    }

    @Test("the fixture covers d = 1, 2, 5, 21, 100 and 1111")
    func fixtureCoverage() throws {
        let dimensions = try Self.unscrambledCases.map { try $0.member("dimensions").int() }
        #expect(dimensions == [1, 2, 5, 21, 100, 1111])
    }

    @Test("given the matrices and shifts SciPy drew, scrambled points are SciPy's, bit for bit")
    func scrambledWithSciPysBits() throws {
        let fixture = try #require(
            try ReferenceFixtures.cases("qmc").first { $0.json["kind"]?.stringValue == "sobol_scrambled_given_bits" })
        let rows = try fixture.member("rows").intRows()
        let shifts = try fixture.member("shifts").ints()
        let scramblings = zip(rows, shifts).map { rows, shift in
            SobolSequence.Scrambling(rows: rows.map { UInt32($0) }, shift: UInt32(shift))
        }
        let sequence = try SobolSequence(dimensions: try fixture.member("dimensions").int(), scramblings: scramblings)
        try Self.expectMatches(try sequence.points(count: try fixture.member("n").int()), fixture)
    }

    @Test("a matrix that is not lower-triangular with a unit diagonal is refused")
    func invalidScrambling() throws {
        var rows = (0..<30).map { UInt32(1) << UInt32(29 - $0) }
        #expect(throws: Never.self) {
            try SobolSequence(dimensions: 1, scramblings: [SobolSequence.Scrambling(rows: rows, shift: 0)])
        }
        rows[3] |= 1  // a bit below the diagonal
        #expect(throws: SearchError.self) {
            try SobolSequence(dimensions: 1, scramblings: [SobolSequence.Scrambling(rows: rows, shift: 0)])
        }
        rows[3] = 0  // no diagonal
        #expect(throws: SearchError.self) {
            try SobolSequence(dimensions: 1, scramblings: [SobolSequence.Scrambling(rows: rows, shift: 0)])
        }
    }

    /// Whether each of the 2ᵐ slices [k/2ᵐ, (k+1)/2ᵐ) of `values` (2ᵐ of them) holds exactly one.
    static func oneInEachSlice(_ values: [Double]) -> Bool {
        var seen = [Bool](repeating: false, count: values.count)
        for value in values {
            let slice = Int(value * Double(values.count))  // exact: values are multiples of 2⁻³⁰
            guard value >= 0, value < 1, !seen[slice] else { return false }
            seen[slice] = true
        }
        return true
    }

    @Test("every 2^m prefix of a scrambled sequence has one point per slice of each dimension", arguments: [0, 1, 2])
    func oneDimensionalNets(seed: UInt64) throws {
        let design = try SobolSequence(dimensions: 12, scrambleSeed: seed).points(count: 512)
        for m in 0...9 {
            let prefix = design.prefix(1 << m)
            for dimension in 0..<12 {
                #expect(
                    Self.oneInEachSlice(prefix.column(dimension)), "seed \(seed), 2^\(m) points, dimension \(dimension)"
                )
            }
        }
    }

    @Test("the first two scrambled dimensions form a (0, m, 2)-net: one point per 2^-a × 2^-b box, a + b = m")
    func twoDimensionalNet() throws {
        let design = try SobolSequence(dimensions: 2, scrambleSeed: 11).points(count: 256)
        for m in [4, 8] {
            let prefix = design.prefix(1 << m)
            for a in 0...m {
                let b = m - a
                let boxes = Set(
                    (0..<prefix.count).map { i in
                        Int(prefix[i, 0] * Double(1 << a)) * (1 << b) + Int(prefix[i, 1] * Double(1 << b))
                    })
                #expect(boxes.count == 1 << m, "2^\(m) points, boxes 2^-\(a) × 2^-\(b)")
            }
        }
    }

    @Test("the same seed gives the same points, different seeds different ones, and no seed the plain sequence")
    func seeds() throws {
        let a = try SobolSequence(dimensions: 5, scrambleSeed: 1).points(count: 64)
        let b = try SobolSequence(dimensions: 5, scrambleSeed: 1).points(count: 64)
        let c = try SobolSequence(dimensions: 5, scrambleSeed: 2).points(count: 64)
        let plain = try SobolSequence(dimensions: 5).points(count: 64)
        #expect(a == b)
        #expect(a != c)
        // Every coordinate differs between two seeds, not just a few.
        let equal = zip(a.coordinates, c.coordinates).filter { $0 == $1 }.count
        #expect(equal == 0, "\(equal) equal coordinates")
        #expect(plain.point(0) == [0, 0, 0, 0, 0])
        #expect(a.point(0) != plain.point(0))
    }

    @Test("a dimension's scrambled column does not depend on how many dimensions follow it")
    func columnsIndependentOfDimensionCount() throws {
        let three = try SobolSequence(dimensions: 3, scrambleSeed: 9).points(count: 32)
        let seven = try SobolSequence(dimensions: 7, scrambleSeed: 9).points(count: 32)
        for dimension in 0..<3 { #expect(three.column(dimension) == seven.column(dimension)) }
    }

    @Test("more than 1111 dimensions or 2^30 points are refused")
    func limits() throws {
        #expect(SobolSequence.maximumDimensions == 1111)
        #expect(throws: SearchError.self) { try SobolSequence(dimensions: 1112) }
        #expect(throws: SearchError.self) { try SobolSequence(dimensions: 2).points(count: (1 << 30) + 1) }
        let empty = try SobolSequence(dimensions: 0, scrambleSeed: 4).points(count: 3)
        #expect(empty.count == 3 && empty.coordinates.isEmpty)
    }
}
