package import HyperplanCore

/// k folds that preserve the class proportions, for classification.
///
/// Unshuffled, the folds are exactly scikit-learn's `StratifiedKFold(n_splits=k)` (its allocation since
/// version 0.24): classes are numbered in order of first appearance, the sorted class sequence is dealt
/// round-robin to the folds to decide how many members of each class each fold gets, and each class's
/// rows, in file order, fill the folds in order. Shuffled, each class's fold assignment is shuffled with
/// the seeded generator, as scikit-learn does with its own generator.
package struct StratifiedKFold: ResamplingScheme {
    package static let name = "stratified_kfold"
    package static let summary = "k folds preserving class proportions (classification)"
    package static let schema = OptionSchema([FoldOptions.folds, FoldOptions.shuffle])
    package static let needsClasses = true

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
        guard let strata, strata.count == rowCount else {
            throw ResamplingError("stratified folds need class labels; use 'kfold' for regression")
        }
        guard folds >= 2 else { throw ResamplingError("cannot make \(folds) folds; at least 2 are needed") }
        guard folds <= rowCount else {
            throw ResamplingError("cannot make \(folds) folds from \(rowCount) rows")
        }
        // Renumber classes by first appearance, as scikit-learn does.
        var encodedOf: [Int: Int] = [:]
        var encoded = [Int](repeating: 0, count: rowCount)
        for (position, label) in strata.enumerated() {
            if encodedOf[label] == nil { encodedOf[label] = encodedOf.count }
            encoded[position] = encodedOf[label] ?? 0
        }
        let classCount = encodedOf.count
        var counts = [Int](repeating: 0, count: classCount)
        for label in encoded { counts[label] += 1 }
        if counts.allSatisfy({ $0 < folds }) {
            throw ResamplingError(
                "cannot make \(folds) stratified folds: no class has \(folds) members (largest: \(counts.max() ?? 0))")
        }
        // allocation[f][c]: members of class c in fold f, dealing the sorted labels round-robin.
        var allocation = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: folds)
        var sortedPosition = 0
        for label in 0..<classCount {
            for _ in 0..<counts[label] {
                allocation[sortedPosition % folds][label] += 1
                sortedPosition += 1
            }
        }
        var foldOf = [Int](repeating: 0, count: rowCount)
        for label in 0..<classCount {
            var foldsForClass: [Int] = []
            for fold in 0..<folds {
                foldsForClass.append(contentsOf: repeatElement(fold, count: allocation[fold][label]))
            }
            if shuffle { generator.shuffle(&foldsForClass) }
            var next = 0
            for position in 0..<rowCount where encoded[position] == label {
                foldOf[position] = foldsForClass[next]
                next += 1
            }
        }
        return Split.fromFoldAssignment(foldOf, folds: folds)
    }
}
