import HyperplanCore
import HyperplanTestSupport
import Metrics
import Testing

/// The binary-only metrics (`precision`, `recall`, `f1`): the positive class, the zero-division conventions
/// and NaN rather than a trap for more than two classes. Expected values are derived by hand.
@Suite("Binary precision, recall and F1")
struct BinaryMetricTests {
    private func score(_ name: String, _ truth: Targets, _ predictions: Predictions) throws -> Double {
        try #require(MetricRegistry.metric(named: name)).score(truth: truth, predictions: predictions)
    }

    @Test("only precision, recall and f1 declare that they need two classes")
    func requiresBinaryFlags() {
        let binaryOnly = MetricRegistry.all.filter(\.requiresBinary).map(\.name).sorted()
        #expect(binaryOnly == ["f1", "precision", "recall"])
    }

    @Test("class index 1 is the positive class")
    func handComputed() throws {
        // tp = 2 (rows 0, 1), fp = 2 (rows 3, 4), fn = 1 (row 2), tn = 1.
        let truth = Targets.classes([1, 1, 1, 0, 0, 0], classCount: 2)
        let predictions = Predictions.classes(labels: [1, 1, 0, 1, 1, 0], probabilities: nil)
        #expect(try score("precision", truth, predictions) == 2.0 / 4)
        #expect(try score("recall", truth, predictions) == 2.0 / 3)
        #expect(try score("f1", truth, predictions) == 4.0 / 7)
        // Swapping the class names swaps the roles: tp = 1, fp = 1, fn = 2.
        let swappedTruth = Targets.classes([0, 0, 0, 1, 1, 1], classCount: 2)
        let swapped = Predictions.classes(labels: [0, 0, 1, 0, 0, 1], probabilities: nil)
        #expect(try score("precision", swappedTruth, swapped) == 1.0 / 2)
        #expect(try score("recall", swappedTruth, swapped) == 1.0 / 3)
        #expect(try score("f1", swappedTruth, swapped) == 2.0 / 5)
    }

    @Test("0/0 counts as 0: nothing predicted positive, nothing truly positive")
    func zeroDivision() throws {
        let noPredicted = Predictions.classes(labels: [0, 0, 0], probabilities: nil)
        let truth = Targets.classes([1, 0, 1], classCount: 2)
        for name in ["precision", "recall", "f1"] { #expect(try score(name, truth, noPredicted) == 0, "\(name)") }
        let allNegative = Targets.classes([0, 0, 0], classCount: 2)
        for name in ["precision", "recall", "f1"] { #expect(try score(name, allNegative, noPredicted) == 0, "\(name)") }
    }

    @Test("more than two classes, or a label outside 0...1, gives NaN", arguments: ["precision", "recall", "f1"])
    func multiclassIsNaN(name: String) throws {
        let labels = [0, 1, 2, 1]
        #expect(try score(name, .classes(labels, classCount: 3), .classes(labels: labels, probabilities: nil)).isNaN)
        // Two declared classes, but a prediction of class 2.
        let truth = Targets.classes([0, 1, 1, 0], classCount: 2)
        #expect(try score(name, truth, .classes(labels: [0, 1, 2, 0], probabilities: nil)).isNaN)
        #expect(try score(name, truth, .classes(labels: [0, 1], probabilities: nil)).isNaN)
    }
}
