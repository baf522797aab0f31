/// Counts of (true class, predicted class) pairs, in one flat buffer.
struct ConfusionMatrix {
    let classCount: Int
    private var counts: [Int]

    init(truth: [Int], predicted: [Int], classCount: Int) {
        let size = max(classCount, (truth.max() ?? -1) + 1, (predicted.max() ?? -1) + 1)
        self.classCount = size
        counts = [Int](repeating: 0, count: size * size)
        for (actual, guess) in zip(truth, predicted) where actual >= 0 && guess >= 0 {
            counts[actual * size + guess] += 1
        }
    }

    subscript(actual: Int, predicted: Int) -> Int { counts[actual * classCount + predicted] }

    /// Rows whose true class is `label`.
    func support(_ label: Int) -> Int {
        var total = 0
        for predicted in 0..<classCount { total += self[label, predicted] }
        return total
    }

    /// Rows predicted as `label`.
    func predictedCount(_ label: Int) -> Int {
        var total = 0
        for actual in 0..<classCount { total += self[actual, label] }
        return total
    }

    /// Classes that occur among the true or the predicted labels (scikit-learn's `unique_labels`).
    var occurringLabels: [Int] {
        (0..<classCount).filter { support($0) > 0 || predictedCount($0) > 0 }
    }
}
