import Foundation
import HyperplanCore
import Testing

@testable import Analysis

/// fANOVA's handling of its input: errors, single-valued dimensions, non-finite scores, determinism, and the
/// two ways of summing a categorical's marginal.
@Suite("fANOVA input and edge cases")
struct FANOVAInputTests {
    static let dimensions = [
        ImportanceDimension(name: "a", kind: .numeric(low: 0, high: 1, log: false)),
        ImportanceDimension(name: "b", kind: .integer(low: 1, high: 10, log: false)),
        ImportanceDimension(name: "c", kind: .categorical(count: 3)),
    ]

    /// 120 random trials of `dimensions` scored by a function of all three.
    static func trials(count: Int = 120, key: String = "fanova-test/input") -> (rows: [[Double]], scores: [Double]) {
        var generator = SeededGenerator(seed: 4, key: key)
        var rows: [[Double]] = []
        var scores: [Double] = []
        for _ in 0..<count {
            let a = generator.nextUnitInterval(), b = Double(1 + generator.nextInt(below: 10))
            let c = Double(generator.nextInt(below: 3))
            rows.append([a, b, c])
            scores.append(3 * a * a + 0.1 * b + (c == 1 ? 0.8 : 0) + 0.5 * a * c)
        }
        return (rows, scores)
    }

    @Test("the same inputs and seed give the same importances; another seed others, summing to 1")
    func determinism() throws {
        let (rows, scores) = Self.trials()
        let first = try FANOVA.importances(dimensions: Self.dimensions, rows: rows, scores: scores, seed: 1)
        let again = try FANOVA.importances(dimensions: Self.dimensions, rows: rows, scores: scores, seed: 1)
        let other = try FANOVA.importances(dimensions: Self.dimensions, rows: rows, scores: scores, seed: 2)
        #expect(first == again)
        #expect(first != other)
        #expect(abs(first.reduce(0, +) - 1) < 1e-12 && first.allSatisfy { $0 >= 0 })
        #expect(first[0] > first[2] && first[2] > first[1], "\(first)")
    }

    @Test("growing the trees in parallel gives the same importances, bit for bit")
    func parallel() async throws {
        let (rows, scores) = Self.trials()
        let sequential = try FANOVA.importances(dimensions: Self.dimensions, rows: rows, scores: scores, seed: 5)
        let parallel = try await FANOVA.importancesInParallel(
            dimensions: Self.dimensions, rows: rows, scores: scores, seed: 5)
        #expect(parallel == sequential)
        let constant = await #expect(throws: ImportanceError.constantObjective) {
            try await FANOVA.importancesInParallel(
                dimensions: Self.dimensions, rows: rows, scores: scores.map { _ in 1 }, seed: 5)
        }
        #expect(constant != nil)
    }

    @Test("an empty list of dimensions gives an empty list")
    func noDimensions() throws {
        #expect(try FANOVA.importances(dimensions: [], rows: [[], []], scores: [1, 2], seed: 0) == [])
    }

    @Test("a dimension with a single value gets 0 and stays out of the forest")
    func singleValued() throws {
        let (rows, scores) = Self.trials()
        let fixed = ImportanceDimension(name: "fixed", kind: .numeric(low: 0.5, high: 0.5, log: true))
        let one = ImportanceDimension(name: "one", kind: .categorical(count: 1))
        let with = try FANOVA.importances(
            dimensions: [fixed] + Self.dimensions + [one], rows: rows.map { [0.5] + $0 + [0] }, scores: scores,
            seed: 1)
        let without = try FANOVA.importances(dimensions: Self.dimensions, rows: rows, scores: scores, seed: 1)
        #expect(with == [0] + without + [0])
    }

    @Test("trials with a non-finite score are left out, as Optuna leaves them out")
    func nonFiniteScores() throws {
        let (rows, scores) = Self.trials()
        let failed = scores.enumerated().map {
            $0.offset % 7 == 3 ? Double.nan : ($0.offset % 11 == 5 ? .infinity : $0.element)
        }
        let kept = failed.indices.filter { failed[$0].isFinite }
        let filtered = try FANOVA.importances(
            dimensions: Self.dimensions, rows: kept.map { rows[$0] }, scores: kept.map { failed[$0] }, seed: 1)
        #expect(try FANOVA.importances(dimensions: Self.dimensions, rows: rows, scores: failed, seed: 1) == filtered)
    }

    @Test("errors: shapes, bounds, values outside, too few trials, a constant objective, nothing searched")
    func errors() {
        let (rows, scores) = Self.trials(count: 10)
        func failure(
            _ rows: [[Double]], _ scores: [Double], dimensions: [ImportanceDimension] = Self.dimensions
        ) -> ImportanceError? {
            do {
                _ = try FANOVA.importances(dimensions: dimensions, rows: rows, scores: scores, seed: 0)
                return nil
            } catch {
                return error
            }
        }
        #expect(failure(rows, Array(scores.dropLast())) == .shapeMismatch("10 trials but 9 scores"))
        #expect(
            failure(rows + [[0.5, 2]], scores + [1]) == .shapeMismatch("trial 10 has 2 values for 3 hyperparameters"))
        #expect(failure(rows + [[1.5, 2, 0]], scores + [1]) == .valueOutsideDimension(row: 10, name: "a", value: 1.5))
        #expect(
            failure(rows + [[0.5, 2, 1.5]], scores + [1]) == .valueOutsideDimension(row: 10, name: "c", value: 1.5))
        #expect(failure(rows + [[0.5, 11, 2]], scores + [1]) == .valueOutsideDimension(row: 10, name: "b", value: 11))
        let reversed = ImportanceDimension(name: "r", kind: .numeric(low: 1, high: 0, log: false))
        #expect(
            failure([[0.5], [0.6]], [1, 2], dimensions: [reversed])
                == .invalidDimension(name: "r", reason: "its lower bound exceeds its upper bound"))
        #expect(failure(Array(rows.prefix(1)), [1]) == .tooFewTrials(1))
        #expect(failure(rows, scores.map { _ in .nan }) == .tooFewTrials(0))
        #expect(failure(rows, scores.map { _ in 4.25 }) == .constantObjective)
        let fixed = ImportanceDimension(name: "fixed", kind: .integer(low: 3, high: 3, log: false))
        #expect(failure([[3], [3]], [1, 2], dimensions: [fixed]) == .noSearchedDimension)
        #expect(
            ImportanceError.constantObjective.description
                == "importance cannot be assessed: every trial has the same score")
    }

    @Test("a categorical's marginal summed on a grid and from pairs of leaf boxes agree", arguments: [3, 6])
    func marginalMethods(choices: Int) throws {
        var generator = SeededGenerator(seed: 8, key: "fanova-test/methods")
        var rows: [[Double]] = []
        var scores: [Double] = []
        for _ in 0..<300 {
            let x = generator.nextUnitInterval(), choice = generator.nextInt(below: choices)
            rows.append([x, Double(choice)])
            scores.append(sin(6 * x) + Double(choice % 3) * (0.5 + x))
        }
        let dimensions = [
            ImportanceDimension(name: "x", kind: .numeric(low: 0, high: 1, log: false)),
            ImportanceDimension(name: "choice", kind: .categorical(count: choices)),
        ]
        let data = try ImportanceData(dimensions: dimensions, rows: rows, scores: scores)
        for table in try FANOVA.grow(data, seed: 3, part: (0, 8), maxDepth: 64) {
            let tree = FanovaTree(table, bounds: data.bounds)
            let grid = tree.marginalVariance(of: 1..<(1 + choices), method: .grid)
            let pairs = tree.marginalVariance(of: 1..<(1 + choices), method: .pairs)
            #expect(abs(grid - pairs) <= 1e-12 * tree.variance, "grid \(grid), pairs \(pairs)")
            #expect(grid > 0)
        }
    }
}
