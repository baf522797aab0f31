import Datasets
import HyperplanCore
import HyperplanTestSupport
import Metrics
import Resampling
import Testing

@testable import Learners

/// scikit-learn's splitter generator (`our_rand_r` in `sklearn/utils/_random.pxd`, a 32-bit xorshift) and its
/// `rand_int(low, high) = low + our_rand_r() % (high - low)`, so a test can draw features in exactly the
/// order scikit-learn draws them for a given seed.
struct ScikitLearnSampler: FeatureSampler {
    var state: UInt32

    mutating func index(below bound: Int) -> Int {
        if state == 0 { state = 1 }
        state ^= state << 13
        state ^= state >> 17
        state ^= state << 5
        return Int(state % 0x8000_0000) % bound
    }
}

/// What tree and forest tests read from `trees.json` and the built-in datasets.
enum TreeReference {
    /// The state scikit-learn's splitter seeds its generator with for `random_state=0`.
    static let randomState0Seed = UInt32(
        (try? ReferenceFixtures.load("trees").member("rand_r_seed_random_state_0").int()) ?? 0)

    /// Student's t quantiles t(0.995, df) for df = 1…200 (SciPy's, from the fixture): entry df − 1.
    static let tCritical995 = (try? ReferenceFixtures.load("trees").member("t_critical_0995").doubles()) ?? []

    /// The cases of one `kind` ("structure", "forest_exact", "statistical"); none is an error.
    static func cases(_ kind: String) throws -> [FixtureCase] {
        try ReferenceFixtures.cases("trees", kind: kind)
    }

    /// The case's hyperparameters as Hyperplan options: JSON null (scikit-learn's None) is `none`.
    static func hyperparameters(_ fixture: FixtureCase) throws -> Hyperparameters {
        guard let members = try fixture.member("hyperparameters").objectValue else {
            throw FixtureError("\(fixture.name): hyperparameters is not an object")
        }
        var result = Hyperparameters()
        for (name, value) in members {
            switch value {
            case .null: result[name] = .string("none")
            case .int(let number): result[name] = .int(number)
            case .double(let number): result[name] = .double(number)
            case .string(let text): result[name] = .string(text)
            case .bool(let flag): result[name] = .bool(flag)
            default: throw FixtureError("\(fixture.name): unexpected value for \(name)")
            }
        }
        return result
    }

    /// The built-in dataset of a case with its raw numeric features.
    static func dataset(_ fixture: FixtureCase) throws -> (dataset: SupervisedDataset, features: Matrix) {
        let dataset = try ReferenceDatasets.supervised(try fixture.member("dataset").string())
        return (dataset, try ReferenceDatasets.numericFeatures(of: dataset))
    }

    /// Unshuffled stratified 5-fold splits for classification, 5-fold splits for regression.
    static func folds(_ dataset: SupervisedDataset) throws -> [Split] {
        let options = Hyperparameters(["folds": .int(5), "shuffle": .bool(false)])
        var generator = SeededGenerator(seed: 0, key: "cv")
        if dataset.task == .classification {
            return try StratifiedKFold(options: options)
                .splits(rowCount: dataset.rowCount, strata: dataset.classLabels, generator: &generator)
        }
        return try KFold(options: options).splits(rowCount: dataset.rowCount, strata: nil, generator: &generator)
    }

    /// Accuracy for classification, R² for regression: the scores the fixture records.
    static func score(_ truth: Targets, _ predictions: Predictions) -> Double {
        switch truth {
        case .classes: return Accuracy().score(truth: truth, predictions: predictions)
        case .values: return R2Score().score(truth: truth, predictions: predictions)
        }
    }

    /// A tree grown through the builder with scikit-learn's feature draws (random order at every node, its
    /// generator seeded with `seed`), on every row of `features` with `weights` (nil for 1 each).
    static func scikitLearnTree(
        features: Matrix, targets: Targets, hyperparameters: Hyperparameters, autoMaxFeatures: FeatureShare = .all,
        seed: UInt32, weights: [Double]? = nil
    ) throws -> TreeStructure {
        let growth = TreeGrowth(hyperparameters: hyperparameters, task: targets.task, autoMaxFeatures: autoMaxFeatures)
        let data = try TreeFitting.prepare(
            features: features, targets: targets, criterion: growth.criterion, learner: "test")
        let limits = try growth.resolved(rowCount: data.rowCount, featureCount: data.featureCount)
        let rows = (0..<data.rowCount).filter { row in weights.map { $0[row] > 0 } ?? true }.map { Int32($0) }
        var sampler = ScikitLearnSampler(state: seed)
        return TreeBuilder.grow(
            data: data, criterion: growth.criterion, rows: rows, weights: weights, limits: limits,
            sampler: &sampler, drawsEveryOrder: true)
    }

    /// Differences between a fitted tree and a fixture tree (empty when they are the same tree): the same
    /// children, features and sample counts at every node, thresholds within 1e-12 relative, values within
    /// 1e-12 relative (1e-12 absolute for class fractions), impurities within 1e-9 relative or 1e-9 of the
    /// root's impurity.
    static func differences(_ tree: TreeStructure, reference: JSONValue) throws -> [String] {
        let left = try reference.member("left").ints(), right = try reference.member("right").ints()
        let feature = try reference.member("feature").ints()
        let samples = try reference.member("n_samples").ints()
        let impurity = try reference.member("impurity").doubles()
        let thresholds = try reference.member("threshold").array()
        let valueRows: [[Double]]
        if tree.valueWidth == 1 {
            valueRows = try reference.member("value").doubles().map { [$0] }
        } else {
            valueRows = try reference.member("value").doubleRows()
        }
        guard tree.nodeCount == left.count else {
            return ["\(tree.nodeCount) nodes, the reference has \(left.count)"]
        }
        var problems: [String] = []
        let impurityTolerance = Tolerance.relative(1e-9, absolute: 1e-9 * abs(impurity.first ?? 1))
        let valueTolerance = Tolerance.relative(1e-12, absolute: tree.valueWidth > 1 ? 1e-12 : 0)
        for node in 0..<tree.nodeCount where problems.count < 5 {
            let ours = tree.nodes[node]
            if Int(ours.left) != left[node] || Int(ours.right) != right[node] {
                problems.append("node \(node): children \(ours.left), \(ours.right) vs \(left[node]), \(right[node])")
                continue
            }
            if Int(ours.feature) != feature[node] {
                problems.append("node \(node): feature \(ours.feature) vs \(feature[node])")
            }
            if ours.left >= 0 {
                let threshold = Closeness(
                    ours.threshold, reference: try thresholds[node].double(), within: .relative(1e-12))
                if !threshold.isClose { problems.append("node \(node): threshold \(threshold)") }
            }
            if tree.sampleCounts[node] != samples[node] {
                problems.append("node \(node): \(tree.sampleCounts[node]) samples vs \(samples[node])")
            }
            let values = Array(tree.values[(node * tree.valueWidth)..<((node + 1) * tree.valueWidth)])
            let value = VectorCloseness(values, reference: valueRows[node], within: valueTolerance)
            if !value.isClose { problems.append("node \(node): value \(value)") }
            let nodeImpurity = Closeness(tree.impurity[node], reference: impurity[node], within: impurityTolerance)
            if !nodeImpurity.isClose { problems.append("node \(node): impurity \(nodeImpurity)") }
        }
        return problems
    }
}
