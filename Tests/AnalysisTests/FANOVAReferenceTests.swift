import Foundation
import HyperplanCore
import HyperplanTestSupport
import Learners
import Testing

@testable import Analysis

/// fANOVA importances against Optuna's `FanovaImportanceEvaluator` (`Tests/Fixtures/reference/fanova.json`,
/// made by `scripts/reference/make_fanova_reference.py`): four studies, Optuna's importances for eight seeds.
///
/// Hyperplan's forest cannot draw scikit-learn's random numbers, so its importances are one more draw from the
/// distribution Optuna's seeds sample. The rule: for every hyperparameter,
/// |ours − Optuna's mean| ≤ max(3 × Optuna's standard deviation over seeds, 0.03), and the ranking by
/// importance is Optuna's ranking of the means (the script made sure that ranking does not change with the seed).
/// Separately, the variance decomposition itself is checked on Optuna's own trees to rounding error.
@Suite("fANOVA against Optuna's FanovaImportanceEvaluator", .tags(.slow))
struct FANOVAReferenceTests {
    static var cases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("fanova") }
    }

    /// The tolerance rule stated above.
    static func allowance(spread: Double) -> Double { max(3 * spread, 0.03) }

    @Test("the fixture has its four studies")
    func fixturePresent() throws {
        #expect(try Self.cases.map(\.name) == ["numeric", "mixed", "integer", "knn_diabetes"])
    }

    @Test("importances within max(3σ, 0.03) of Optuna's mean, ranked as Optuna ranks them", arguments: try cases)
    func importances(_ fixture: FixtureCase) throws {
        let study = try FANOVAStudy(fixture)
        for seed: UInt64 in [2026, 7, 11] {
            let ours = try FANOVA.importances(
                dimensions: study.dimensions, rows: study.rows, scores: study.values, seed: seed)
            #expect(ours.count == study.dimensions.count)
            #expect(abs(ours.reduce(0, +) - 1) < 1e-12)
            for (index, dimension) in study.dimensions.enumerated() {
                let allowed = Self.allowance(spread: study.spread[index])
                #expect(
                    abs(ours[index] - study.mean[index]) <= allowed,
                    """
                    seed \(seed), '\(dimension.name)': ours \(ours[index]), Optuna's mean \(study.mean[index]) \
                    (seeds \(study.minimum[index])…\(study.maximum[index])), allowed ±\(allowed)
                    """)
            }
            let differences = zip(ours, study.mean).map { String(format: "%+.4f", $0 - $1) }
            print("\(fixture.name) seed \(seed): ours minus Optuna's mean \(differences.joined(separator: " "))")
            let ranking = study.dimensions.indices.sorted { ours[$0] > ours[$1] }.map { study.dimensions[$0].name }
            #expect(ranking == study.ranking, "seed \(seed): ours \(ours)")
        }
    }

    @Test(
        "on Optuna's own trees, the tree variance and every marginal variance match _FanovaTree", arguments: try cases)
    func decomposition(_ fixture: FixtureCase) throws {
        let study = try FANOVAStudy(fixture)
        try #require(!study.trees.isEmpty)
        let bounds = study.dimensions.flatMap(\.columnBounds)
        var groups: [Range<Int>] = []
        for dimension in study.dimensions {
            let start = groups.last?.upperBound ?? 0
            groups.append(start..<(start + dimension.columnCount))
        }
        for (index, json) in study.trees.enumerated() {
            let table = TreeNodeTable(
                feature: try json.member("feature").ints(), threshold: try json.member("threshold").doubles(),
                left: try json.member("left").ints(), right: try json.member("right").ints(),
                value: try json.member("value").doubles())
            let tree = FanovaTree(table, bounds: bounds)
            let variance = Closeness(
                tree.variance, reference: try json.member("variance").double(), within: .relative(1e-9))
            #expect(variance.isClose, "tree \(index) variance: \(variance)")
            let marginals = try json.member("marginal_variances").doubles()
            for (group, reference) in zip(groups, marginals) {
                for method in [FanovaTree.MarginalMethod.grid, .pairs] {
                    let ours = tree.marginalVariance(of: group, method: method)
                    // Absolute floor: marginal variances that vanish in exact arithmetic come out near 1e-17.
                    let closeness = Closeness(
                        ours, reference: reference, within: .relative(1e-9, absolute: 1e-15 * tree.variance))
                    #expect(closeness.isClose, "tree \(index), columns \(group), \(method): \(closeness)")
                }
            }
        }
    }
}
