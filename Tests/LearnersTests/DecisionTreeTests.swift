import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

@testable import Learners

/// Small trees whose splits are derived by hand, the options, and the fits that must fail.
@Suite("Decision trees on hand-derived cases")
struct DecisionTreeTests {
    static let context = FitContext(seed: 0, key: "fit")

    static func tree(_ options: [String: ParameterValue], task: TaskKind = .classification) -> DecisionTree {
        DecisionTree(hyperparameters: Hyperparameters(options), task: task)
    }

    static func fit(_ learner: DecisionTree, x: [Double], classes y: [Int], classCount: Int) throws
        -> FittedDecisionTree
    {
        try #require(
            try learner.fit(
                features: Matrix(rows: x.count, columns: 1, storage: x), targets: .classes(y, classCount: classCount),
                context: context) as? FittedDecisionTree)
    }

    /// x = 1…6 with classes 0 0 1 2 0 2. Weighted child impurity of the split after the first k rows
    /// (threshold k + 0.5):
    ///
    /// | k | gini | entropy (bits) |
    /// |---|---|---|
    /// | 1 | 5/6 · (1 − (4+1+4)/25) = 8/15 | 5/6 · H(2,1,2) = 1.2683 |
    /// | 2 | 4/6 · (1 − (1+1+4)/16) = 5/12 | 4/6 · H(1,1,2) = 4/6 · 1.5 = 1 |
    /// | 3 | 3/6 · 4/9 + 3/6 · 4/9 = 4/9 | H(2,1) = 0.9183 |
    /// | 4 | 4/6 · (1 − (4+1+1)/16) + 0 = 7/12 | 4/6 · 1.5 + 2/6 · 1 = 1.3333 |
    /// | 5 | 5/6 · (1 − (9+1+1)/25) = 7/15 | 5/6 · H(3,1,1) = 1.1425 |
    ///
    /// Gini is lowest at k = 2 (threshold 2.5), entropy at k = 3 (threshold 3.5).
    static let x: [Double] = [1, 2, 3, 4, 5, 6]
    static let y = [0, 0, 1, 2, 0, 2]

    @Test("gini picks the hand-derived split 2.5")
    func giniSplit() throws {
        let model = try Self.fit(Self.tree(["max_depth": .int(1)]), x: Self.x, classes: Self.y, classCount: 3)
        let tree = model.tree
        #expect(tree.nodeCount == 3)
        #expect(tree.nodes[0].feature == 0 && tree.nodes[0].threshold == 2.5)
        // Root: counts (3, 1, 2), gini 1 − (9 + 1 + 4)/36 = 11/18.
        #expect(Closeness(tree.impurity[0], reference: 11.0 / 18, within: .absolute(1e-15)).isClose)
        #expect(Array(tree.values[3..<6]) == [1, 0, 0])
        #expect(Array(tree.values[6..<9]) == [0.25, 0.25, 0.5])
        #expect(Closeness(tree.impurity[2], reference: 5.0 / 8, within: .absolute(1e-15)).isClose)
        // x = 3 falls right: probabilities (1/4, 1/4, 1/2), label 2.
        guard case .classes(let labels, let probabilities?) = model.predict(Matrix(rowArrays: [[3], [2]])) else {
            Issue.record("expected class probabilities")
            return
        }
        #expect(labels == [2, 0])
        #expect(probabilities.row(0) == [0.25, 0.25, 0.5])
    }

    @Test("entropy picks the hand-derived split 3.5")
    func entropySplit() throws {
        for name in ["entropy", "log_loss"] {
            let model = try Self.fit(
                Self.tree(["max_depth": .int(1), "criterion": .string(name)]), x: Self.x, classes: Self.y,
                classCount: 3)
            let tree = model.tree
            #expect(tree.nodes[0].threshold == 3.5, "\(name)")
            // Root: fractions (1/2, 1/6, 1/3); −Σ p log₂ p = 1.4591479170272448.
            let half: Double = 0.5 * Foundation.log2(0.5)
            let sixth: Double = Foundation.log2(1.0 / 6) / 6
            let third: Double = Foundation.log2(1.0 / 3) / 3
            let root = -(half + sixth + third)
            #expect(Closeness(tree.impurity[0], reference: root, within: .absolute(1e-15)).isClose)
            let left: [Double] = [2.0 / 3, 1.0 / 3, 0]
            #expect(Array(tree.values[3..<6]) == left)
        }
    }

    @Test("min_samples_leaf restricts the split positions")
    func minSamplesLeaf() throws {
        // With 3 rows per child only k = 3 is allowed: gini 4/9, threshold 3.5 (not the unrestricted 2.5).
        let three = try Self.fit(Self.tree(["min_samples_leaf": .int(3)]), x: Self.x, classes: Self.y, classCount: 3)
        #expect(three.tree.nodes[0].threshold == 3.5)
        #expect(three.nodeCount == 3, "children of 3 rows cannot be split into leaves of 3")
        // With 4 rows per child no split of 6 rows is allowed: a single leaf with the class fractions.
        let four = try Self.fit(Self.tree(["min_samples_leaf": .int(4)]), x: Self.x, classes: Self.y, classCount: 3)
        #expect(four.nodeCount == 1)
        #expect(four.tree.values == [0.5, 1.0 / 6, 1.0 / 3])
        // A fraction is rounded up: ⌈0.5 × 6⌉ = 3 rows.
        let fraction = try Self.fit(
            Self.tree(["min_samples_leaf": .double(0.5)]), x: Self.x, classes: Self.y, classCount: 3)
        #expect(fraction.tree.nodes[0].threshold == 3.5 && fraction.nodeCount == 3)
    }

    @Test("pure nodes are leaves and growth stops when every leaf is pure")
    func pureNodes() throws {
        let single = try Self.fit(Self.tree([:]), x: [1, 2, 3], classes: [1, 1, 1], classCount: 2)
        #expect(single.nodeCount == 1 && single.tree.values == [0, 1])
        // Unlimited depth on the 6 rows: every leaf ends pure, and no pure node was split.
        let full = try Self.fit(Self.tree([:]), x: Self.x, classes: Self.y, classCount: 3)
        let tree = full.tree
        for node in 0..<tree.nodeCount {
            let values = tree.values[(node * 3)..<(node * 3 + 3)]
            let isPure = values.contains(1)
            #expect(isPure == (tree.nodes[node].left < 0), "node \(node): \(Array(values))")
        }
    }

    @Test("min_samples_split and max_depth stop growth")
    func growthLimits() throws {
        let split = try Self.fit(
            Self.tree(["min_samples_split": .int(7)]), x: Self.x, classes: Self.y, classCount: 3)
        #expect(split.nodeCount == 1)
        let depth = try Self.fit(Self.tree(["max_depth": .int(2)]), x: Self.x, classes: Self.y, classCount: 3)
        #expect(depth.depth == 2)
        // A weighted impurity decrease of 7/36 (gini) at the root is below 0.2: no split.
        let decrease = try Self.fit(
            Self.tree(["min_impurity_decrease": .double(0.2)]), x: Self.x, classes: Self.y, classCount: 3)
        #expect(decrease.nodeCount == 1)
        let enough = try Self.fit(
            Self.tree(["min_impurity_decrease": .double(0.19), "max_depth": .int(1)]), x: Self.x, classes: Self.y,
            classCount: 3)
        #expect(enough.nodeCount == 3)
    }

    @Test("max_leaf_nodes grows the best splits first")
    func bestFirst() throws {
        // Root splits at 2.5; of its children only the right one (classes 1 2 0 2) is impure, so a third leaf
        // comes from splitting it, whatever its split is.
        let model = try Self.fit(Self.tree(["max_leaf_nodes": .int(3)]), x: Self.x, classes: Self.y, classCount: 3)
        #expect(model.leafCount == 3 && model.nodeCount == 5)
        #expect(model.tree.nodes[1].left < 0 && model.tree.nodes[2].left >= 0)
    }

    @Test("squared and absolute error on a regression toy")
    func regression() throws {
        // y = 1, 2, 10, 11, 30 at x = 1…5. Squared error: the split after k rows leaves a sum of squared
        // deviations of k=1: 0 + SSE(2,10,11,30) = 422.75; k=2: 0.5 + SSE(10,11,30) = 254.5;
        // k=3: SSE(1,2,10) + SSE(11,30) = 48.67 + 180.5 = 229.17; k=4: SSE(1,2,10,11) + 0 = 82. Best k = 4.
        let x: [Double] = [1, 2, 3, 4, 5], y: [Double] = [1, 2, 10, 11, 30]
        let features = Matrix(rows: 5, columns: 1, storage: x)
        let squared = try #require(
            try Self.tree(["max_depth": .int(1)], task: .regression)
                .fit(features: features, targets: .values(y), context: Self.context) as? FittedDecisionTree)
        #expect(squared.tree.nodes[0].threshold == 4.5)
        #expect(squared.tree.values == [54.0 / 5, 6, 30])
        // Root impurity: mean of squares 1126/5 minus the squared mean (54/5)², 108.56.
        #expect(
            Closeness(squared.tree.impurity[0], reference: 1126.0 / 5 - 54.0 * 54 / 25, within: .relative(1e-14))
                .isClose)
        // Absolute error: Σ|y − median| of each side, k=1: 0 + (8.5 + 0.5 + 0.5 + 19.5) = 29;
        // k=2: (0.5 + 0.5) + (1 + 0 + 19) = 21; k=3: (1 + 0 + 8) + 19 = 28; k=4: (5 + 4 + 4 + 5) + 0 = 18.
        // Best k = 4 again; leaves predict medians 6 (midpoint of 2 and 10) and 30; the root's median is 10.
        let absolute = try #require(
            try Self.tree(["max_depth": .int(1), "criterion": .string("absolute_error")], task: .regression)
                .fit(features: features, targets: .values(y), context: Self.context) as? FittedDecisionTree)
        #expect(absolute.tree.nodes[0].threshold == 4.5)
        #expect(absolute.tree.values == [10, 6, 30])
        // Root: Σ|y − 10| / 5 = (9 + 8 + 0 + 1 + 20)/5 = 7.6.
        #expect(Closeness(absolute.tree.impurity[0], reference: 7.6, within: .absolute(1e-14)).isClose)
        guard case .values(let predicted) = absolute.predict(Matrix(rowArrays: [[0], [4.4], [4.6]])) else {
            Issue.record("expected values")
            return
        }
        #expect(predicted == [6, 6, 30])
    }

    @Test("thresholds are midpoints of single-precision values, as scikit-learn's")
    func singlePrecision() throws {
        let model = try Self.fit(Self.tree([:]), x: [0.1, 0.2], classes: [0, 1], classCount: 2)
        let expected = Double(Float(0.1)) / 2 + Double(Float(0.2)) / 2
        #expect(model.tree.nodes[0].threshold == expected && expected != 0.15)
        // Values within 1e-7 of each other (in single precision) count as one value: no split.
        let close = try Self.fit(Self.tree([:]), x: [0.5, 0.50000003], classes: [0, 1], classCount: 2)
        #expect(close.nodeCount == 1)
    }

    @Test("ties go to the first class")
    func argmaxTies() throws {
        let model = try Self.fit(Self.tree([:]), x: [1, 1], classes: [1, 0], classCount: 2)
        guard case .classes(let labels, _) = model.predict(Matrix(rowArrays: [[1]])) else {
            Issue.record("expected classes")
            return
        }
        #expect(labels == [0])
    }

    @Test("a missing value at prediction goes to the child with more training rows")
    func missingValues() throws {
        // Split at 4.5: 4 rows left (class 0), 2 right (class 1).
        let model = try Self.fit(
            Self.tree([:]), x: Self.x, classes: [0, 0, 0, 0, 1, 1], classCount: 2)
        #expect(model.tree.nodes[0].threshold == 4.5 && model.tree.nodes[0].missingGoesLeft)
        // Split at 2.5: 2 rows left (class 0), 4 right (class 1): missing values go right.
        let other = try Self.fit(
            Self.tree([:]), x: Self.x, classes: [0, 0, 1, 1, 1, 1], classCount: 2)
        #expect(!other.tree.nodes[0].missingGoesLeft)
        guard case .classes(let left, _) = model.predict(Matrix(rowArrays: [[.nan]])),
            case .classes(let right, _) = other.predict(Matrix(rowArrays: [[.nan]]))
        else {
            Issue.record("expected classes")
            return
        }
        #expect(left == [0] && right == [1])
    }

    @Test("fits that cannot succeed fail with a reason")
    func failures() {
        let features = Matrix(rowArrays: [[1, 2], [2, 1], [3, 5]])
        let classes = Targets.classes([0, 1, 0], classCount: 2)
        var bad = features
        bad[1, 1] = .nan
        #expect(throws: FitFailure.self) {
            try Self.tree([:]).fit(features: bad, targets: classes, context: Self.context)
        }
        var huge = features
        huge[0, 0] = 1e300
        #expect(throws: FitFailure.self) {
            try Self.tree([:]).fit(features: huge, targets: classes, context: Self.context)
        }
        #expect(throws: FitFailure.self) {
            try Self.tree(["criterion": .string("gini")], task: .regression)
                .fit(features: features, targets: .values([1, 2, 3]), context: Self.context)
        }
        #expect(throws: FitFailure.self) {
            try Self.tree(["criterion": .string("squared_error")])
                .fit(features: features, targets: classes, context: Self.context)
        }
        #expect(throws: FitFailure.self) {
            try Self.tree(["max_features": .int(3)]).fit(features: features, targets: classes, context: Self.context)
        }
        #expect(throws: FitFailure.self) {
            try Self.tree(["criterion": .string("poisson")], task: .regression)
                .fit(features: features, targets: .values([1, -2, 3]), context: Self.context)
        }
        #expect(throws: FitFailure.self) {
            try Self.tree([:]).fit(
                features: Matrix(rows: 0, columns: 2), targets: .classes([], classCount: 2), context: Self.context)
        }
    }

    @Test("options: defaults, task defaults and task-dependent problems")
    func options() {
        let schema = DecisionTree.schema
        #expect(
            schema.names == [
                "criterion", "max_depth", "min_samples_split", "min_samples_leaf", "max_features",
                "min_impurity_decrease", "max_leaf_nodes",
            ])
        #expect(schema["criterion"]?.defaultValue == .string("auto"))
        #expect(
            schema["min_samples_split"]?.kind.problem(with: .int(1)) != nil,
            "1 is neither a count ≥ 2 nor a fraction < 1")
        #expect(schema["min_samples_split"]?.kind.problem(with: .double(0.5)) == nil)
        #expect(schema["min_samples_leaf"]?.kind.problem(with: .double(0.6)) != nil)
        #expect(schema["max_features"]?.kind.canonical(.int(1)) == .int(1), "an integer is a count")
        #expect(schema["max_depth"]?.kind.problem(with: .string("none")) == nil)
        #expect(DecisionTree.taskDefaults(for: .regression) == ["criterion": .string("squared_error")])
        let gini = Hyperparameters(["criterion": .string("gini")])
        #expect(
            DecisionTree.problems(with: gini, given: ["criterion"], task: .regression).map(\.option) == ["criterion"])
        #expect(DecisionTree.problems(with: gini, given: ["criterion"], task: .classification).isEmpty)
        #expect(DecisionTree(hyperparameters: Hyperparameters(), task: .regression).growth.criterion == .squaredError)
        #expect(DecisionTree(hyperparameters: Hyperparameters(), task: .classification).growth.criterion == .gini)
    }

    @Test("the tree in model.json")
    func parameters() throws {
        let model = try Self.fit(Self.tree(["max_depth": .int(1)]), x: Self.x, classes: Self.y, classCount: 3)
        let json = model.parameters
        #expect(json["left"] == .array([.int(1), .int(-1), .int(-1)]))
        #expect(json["feature"] == .array([.int(0), .int(-1), .int(-1)]))
        #expect(json["threshold"] == .array([.double(2.5), .null, .null]))
        #expect(json["n_samples"] == .array([.int(6), .int(2), .int(4)]))
        #expect(json["value"]?.arrayValue?.count == 3)
        #expect(json["weighted_n_samples"] == nil)
    }
}
