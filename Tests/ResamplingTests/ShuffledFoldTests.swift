import Datasets
import HyperplanCore
import HyperplanTestSupport
import Resampling
import Testing

/// Shuffled k-fold schemes: still a partition, reproducible from the generator's key alone, and (for
/// stratified folds) with exactly the per-fold class counts of the unshuffled allocation.
@Suite("Shuffled folds")
struct ShuffledFoldTests {
    static let sizes: [(rows: Int, folds: Int)] = [(7, 3), (10, 10), (150, 5), (569, 10), (1797, 2)]

    @Test("shuffled k-fold partitions the rows into folds of the unshuffled sizes", arguments: sizes)
    func kFoldPartition(rows: Int, folds: Int) throws {
        let shuffled = try kFold(folds: folds, shuffle: true, rows: rows, key: "cv")
        let unshuffled = try kFold(folds: folds, shuffle: false, rows: rows, key: "cv")
        expectPartition(shuffled, rowCount: rows)
        #expect(shuffled.map(\.validation.count) == unshuffled.map(\.validation.count))
    }

    @Test("shuffled k-fold depends only on the generator's seed and key", arguments: sizes)
    func kFoldDeterminism(rows: Int, folds: Int) throws {
        let first = try kFold(folds: folds, shuffle: true, rows: rows, key: "cv/a")
        let again = try kFold(folds: folds, shuffle: true, rows: rows, key: "cv/a")
        let otherKey = try kFold(folds: folds, shuffle: true, rows: rows, key: "cv/b")
        let unshuffled = try kFold(folds: folds, shuffle: false, rows: rows, key: "cv/a")
        #expect(first == again)
        #expect(first != otherKey)
        #expect(first != unshuffled)
    }

    static let stratifiedCases: [(dataset: String, folds: Int)] = [
        ("iris", 5), ("wine", 10), ("breast_cancer", 3), ("digits", 10), ("penguins", 5),
    ]

    @Test("shuffled stratified folds keep the unshuffled class counts of every fold", arguments: stratifiedCases)
    func stratifiedCounts(dataset: String, folds: Int) throws {
        let labels = try #require(try ReferenceDatasets.supervised(dataset).classLabels)
        let shuffled = try stratified(folds: folds, shuffle: true, labels: labels, key: "cv")
        let unshuffled = try stratified(folds: folds, shuffle: false, labels: labels, key: "cv")
        expectPartition(shuffled, rowCount: labels.count)
        #expect(shuffled != unshuffled)
        for fold in 0..<folds {
            #expect(
                classCounts(shuffled[fold].validation, labels) == classCounts(unshuffled[fold].validation, labels),
                "class counts of fold \(fold)")
        }
    }

    @Test("shuffled stratified folds depend only on the generator's seed and key")
    func stratifiedDeterminism() throws {
        let labels = try #require(try ReferenceDatasets.supervised("wine").classLabels)
        let first = try stratified(folds: 5, shuffle: true, labels: labels, key: "cv/a")
        let again = try stratified(folds: 5, shuffle: true, labels: labels, key: "cv/a")
        let otherKey = try stratified(folds: 5, shuffle: true, labels: labels, key: "cv/b")
        var generator = SeededGenerator(seed: 8, key: "cv/a")
        let otherSeed = try StratifiedKFold(options: Hyperparameters(["folds": .int(5), "shuffle": .bool(true)]))
            .splits(rowCount: labels.count, strata: labels, generator: &generator)
        #expect(first == again)
        #expect(first != otherKey)
        #expect(first != otherSeed)
    }

    private func kFold(folds: Int, shuffle: Bool, rows: Int, key: String) throws -> [Split] {
        var generator = SeededGenerator(seed: 7, key: key)
        return try KFold(options: Hyperparameters(["folds": .int(folds), "shuffle": .bool(shuffle)]))
            .splits(rowCount: rows, strata: nil, generator: &generator)
    }

    private func stratified(folds: Int, shuffle: Bool, labels: [Int], key: String) throws -> [Split] {
        var generator = SeededGenerator(seed: 7, key: key)
        return try StratifiedKFold(options: Hyperparameters(["folds": .int(folds), "shuffle": .bool(shuffle)]))
            .splits(rowCount: labels.count, strata: labels, generator: &generator)
    }

    private func classCounts(_ rows: [Int], _ labels: [Int]) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for row in rows { counts[labels[row], default: 0] += 1 }
        return counts
    }
}

/// Checks that the validation sets are sorted, disjoint and cover `0..<rowCount`, and that each split's
/// training rows are the sorted complement of its validation rows.
func expectPartition(_ splits: [Split], rowCount: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    var seen = [Int](repeating: 0, count: rowCount)
    for (index, split) in splits.enumerated() {
        #expect(
            split.validation == split.validation.sorted(), "fold \(index) validation sorted",
            sourceLocation: sourceLocation)
        for row in split.validation where (0..<rowCount).contains(row) { seen[row] += 1 }
        let inValidation = Set(split.validation)
        let complement = (0..<rowCount).filter { !inValidation.contains($0) }
        #expect(split.train == complement, "fold \(index) trains on the complement", sourceLocation: sourceLocation)
    }
    let uncovered = seen.indices.filter { seen[$0] != 1 }
    #expect(
        uncovered.isEmpty, "rows not in exactly one validation fold: \(uncovered.prefix(10))",
        sourceLocation: sourceLocation)
}
