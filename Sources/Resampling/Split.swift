/// One train/validation split: positions into the rows being resampled, each list sorted ascending.
package struct Split: Sendable, Hashable {
    package var train: [Int]
    package var validation: [Int]

    package init(train: [Int], validation: [Int]) {
        self.train = train
        self.validation = validation
    }

    /// The split with every position mapped through `rows` (from positions to dataset row indices).
    package func mapped(through rows: [Int]) -> Split {
        Split(train: train.map { rows[$0] }, validation: validation.map { rows[$0] })
    }
}

/// Why rows could not be split as asked (too few rows, too few members of a class).
package struct ResamplingError: Error, Sendable, Hashable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
