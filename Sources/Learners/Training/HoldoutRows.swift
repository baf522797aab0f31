import HyperplanCore

/// The training rows set aside for early stopping: a share of the fit's own training rows (never the fold's
/// validation rows), stratified by class for classification, drawn from the fit's generator.
enum HoldoutRows {
    /// Splits rows `0..<rowCount` into rows to train on and rows to hold out, both ascending.
    ///
    /// ⌈fraction·n⌉ rows are held out, as scikit-learn's `train_test_split` counts a fractional `test_size`.
    /// With `strata`, each class contributes its share, rounded by largest remainder (ties to the smaller
    /// class index), and keeps at least one training row; the rows within a class are chosen at random.
    ///
    /// - Complexity: O(rowCount).
    static func split(rowCount: Int, strata: [Int]?, fraction: Double, generator: inout SeededGenerator) -> (
        train: [Int], heldOut: [Int]
    ) {
        guard rowCount > 1 else { return (Array(0..<rowCount), []) }
        let target = min(rowCount - 1, max(1, Int((fraction * Double(rowCount)).rounded(.up))))
        var chosen = [Bool](repeating: false, count: rowCount)
        if let strata, strata.count == rowCount {
            let classCount = (strata.max() ?? 0) + 1
            var members = [[Int]](repeating: [], count: classCount)
            for (row, label) in strata.enumerated() where label >= 0 { members[label].append(row) }
            var quotas = members.map { target * $0.count / rowCount }
            let remainders = members.indices.map { Double(target * members[$0].count % rowCount) }
            var missing = target - quotas.reduce(0, +)
            for label in members.indices.sorted(by: {
                remainders[$0] > remainders[$1] || (remainders[$0] == remainders[$1] && $0 < $1)
            }) where missing > 0 {
                quotas[label] += 1
                missing -= 1
            }
            for label in members.indices where !members[label].isEmpty {
                var rows = members[label]
                generator.shuffle(&rows)
                for row in rows.prefix(min(quotas[label], rows.count - 1)) { chosen[row] = true }
            }
        } else {
            for row in generator.permutation(count: rowCount).prefix(target) { chosen[row] = true }
        }
        var train: [Int] = []
        var heldOut: [Int] = []
        for row in 0..<rowCount {
            if chosen[row] { heldOut.append(row) } else { train.append(row) }
        }
        return (train, heldOut)
    }
}
