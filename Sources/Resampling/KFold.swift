package import HyperplanCore

/// k contiguous folds of near-equal size; the first `n % k` folds get one extra row.
///
/// Unshuffled, the folds are exactly scikit-learn's `KFold(n_splits=k)`. Shuffled, positions are permuted
/// with the seeded generator first (scikit-learn's own random permutation cannot be reproduced).
package struct KFold: ResamplingScheme {
    package static let name = "kfold"
    package static let summary = "k contiguous folds, each used once for validation"
    package static let schema = OptionSchema([FoldOptions.folds, FoldOptions.shuffle])
    package static let needsClasses = false

    package var folds: Int
    package var shuffle: Bool

    package init(options: Hyperparameters) {
        folds = options.int("folds") ?? 5
        shuffle = options.bool("shuffle") ?? false
    }

    package var splitCount: Int { folds }

    package func splits(rowCount: Int, strata: [Int]?, generator: inout SeededGenerator) throws(ResamplingError)
        -> [Split]
    {
        guard folds >= 2 else { throw ResamplingError("cannot make \(folds) folds; at least 2 are needed") }
        guard folds <= rowCount else {
            throw ResamplingError("cannot make \(folds) folds from \(rowCount) rows")
        }
        let order = shuffle ? generator.permutation(count: rowCount) : Array(0..<rowCount)
        var foldOf = [Int](repeating: 0, count: rowCount)
        var start = 0
        for fold in 0..<folds {
            let size = rowCount / folds + (fold < rowCount % folds ? 1 : 0)
            for position in start..<(start + size) { foldOf[order[position]] = fold }
            start += size
        }
        return Split.fromFoldAssignment(foldOf, folds: folds)
    }
}

extension Split {
    /// Splits where fold f validates on the positions assigned to f and trains on the rest.
    static func fromFoldAssignment(_ foldOf: [Int], folds: Int) -> [Split] {
        var validation = [[Int]](repeating: [], count: folds)
        for (position, fold) in foldOf.enumerated() { validation[fold].append(position) }
        return validation.map { rows in
            var inValidation = [Bool](repeating: false, count: foldOf.count)
            for row in rows { inValidation[row] = true }
            return Split(train: foldOf.indices.filter { !inValidation[$0] }, validation: rows)
        }
    }
}
