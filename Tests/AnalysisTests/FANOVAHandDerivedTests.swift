import Analysis
import HyperplanCore
import Testing

/// fANOVA on objectives whose variance split is known by hand.
///
/// The designs put each varied parameter on levels at the centres of equal cells of its range, repeated, so that
/// a fully grown tree is exact on every cell the bootstrap sample reaches (its leaves are pure) and its
/// thresholds fall on the cell boundaries. The marginal of such a tree over one parameter is then the
/// parameter's main effect, and its variance is the discrete variance over the levels.
@Suite("fANOVA on hand-derived functions")
struct FANOVAHandDerivedTests {
    /// Level i of `count` equal cells of [0, 1]: its centre.
    static func level(_ index: Int, of count: Int) -> Double { (Double(index) + 0.5) / Double(count) }

    static let unit = ImportanceDimension.Kind.numeric(low: 0, high: 1, log: false)

    @Test("a function of one parameter: importance 1 for it, 0 for the others")
    func singleParameter() throws {
        var generator = SeededGenerator(seed: 1, key: "fanova-test/single")
        var rows: [[Double]] = []
        var scores: [Double] = []
        for index in 0..<600 {
            let x = Self.level(index % 8, of: 8)
            rows.append([generator.nextUnitInterval(), x, generator.nextUnitInterval()])
            scores.append((x - 0.3) * (x - 0.3) + 2)
        }
        let dimensions = [
            ImportanceDimension(name: "noise", kind: Self.unit), ImportanceDimension(name: "x", kind: Self.unit),
            ImportanceDimension(name: "other", kind: .integer(low: 0, high: 5, log: false)),
        ]
        rows = rows.map { [$0[0], $0[1], ($0[2] * 6).rounded(.down)] }
        let importances = try FANOVA.importances(dimensions: dimensions, rows: rows, scores: scores, seed: 3)
        // Nodes holding one level are pure and never split, so no tree splits on the other two parameters.
        #expect(importances[0] < 1e-12 && importances[2] < 1e-12, "\(importances)")
        #expect(abs(importances[1] - 1) < 1e-12, "\(importances)")
    }

    @Test("a categorical alone: importance 1 for its one-hot group")
    func singleCategorical() throws {
        var generator = SeededGenerator(seed: 1, key: "fanova-test/categorical")
        var rows: [[Double]] = []
        var scores: [Double] = []
        let effects = [0.0, 2.5, -1.0, 0.4]
        for index in 0..<400 {
            let choice = index % 4
            rows.append([generator.nextUnitInterval(), Double(choice)])
            scores.append(effects[choice])
        }
        let dimensions = [
            ImportanceDimension(name: "x", kind: Self.unit),
            ImportanceDimension(name: "choice", kind: .categorical(count: 4)),
        ]
        let importances = try FANOVA.importances(dimensions: dimensions, rows: rows, scores: scores, seed: 5)
        #expect(importances[0] < 1e-12 && abs(importances[1] - 1) < 1e-12, "\(importances)")
    }

    /// a·f(x) + b·g(y) over a full 10 × 10 grid, each point ten times, and a parameter z without effect:
    /// the shares are Var(a·f) : Var(b·g) : 0 over the levels, and nothing is left for interactions.
    @Test("an additive function a·f(x) + b·g(y): shares Var(a·f) and Var(b·g)", arguments: [(2.0, 1.0), (0.5, 3.0)])
    func additive(a: Double, b: Double) throws {
        let count = 10
        func f(_ x: Double) -> Double { x }
        func g(_ y: Double) -> Double { (y - 0.2) * (y - 0.2) }
        var generator = SeededGenerator(seed: 2, key: "fanova-test/additive")
        var rows: [[Double]] = []
        var scores: [Double] = []
        for _ in 0..<10 {
            for i in 0..<count {
                for j in 0..<count {
                    let x = Self.level(i, of: count), y = Self.level(j, of: count)
                    rows.append([x, y, generator.nextUnitInterval()])
                    scores.append(a * f(x) + b * g(y))
                }
            }
        }
        let levels = (0..<count).map { Self.level($0, of: count) }
        func variance(_ values: [Double]) -> Double {
            let mean = values.reduce(0, +) / Double(values.count)
            return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        }
        // f(x) = x on the levels (i + ½)/10: (N² − 1) / (12 N²), the discrete uniform variance, times a².
        let varianceX = a * a * Double(count * count - 1) / Double(12 * count * count)
        #expect(abs(varianceX - variance(levels.map { a * f($0) })) < 1e-12)
        let varianceY = variance(levels.map { b * g($0) })
        let dimensions = ["x", "y", "z"].map { ImportanceDimension(name: $0, kind: Self.unit) }
        let importances = try FANOVA.importances(dimensions: dimensions, rows: rows, scores: scores, seed: 9)
        let expected = [varianceX / (varianceX + varianceY), varianceY / (varianceX + varianceY), 0]
        // A tree whose bootstrap sample missed all ten copies of a grid point (e^−10 per point) is off at that
        // point; over 64 trees that moves the shares by well under 1e-3.
        for index in 0..<3 {
            #expect(abs(importances[index] - expected[index]) < 1e-3, "\(importances) vs \(expected)")
        }
    }
}
