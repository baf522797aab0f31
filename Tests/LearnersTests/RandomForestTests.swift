import HyperplanCore
import HyperplanTestSupport
import Testing

@testable import Learners

/// Random forest streams, options and model.json.
@Suite("Random forests")
struct RandomForestTests {
    /// 40 rows, 4 features: the class is whether the first two features sum above 1, the others are noise.
    static let features: Matrix = {
        var generator = SeededGenerator(seed: 7, key: "forest-test-data")
        var matrix = Matrix(rows: 40, columns: 4)
        for row in 0..<40 {
            for column in 0..<4 { matrix[row, column] = generator.nextUnitInterval() }
        }
        return matrix
    }()
    static let targets = Targets.classes(
        (0..<40).map { features[$0, 0] + features[$0, 1] > 1 ? 1 : 0 }, classCount: 2)

    static func forest(_ options: [String: ParameterValue]) throws -> FittedRandomForest {
        try #require(
            try RandomForest(hyperparameters: Hyperparameters(options), task: .classification)
                .fit(features: features, targets: targets, context: FitContext(seed: 3, key: "fit"))
                as? FittedRandomForest)
    }

    @Test("tree i depends on its own stream only, not on the number of trees")
    func treeStreams() throws {
        let three = try Self.forest(["n_estimators": .int(3)])
        let five = try Self.forest(["n_estimators": .int(5)])
        #expect(three.trees == Array(five.trees.prefix(3)))
        #expect(Set(five.trees).count == 5, "bootstrap samples differ between trees")
        let again = try Self.forest(["n_estimators": .int(5)])
        #expect(again.trees == five.trees)
        #expect(again.parameters.canonicalString() == five.parameters.canonicalString())
        let otherSeed = try #require(
            try RandomForest(hyperparameters: Hyperparameters(["n_estimators": .int(5)]), task: .classification)
                .fit(features: Self.features, targets: Self.targets, context: FitContext(seed: 4, key: "fit"))
                as? FittedRandomForest)
        #expect(otherSeed.trees != five.trees)
    }

    @Test("without bootstrap and with every feature examined, every tree is the same")
    func deterministicTrees() throws {
        let forest = try Self.forest([
            "n_estimators": .int(4), "bootstrap": .bool(false), "max_features": .string("none"),
        ])
        #expect(Set(forest.trees).count == 1)
        let tree = try #require(
            try DecisionTree(hyperparameters: Hyperparameters(), task: .classification)
                .fit(features: Self.features, targets: Self.targets, context: FitContext(seed: 3, key: "fit"))
                as? FittedDecisionTree)
        #expect(forest.trees.first == tree.tree)
    }

    @Test("bootstrap samples are row weights; counts of distinct rows stay row counts")
    func bootstrapWeights() throws {
        let forest = try Self.forest(["n_estimators": .int(2), "max_samples": .int(30)])
        for tree in forest.trees {
            // Thirty draws: the root holds the distinct rows drawn, weighted by how often each was drawn.
            #expect(tree.weightedSampleCounts[0] == 30)
            #expect(tree.sampleCounts[0] < 30 && tree.sampleCounts[0] >= 1)
        }
        let json = forest.parameters
        #expect(json["n_estimators"] == .int(2))
        #expect(json["trees"]?.arrayValue?.first?["weighted_n_samples"] != nil)
    }

    @Test("probabilities are the mean of the trees' class fractions")
    func softVoting() throws {
        let forest = try Self.forest(["n_estimators": .int(7)])
        guard case .classes(let labels, let probabilities?) = forest.predict(Self.features) else {
            Issue.record("expected probabilities")
            return
        }
        for row in 0..<Self.features.rows {
            var sums = [0.0, 0.0]
            for tree in forest.trees {
                let single = FittedDecisionTree(tree: tree, task: .classification)
                    .predict(Matrix(rowArrays: [Self.features.row(row)]))
                if case .classes(_, let p?) = single {
                    sums[0] += p[0, 0]
                    sums[1] += p[0, 1]
                }
            }
            #expect(probabilities.row(row) == sums.map { $0 / 7 })
            #expect(labels[row] == (sums[1] > sums[0] ? 1 : 0))
        }
    }

    @Test("options: task defaults and problems")
    func options() {
        #expect(RandomForest.schema["n_estimators"]?.defaultValue == .int(100))
        #expect(RandomForest.schema["max_features"]?.defaultValue == .string("auto"))
        #expect(
            RandomForest.taskDefaults(for: .classification)
                == ["criterion": .string("gini"), "max_features": .string("sqrt")])
        #expect(
            RandomForest.taskDefaults(for: .regression)
                == ["criterion": .string("squared_error"), "max_features": .double(1)])
        let auto = RandomForest(hyperparameters: Hyperparameters(), task: .classification)
        #expect(auto.growth.maxFeatures == .sqrt && auto.treeCount == 100 && auto.bootstrap)
        #expect(RandomForest(hyperparameters: Hyperparameters(), task: .regression).growth.maxFeatures == .all)
        let noBootstrap = Hyperparameters(["bootstrap": .bool(false), "max_samples": .double(0.5)])
        #expect(
            RandomForest.problems(with: noBootstrap, given: ["bootstrap", "max_samples"]).map(\.option) == [
                "max_samples"
            ])
        let fine = Hyperparameters(["bootstrap": .bool(false), "max_samples": .string("none")])
        #expect(RandomForest.problems(with: fine, given: ["bootstrap"]).isEmpty)
        let entropy = Hyperparameters(["criterion": .string("entropy")])
        #expect(RandomForest.problems(with: entropy, given: [], task: .regression).map(\.option) == ["criterion"])
    }
}
