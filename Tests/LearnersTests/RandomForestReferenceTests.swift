import Datasets
import Foundation
import HyperplanCore
import HyperplanTestSupport
import Metrics
import Resampling
import Testing

@testable import Learners

/// Random forests (and trees examining a random subset of features) against scikit-learn's (`trees.json`).
@Suite("Random forests agree with scikit-learn's")
struct RandomForestReferenceTests {
    @Test("the fixture has forest and statistical cases")
    func fixtureLoads() throws {
        #expect(try TreeReference.cases("forest_exact").count == 5)
        #expect(try TreeReference.cases("statistical").count == 11)
        #expect(TreeReference.tCritical995.count == 200)
    }

    /// Small forests rebuilt from what scikit-learn drew for them: each tree's bootstrap counts (passed as row
    /// weights, as scikit-learn does) and its splitter's generator state. The forest's predictions on the
    /// training rows (averaged class fractions, or averaged values) must equal scikit-learn's to 1e-12, and
    /// every tree must have scikit-learn's node count.
    @Test("the same forest from scikit-learn's draws", arguments: try TreeReference.cases("forest_exact"))
    func sameForest(_ fixture: FixtureCase) throws {
        let (dataset, features) = try TreeReference.dataset(fixture)
        let hyperparameters = try TreeReference.hyperparameters(fixture)
        var trees: [TreeStructure] = []
        for (index, entry) in try fixture.member("trees").array().enumerated() {
            let counts = try entry.member("counts")
            let tree = try TreeReference.scikitLearnTree(
                features: features, targets: dataset.targets, hyperparameters: hyperparameters,
                autoMaxFeatures: dataset.task == .classification ? .sqrt : .all,
                seed: UInt32(try entry.member("rand_r_seed").int()),
                weights: counts.isNull ? nil : try counts.ints().map(Double.init))
            #expect(tree.nodeCount == (try entry.member("node_count").int()), "\(fixture.name) tree \(index)")
            trees.append(tree)
        }
        let predictions = FittedRandomForest(trees: trees, task: dataset.task).predict(features)
        let tolerance = Tolerance.relative(1e-12, absolute: 1e-12)
        switch predictions {
        case .classes(_, let probabilities?):
            let reference = try fixture.member("predictions").doubleRows().flatMap { $0 }
            let closeness = VectorCloseness(probabilities.storage, reference: reference, within: tolerance)
            #expect(closeness.isClose, "\(fixture.name): \(closeness)")
        case .values(let values):
            let closeness = VectorCloseness(
                values, reference: try fixture.member("predictions").doubles(), within: tolerance)
            #expect(closeness.isClose, "\(fixture.name): \(closeness)")
        default:
            Issue.record("\(fixture.name): no probabilities")
        }
    }

    /// Hyperplan's random streams cannot reproduce scikit-learn's, so the learners as users run them are
    /// compared by their cross-validation scores.
    ///
    /// For seed s = 0…9 each side gives five fold scores on the same unshuffled folds; their mean Sₛ
    /// (scikit-learn, random_state = s) or Tₛ (Hyperplan, experiment seed s) is one draw of the learner's
    /// expected CV score, the folds being common to both sides. The two samples of ten means are compared with
    /// Welch's two-sample t-test: t = (S̄ − T̄) / √(s²_S/10 + s²_T/10) with sample variances (n − 1), whose
    /// null distribution is Student's t with the Welch–Satterthwaite degrees of freedom
    /// ν = (s²_S/10 + s²_T/10)² / ((s²_S/10)²/9 + (s²_T/10)²/9). The implementations agree when
    /// |t| ≤ t(0.995, ⌊ν⌋) (two-sided α = 0.01; rounding ν down makes the bound slightly more lenient than exact,
    /// and the quantiles come from SciPy via the fixture).
    @Test(
        "cross-validation scores are statistically indistinguishable",
        arguments: try TreeReference.cases("statistical"))
    func comparableScores(_ fixture: FixtureCase) throws {
        let (dataset, features) = try TreeReference.dataset(fixture)
        let hyperparameters = try TreeReference.hyperparameters(fixture)
        let learner: any Learner =
            try fixture.member("model").string() == "random_forest"
            ? RandomForest(hyperparameters: hyperparameters, task: dataset.task)
            : DecisionTree(hyperparameters: hyperparameters, task: dataset.task)
        let splits = try TreeReference.folds(dataset)
        let reference = try fixture.member("scores").doubleRows().map { $0.reduce(0, +) / Double($0.count) }
        var ours: [Double] = []
        for seed in 0..<reference.count {
            var total = 0.0
            for (index, split) in splits.enumerated() {
                let model = try learner.fit(
                    features: features.selectingRows(split.train), targets: dataset.targets.selecting(split.train),
                    context: FitContext(seed: UInt64(seed), key: "fold/\(index)"))
                total += TreeReference.score(
                    dataset.targets.selecting(split.validation),
                    model.predict(features.selectingRows(split.validation)))
            }
            ours.append(total / Double(splits.count))
        }
        let test = WelchTest(reference, ours)
        let critical = try #require(TreeReference.tCritical995.dropFirst(max(Int(test.degreesOfFreedom) - 1, 0)).first)
        let summary =
            "\(fixture.name): scikit-learn mean \(test.meanA), ours \(test.meanB), t = \(test.statistic), "
            + "ν = \(test.degreesOfFreedom), critical \(critical); ours \(ours)"
        #expect(abs(test.statistic) <= critical, "\(summary)")
    }
}

/// Welch's two-sample t statistic and its Welch–Satterthwaite degrees of freedom.
struct WelchTest {
    var meanA: Double
    var meanB: Double
    var statistic: Double
    var degreesOfFreedom: Double

    init(_ a: [Double], _ b: [Double]) {
        func moments(_ values: [Double]) -> (mean: Double, varianceOfMean: Double) {
            let n = Double(values.count)
            let mean = values.reduce(0, +) / n
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            return (mean, variance / n)
        }
        let (ma, va) = moments(a), (mb, vb) = moments(b)
        meanA = ma
        meanB = mb
        let standardError = (va + vb).squareRoot()
        statistic = standardError > 0 ? (ma - mb) / standardError : (ma == mb ? 0 : .infinity)
        let denominator = va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1)
        degreesOfFreedom = denominator > 0 ? (va + vb) * (va + vb) / denominator : 1
    }
}
