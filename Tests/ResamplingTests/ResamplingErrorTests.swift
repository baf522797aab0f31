import HyperplanCore
import Resampling
import Testing

/// Impossible splits are reported as `ResamplingError`s that a run can show, never as a trap.
@Suite("Resampling errors")
struct ResamplingErrorTests {
    @Test("more folds than rows", arguments: [false, true])
    func tooManyFolds(shuffle: Bool) {
        let options = Hyperparameters(["folds": .int(5), "shuffle": .bool(shuffle)])
        var generator = SeededGenerator(seed: 0, key: "cv")
        #expect(throws: ResamplingError.self) {
            try KFold(options: options).splits(rowCount: 4, strata: nil, generator: &generator)
        }
        #expect(throws: ResamplingError.self) {
            try StratifiedKFold(options: options).splits(rowCount: 4, strata: [0, 1, 0, 1], generator: &generator)
        }
    }

    @Test("stratified folds when no class has k members", arguments: [false, true])
    func noClassLargeEnough(shuffle: Bool) {
        var generator = SeededGenerator(seed: 0, key: "cv")
        let scheme = StratifiedKFold(options: Hyperparameters(["folds": .int(3), "shuffle": .bool(shuffle)]))
        let error = #expect(throws: ResamplingError.self) {
            try scheme.splits(rowCount: 6, strata: [0, 0, 1, 1, 2, 2], generator: &generator)
        }
        #expect(error?.message.contains("no class has 3 members") == true, "\(String(describing: error))")
        // One class with k members is enough (scikit-learn only warns about the others).
        #expect(throws: Never.self) {
            try scheme.splits(rowCount: 7, strata: [0, 0, 1, 1, 1, 2, 2], generator: &generator)
        }
    }

    @Test("stratified folds without class labels")
    func missingStrata() {
        var generator = SeededGenerator(seed: 0, key: "cv")
        let scheme = StratifiedKFold(options: Hyperparameters(["folds": .int(2)]))
        #expect(throws: ResamplingError.self) { try scheme.splits(rowCount: 6, strata: nil, generator: &generator) }
        #expect(throws: ResamplingError.self) { try scheme.splits(rowCount: 6, strata: [0, 1], generator: &generator) }
    }

    @Test("a holdout or test split with an empty side")
    func emptySide() {
        var generator = SeededGenerator(seed: 0, key: "split")
        #expect(throws: ResamplingError.self) {
            try Holdout(options: Hyperparameters(["validation_size": .int(10)]))
                .splits(rowCount: 10, strata: nil, generator: &generator)
        }
        // ceil(0.2 × 1) = 1 row held out leaves no training row.
        #expect(throws: ResamplingError.self) {
            try TestSplitter.split(rowCount: 1, size: .fraction(0.2), strata: nil, generator: &generator)
        }
        #expect(throws: ResamplingError.self) {
            try TestSplitter.split(rowCount: 5, size: .count(5), strata: nil, generator: &generator)
        }
    }

    @Test("a stratified test split too small to hold every class")
    func tooFewForClasses() {
        var generator = SeededGenerator(seed: 0, key: "split")
        #expect(throws: ResamplingError.self) {
            try TestSplitter.split(
                rowCount: 9, size: .count(2), strata: [0, 0, 0, 1, 1, 1, 2, 2, 2], generator: &generator)
        }
    }
}

@Suite("Fold counts below two")
struct FoldCountTests {
    @Test("k-fold schemes refuse fewer than two folds instead of dividing by zero", arguments: [0, 1])
    func tooFewFolds(_ folds: Int) {
        var generator = SeededGenerator(seed: 0, key: "folds")
        let options = Hyperparameters(["folds": .int(folds), "shuffle": .bool(false)])
        #expect(throws: ResamplingError.self) {
            try KFold(options: options).splits(rowCount: 10, strata: nil, generator: &generator)
        }
        #expect(throws: ResamplingError.self) {
            try StratifiedKFold(options: options).splits(
                rowCount: 10, strata: Array(repeating: 0, count: 10), generator: &generator)
        }
    }
}
