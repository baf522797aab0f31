import Datasets
import HyperplanCore
import HyperplanTestSupport
import Resampling
import Testing

/// The final test split: stratified shares, disjoint sorted covering sets, reproducible from seed and key.
@Suite("Test split")
struct TestSplitterTests {
    /// dog×20, cat×9, bird×5, ant×3 in a scrambled order (the `unbalanced` case of folds.json, encoded).
    static let syntheticLabels: [Int] = {
        var labels = Array(repeating: 0, count: 20) + Array(repeating: 1, count: 9)
        labels += Array(repeating: 2, count: 5) + Array(repeating: 3, count: 3)
        var generator = SeededGenerator(seed: 3, key: "synthetic labels")
        generator.shuffle(&labels)
        return labels
    }()

    static let sizes: [SplitSize] = [.fraction(0.2), .fraction(0.25), .fraction(0.5), .count(11)]

    @Test(
        "stratified test split keeps each class within floor/ceil of its exact share",
        arguments: ["iris", "wine", "breast_cancer", "penguins", "synthetic"], sizes)
    func stratifiedShares(dataset: String, size: SplitSize) throws {
        let labels = try labels(of: dataset)
        let rowCount = labels.count
        let testCount = try size.count(of: rowCount, purpose: "test")
        for seed: UInt64 in [0, 1, 2, 42] {
            var generator = SeededGenerator(seed: seed, key: "test-split")
            let (train, test) = try TestSplitter.split(
                rowCount: rowCount, size: size, strata: labels, generator: &generator)
            expectSortedDisjointCover(train: train, test: test, rowCount: rowCount)
            #expect(test.count == testCount)
            for label in Set(labels).sorted() {
                let members = labels.filter { $0 == label }.count
                let exactShare = Double(members) * Double(testCount) / Double(rowCount)
                let held = test.filter { labels[$0] == label }.count
                let allowed = Int(exactShare.rounded(.down))...Int(exactShare.rounded(.up))
                #expect(
                    allowed.contains(held),
                    "seed \(seed), class \(label): \(held) of \(members) held out, exact share \(exactShare)")
            }
        }
    }

    @Test("the test split is a function of seed and key")
    func determinism() throws {
        let labels = try labels(of: "wine")
        func split(seed: UInt64, key: String, strata: [Int]?) throws -> [Int] {
            var generator = SeededGenerator(seed: seed, key: key)
            return try TestSplitter.split(
                rowCount: labels.count, size: .fraction(0.2), strata: strata, generator: &generator
            ).test
        }
        for strata in [labels, nil] {
            let first = try split(seed: 5, key: "test-split", strata: strata)
            #expect(try split(seed: 5, key: "test-split", strata: strata) == first)
            #expect(try split(seed: 6, key: "test-split", strata: strata) != first)
            #expect(try split(seed: 5, key: "test-split/2", strata: strata) != first)
        }
    }

    @Test("an unstratified test split is a sorted disjoint cover of the requested size")
    func unstratified() throws {
        var generator = SeededGenerator(seed: 9, key: "test-split")
        let (train, test) = try TestSplitter.split(
            rowCount: 442, size: .fraction(0.2), strata: nil, generator: &generator)
        expectSortedDisjointCover(train: train, test: test, rowCount: 442)
        #expect(test.count == 89)
    }

    private func labels(of dataset: String) throws -> [Int] {
        if dataset == "synthetic" { return Self.syntheticLabels }
        return try #require(try ReferenceDatasets.supervised(dataset).classLabels)
    }

    private func expectSortedDisjointCover(train: [Int], test: [Int], rowCount: Int) {
        #expect(train == train.sorted())
        #expect(test == test.sorted())
        #expect(Set(train).isDisjoint(with: test))
        #expect((train + test).sorted() == Array(0..<rowCount))
    }
}
