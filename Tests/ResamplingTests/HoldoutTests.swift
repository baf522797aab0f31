import Datasets
import HyperplanCore
import HyperplanTestSupport
import Resampling
import Testing

@Suite("Holdout")
struct HoldoutTests {
    /// Hand-computed `ceil(fraction × n)`, as scikit-learn's `train_test_split(shuffle=False)` holds out.
    static let fractions: [(fraction: Double, rows: Int, heldOut: Int)] = [
        (0.2, 150, 30), (0.25, 10, 3), (0.3, 7, 3), (0.5, 9, 5), (0.01, 50, 1), (0.9, 11, 10),
    ]

    @Test("unshuffled holdout validates on the last ceil(f·n) rows", arguments: fractions)
    func unshuffledFraction(fraction: Double, rows: Int, heldOut: Int) throws {
        let split = try onlySplit(Holdout(options: Hyperparameters(["validation_size": .double(fraction)])), rows: rows)
        #expect(split.validation == Array((rows - heldOut)..<rows))
        #expect(split.train == Array(0..<(rows - heldOut)))
    }

    @Test("an integer validation size is a row count")
    func unshuffledCount() throws {
        let split = try onlySplit(Holdout(options: Hyperparameters(["validation_size": .int(4)])), rows: 10)
        #expect(split.validation == [6, 7, 8, 9])
        #expect(split.train == Array(0..<6))
    }

    @Test("shuffled holdout is a seeded, stratified partition")
    func shuffled() throws {
        let labels = try #require(try ReferenceDatasets.supervised("iris").classLabels)
        let holdout = Holdout(options: Hyperparameters(["validation_size": .double(0.2), "shuffle": .bool(true)]))
        var generator = SeededGenerator(seed: 1, key: "holdout")
        let splits = try holdout.splits(rowCount: labels.count, strata: labels, generator: &generator)
        var again = SeededGenerator(seed: 1, key: "holdout")
        #expect(try holdout.splits(rowCount: labels.count, strata: labels, generator: &again) == splits)
        let split = try #require(splits.first)
        #expect(split.validation == split.validation.sorted())
        #expect(split.train == (0..<labels.count).filter { !split.validation.contains($0) })
        // iris has 50 rows of each class; 30 held-out rows are 10 of each.
        #expect(split.validation.count == 30)
        for label in 0..<3 {
            #expect(split.validation.filter { labels[$0] == label }.count == 10, "held-out rows of class \(label)")
        }
    }

    private func onlySplit(_ holdout: Holdout, rows: Int) throws -> Split {
        var generator = SeededGenerator(seed: 0, key: "unused")
        let splits = try holdout.splits(rowCount: rows, strata: nil, generator: &generator)
        #expect(splits.count == 1)
        return try #require(splits.first)
    }
}
