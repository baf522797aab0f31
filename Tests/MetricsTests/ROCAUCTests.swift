import HyperplanCore
import HyperplanTestSupport
import Metrics
import Testing

/// ROC AUC on hand-derived cases and against a brute-force count of ranked pairs.
@Suite("ROC AUC")
struct ROCAUCTests {
    private func auc(_ labels: [Int], _ positive: [Double], name: String = "roc_auc") throws -> Double {
        let probabilities = Matrix(rowArrays: positive.map { [1 - $0, $0] })
        let metric = try #require(MetricRegistry.metric(named: name))
        return metric.score(
            truth: .classes(labels, classCount: 2),
            predictions: .classes(labels: positive.map { $0 >= 0.5 ? 1 : 0 }, probabilities: probabilities))
    }

    @Test("perfect ranking 1, reversed 0, all scores equal ½")
    func extremes() throws {
        let labels = [0, 1, 0, 1, 1, 0]
        #expect(try auc(labels, [0.1, 0.8, 0.2, 0.9, 0.7, 0.3]) == 1)
        #expect(try auc(labels, [0.9, 0.2, 0.8, 0.1, 0.3, 0.7]) == 0)
        #expect(try auc(labels, [0.4, 0.4, 0.4, 0.4, 0.4, 0.4]) == 0.5)
    }

    @Test("a tied (positive, negative) pair counts ½")
    func ties() throws {
        // Positives score 0.3, 0.7, 0.5; negatives 0.3, 0.5, 0.1. Correct pairs: 1.5 + 3 + 2.5 of 9.
        let labels = [0, 1, 0, 1, 1, 0]
        let scores = [0.3, 0.3, 0.5, 0.7, 0.5, 0.1]
        #expect(try auc(labels, scores) == 7.0 / 9)
        #expect(try auc(labels, scores, name: "roc_auc_ovr") == 7.0 / 9)
        // Rows in another order, scores through a monotone map: the same value.
        let permutation = [4, 2, 0, 5, 1, 3]
        #expect(try auc(permutation.map { labels[$0] }, permutation.map { scores[$0] * scores[$0] }) == 7.0 / 9)
    }

    @Test("one-vs-rest macro average: class AUCs 1, ½ and ¾")
    func oneVsRest() throws {
        // Class 0 holds 0.6 exactly on its rows (AUC 1); class 1's column is constant (½); class 2's rows hold
        // 0.6, as do class 1's, against 0.2 on class 0's: each positive wins 2 and ties 2 of 4 (¾).
        let labels = [0, 1, 2, 0, 1, 2]
        let probabilities = Matrix(rowArrays: labels.map { $0 == 0 ? [0.6, 0.2, 0.2] : [0.2, 0.2, 0.6] })
        let predictions = Predictions.classes(labels: labels, probabilities: probabilities)
        for name in ["roc_auc", "roc_auc_ovr"] {
            let metric = try #require(MetricRegistry.metric(named: name))
            #expect(metric.score(truth: .classes(labels, classCount: 3), predictions: predictions) == 0.75)
        }
    }

    @Test("undefined cases give NaN")
    func undefined() throws {
        // One class only in the truth.
        #expect(try auc([1, 1, 1], [0.2, 0.5, 0.9]).isNaN)
        #expect(try auc([0, 0], [0.2, 0.5]).isNaN)
        // A NaN score.
        #expect(try auc([0, 1, 0], [0.2, .nan, 0.1]).isNaN)
        let metric = try #require(MetricRegistry.metric(named: "roc_auc"))
        // No probabilities.
        let labelsOnly = Predictions.classes(labels: [0, 1], probabilities: nil)
        #expect(metric.score(truth: .classes([0, 1], classCount: 2), predictions: labelsOnly).isNaN)
        // Three classes, but class 2 absent from this fold's truth.
        let probabilities = Matrix(rowArrays: [[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.6, 0.2, 0.2]])
        let three = Predictions.classes(labels: [0, 1, 0], probabilities: probabilities)
        #expect(metric.score(truth: .classes([0, 1, 0], classCount: 3), predictions: three).isNaN)
        // A label outside the classes, and a probability matrix of the wrong width.
        #expect(metric.score(truth: .classes([0, 1, 3], classCount: 3), predictions: three).isNaN)
        #expect(metric.score(truth: .classes([0, 1, 1], classCount: 2), predictions: three).isNaN)
        // Regression inputs.
        #expect(metric.score(truth: .values([0, 1]), predictions: .values([0, 1])).isNaN)
    }

    @Test("equals the brute-force pair count on random tied scores", arguments: [2, 17, 500])
    func bruteForce(count: Int) throws {
        var generator = SeededGenerator(seed: 7, key: "roc-auc-test/\(count)")
        var labels: [Int] = []
        var scores: [Double] = []
        while Set(labels).count < 2 || labels.count < count {
            if labels.count == count { labels.removeAll(); scores.removeAll() }
            let label = generator.nextInt(below: 2)
            labels.append(label)
            // A grid of 11 values, so ties are frequent; positives lean higher.
            scores.append(Double(min(10, generator.nextInt(below: 8) + 3 * label)) / 10)
        }
        var twiceCorrect = 0
        var pairs = 0
        for i in labels.indices where labels[i] == 1 {
            for j in labels.indices where labels[j] == 0 {
                pairs += 1
                if scores[i] > scores[j] { twiceCorrect += 2 } else if scores[i] == scores[j] { twiceCorrect += 1 }
            }
        }
        let expected = Double(twiceCorrect) / Double(2 * pairs)
        #expect(try auc(labels, scores) == expected)
    }
}
