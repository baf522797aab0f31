import HyperplanCore

/// The searched hyperparameters of an experiment, in the order the file declares them.
public struct SearchSpace: Sendable, Hashable {
    /// One searched hyperparameter: its dotted path in the experiment (`model.C`) and its domain.
    public struct Dimension: Sendable, Hashable {
        public var name: String
        public var domain: Domain

        public init(name: String, domain: Domain) {
            self.name = name
            self.domain = domain
        }
    }

    public var dimensions: [Dimension]

    public init(_ dimensions: [Dimension] = []) { self.dimensions = dimensions }

    public var isEmpty: Bool { dimensions.isEmpty }

    /// The number of grid points, or `nil` when some dimension is continuous without `grid:`.
    /// Saturates at `Int.max` rather than overflowing.
    public var gridSize: Int? {
        var size = 1
        for dimension in dimensions {
            guard let count = dimension.domain.gridValues()?.count else { return nil }
            let (product, overflow) = size.multipliedReportingOverflow(by: count)
            size = overflow ? Int.max : product
        }
        return size
    }

    public var json: JSONValue {
        .array(dimensions.map { .object(["name": .string($0.name), "domain": $0.domain.json]) })
    }
}

/// One point of a search space: a value for every dimension, in the space's order.
public struct Configuration: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var value: ParameterValue

        public init(name: String, value: ParameterValue) {
            self.name = name
            self.value = value
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry] = []) { self.entries = entries }

    public subscript(name: String) -> ParameterValue? { entries.first { $0.name == name }?.value }

    /// The configuration as a JSON object from dimension name to value.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [:]
        for entry in entries { fields[entry.name] = entry.value.json }
        return .object(fields)
    }

    /// `name=value` pairs for people; `prefix` is dropped from names (`model.C=1` shows as `C=1`).
    public func summary(droppingPrefix prefix: String = "model.") -> String {
        guard !entries.isEmpty else { return "(no searched hyperparameters)" }
        return entries.map { entry in
            let name = entry.name.hasPrefix(prefix) ? String(entry.name.dropFirst(prefix.count)) : entry.name
            return "\(name)=\(entry.value)"
        }.joined(separator: ", ")
    }
}
