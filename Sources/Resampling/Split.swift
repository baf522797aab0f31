/// One train/validation split: positions into the rows being resampled, each list sorted ascending.
public struct Split: Sendable, Hashable {
    public var train: [Int]
    public var validation: [Int]

    public init(train: [Int], validation: [Int]) {
        self.train = train
        self.validation = validation
    }

    /// The split with every position mapped through `rows` (from positions to dataset row indices).
    public func mapped(through rows: [Int]) -> Split {
        Split(train: train.map { rows[$0] }, validation: validation.map { rows[$0] })
    }
}

/// Why rows could not be split as asked (too few rows, too few members of a class).
public struct ResamplingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
