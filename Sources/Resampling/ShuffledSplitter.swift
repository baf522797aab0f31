package import HyperplanCore

/// A random split holding out a given number of rows, stratified when class labels are given.
///
/// Stratification follows scikit-learn's `StratifiedShuffleSplit`: each class keeps its share of the
/// train side (floor of the exact share, the remainder going to the classes with the largest fractional
/// parts, ties broken by the seeded generator), then of the held-out side from what is left. The random
/// draws come from the seeded generator, so the rows chosen differ from scikit-learn's.
package enum ShuffledSplitter {
    /// Returns `(train, heldOut)` positions, each sorted ascending.
    package static func split(rowCount: Int, heldOut: Int, strata: [Int]?, generator: inout SeededGenerator)
        throws(ResamplingError) -> (train: [Int], heldOut: [Int])
    {
        guard heldOut >= 1, heldOut < rowCount else {
            throw ResamplingError("cannot hold out \(heldOut) of \(rowCount) rows")
        }
        guard let strata else {
            let order = generator.permutation(count: rowCount)
            return (order[heldOut...].sorted(), order[..<heldOut].sorted())
        }
        let classCount = (strata.max() ?? -1) + 1
        var members = [[Int]](repeating: [], count: classCount)
        for (position, label) in strata.enumerated() { members[label].append(position) }
        let counts = members.map(\.count)
        let present = counts.filter { $0 > 0 }.count
        let trainCount = rowCount - heldOut
        guard heldOut >= present, trainCount >= present else {
            throw ResamplingError(
                "a stratified split needs at least one row of each of the \(present) classes on both sides; "
                    + "\(trainCount) train and \(heldOut) held-out rows are too few")
        }
        let trainShare = approximateMode(counts: counts, draws: trainCount, generator: &generator)
        let remaining = zip(counts, trainShare).map { $0 - $1 }
        let heldShare = approximateMode(counts: remaining, draws: heldOut, generator: &generator)
        var train: [Int] = []
        var held: [Int] = []
        for label in 0..<classCount where !members[label].isEmpty {
            var rows = members[label]
            generator.shuffle(&rows)
            train.append(contentsOf: rows[0..<trainShare[label]])
            held.append(contentsOf: rows[trainShare[label]..<(trainShare[label] + heldShare[label])])
        }
        return (train.sorted(), held.sorted())
    }

    /// The most likely per-class counts when drawing `draws` of `counts.sum` without replacement.
    static func approximateMode(counts: [Int], draws: Int, generator: inout SeededGenerator) -> [Int] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts.map { _ in 0 } }
        let exact = counts.map { Double($0) * Double(draws) / Double(total) }
        var floors = exact.map { Int($0.rounded(.down)) }
        var need = draws - floors.reduce(0, +)
        let remainders = exact.enumerated().map { ($0.offset, $0.element - $0.element.rounded(.down)) }
        // Largest remainders first; among equal remainders, a seeded random order.
        let distinctRemainders = Set(remainders.map(\.1)).sorted(by: >)
        for value in distinctRemainders where need > 0 {
            var tied = remainders.filter { $0.1 == value && floors[$0.0] < counts[$0.0] }.map(\.0)
            generator.shuffle(&tied)
            for label in tied.prefix(need) {
                floors[label] += 1
                need -= 1
            }
        }
        return floors
    }
}

/// The final test split of `dataset.test_size`: rows no trial ever sees.
package enum TestSplitter {
    /// Splits `0..<rowCount` into `(train, test)`, stratified when `strata` is given.
    package static func split(rowCount: Int, size: SplitSize, strata: [Int]?, generator: inout SeededGenerator)
        throws(ResamplingError) -> (train: [Int], test: [Int])
    {
        let testCount = try size.count(of: rowCount, purpose: "test")
        let result = try ShuffledSplitter.split(
            rowCount: rowCount, heldOut: testCount, strata: strata, generator: &generator)
        return (result.train, result.heldOut)
    }
}
