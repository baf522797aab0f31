import Datasets
import HyperplanCore
import HyperplanTestSupport
import Resampling
import Testing

/// Every case of `folds.json`: unshuffled `KFold` and `StratifiedKFold` must reproduce scikit-learn's
/// validation folds exactly, in scikit-learn's order.
@Suite("Unshuffled folds equal scikit-learn's")
struct FoldReferenceTests {
    @Test(
        "validation rows as in folds.json, training rows their complement",
        arguments: try ReferenceFixtures.cases("folds"))
    func matchesReference(_ fixture: FixtureCase) throws {
        let scheme = try fixture.member("scheme").string()
        let folds = try fixture.member("folds").int()
        let rowCount = try fixture.member("n").int()
        let expected = try fixture.member("test_indices").intRows()
        let options = Hyperparameters(["folds": .int(folds), "shuffle": .bool(false)])

        switch scheme {
        case "kfold":
            if let dataset = fixture.json["dataset"]?.stringValue {
                let loaded = try ReferenceDatasets.supervised(dataset)
                #expect(
                    loaded.rowCount == rowCount,
                    "builtin:\(dataset) has \(loaded.rowCount) rows, folds.json \(rowCount)")
            }
            let splits = try splitsOf(KFold(options: options), rowCount: rowCount, strata: nil)
            expectFolds(splits, equal: expected, rowCount: rowCount)
        case "stratified_kfold":
            let labels = try classLabels(of: fixture)
            #expect(labels.count == rowCount)
            // The scheme may only compare labels for equality: the sorted-label encoding of
            // `SupervisedDataset` and its reverse must give scikit-learn's first-appearance allocation alike.
            let classCount = (labels.max() ?? -1) + 1
            for strata in [labels, labels.map { classCount - 1 - $0 }] {
                let splits = try splitsOf(StratifiedKFold(options: options), rowCount: rowCount, strata: strata)
                expectFolds(splits, equal: expected, rowCount: rowCount)
            }
        default:
            Issue.record("unknown scheme '\(scheme)' in \(fixture.name)")
        }
    }

    /// Class indices of the fixture's rows: the built-in dataset's encoded target, or the synthetic labels
    /// encoded by sorted label (as `SupervisedDataset` would encode them).
    private func classLabels(of fixture: FixtureCase) throws -> [Int] {
        if let dataset = fixture.json["dataset"]?.stringValue {
            return try #require(try ReferenceDatasets.supervised(dataset).classLabels)
        }
        let labels = try fixture.member("labels").strings()
        let classes = Set(labels).sorted()
        return labels.compactMap { classes.firstIndex(of: $0) }
    }

    private func splitsOf(_ scheme: some ResamplingScheme, rowCount: Int, strata: [Int]?) throws -> [Split] {
        var generator = SeededGenerator(seed: 0, key: "unused")
        return try scheme.splits(rowCount: rowCount, strata: strata, generator: &generator)
    }

    private func expectFolds(_ splits: [Split], equal expected: [[Int]], rowCount: Int) {
        #expect(splits.count == expected.count)
        for (fold, (split, reference)) in zip(splits, expected).enumerated() {
            #expect(split.validation == reference, "validation rows of fold \(fold)")
            let inValidation = Set(reference)
            let complement = (0..<rowCount).filter { !inValidation.contains($0) }
            #expect(split.train == complement, "training rows of fold \(fold)")
        }
    }
}
