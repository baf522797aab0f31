package import HyperplanCore

/// A searched dimension as `resolved.json` records it (`model.space` and `schedule.space`), read back so that a
/// report can draw log axes for log domains, category axes for choices, and separate the blocks of a choice of
/// models.
package struct RecordedDimension: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        /// A real interval, searched on a log scale when `log`.
        case real(low: Double, high: Double, log: Bool)
        case integer(low: Int, high: Int, log: Bool)
        /// Categories in the order written.
        case choice([JSONValue])
    }

    /// The dimension's name as in `results.csv` (`model.C`, `schedule.learning_rate.initial`).
    package var name: String
    package var kind: Kind
    /// The dimension exists only when `parent` takes one of `values` (a choice of models, a schedule option
    /// that applies to some optimizers only).
    package var condition: Condition?

    package struct Condition: Sendable, Hashable {
        package var parent: String
        package var values: [JSONValue]
    }

    package var isLog: Bool {
        switch kind {
        case .real(_, _, let log), .integer(_, _, let log): return log
        case .choice: return false
        }
    }

    package var isChoice: Bool {
        if case .choice = kind { return true }
        return false
    }

    /// The dimension without its section prefix (`C` for `model.C`), for compact labels.
    package var shortName: String {
        for prefix in ["model.", "schedule."] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    /// Reads one entry of a resolved space (`{"name": …, "domain": {…}, "when": {…}}`); `nil` if it is not one.
    package init?(record: JSONValue) {
        guard let name = record["name"]?.stringValue, let domain = record["domain"] else { return nil }
        self.name = name
        if let values = domain["choice"]?.arrayValue {
            kind = .choice(values)
        } else if let bounds = domain["int"]?.arrayValue, bounds.count == 2, let low = bounds[0].intValue,
            let high = bounds[1].intValue
        {
            if case .bool(true)? = domain["log"] {
                kind = .integer(low: low, high: high, log: true)
            } else {
                kind = .integer(low: low, high: high, log: false)
            }
        } else if let bounds = (domain["uniform"] ?? domain["loguniform"])?.arrayValue, bounds.count == 2,
            let low = bounds[0].doubleValue, let high = bounds[1].doubleValue
        {
            kind = .real(low: low, high: high, log: domain["loguniform"] != nil)
        } else {
            return nil
        }
        if let when = record["when"], let parent = when["parent"]?.stringValue {
            condition = Condition(parent: parent, values: when["values"]?.arrayValue ?? [])
        }
    }

    /// Every searched dimension of a resolved experiment, in the order of `results.csv`.
    package static func all(in resolved: JSONValue) -> [RecordedDimension] {
        let model = resolved["model"]?["space"]?.arrayValue ?? []
        let schedule = resolved["schedule"]?["space"]?.arrayValue ?? []
        return (model + schedule).compactMap(RecordedDimension.init(record:))
    }
}
