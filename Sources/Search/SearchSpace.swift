package import HyperplanCore

/// The searched hyperparameters of an experiment, in the order the file declares them.
package struct SearchSpace: Sendable, Hashable {
    /// One searched hyperparameter: its dotted path in the experiment (`model.C`), its domain, and when it is
    /// conditional, the choice it depends on.
    package struct Dimension: Sendable, Hashable {
        package var name: String
        package var domain: Domain
        /// `nil` for a dimension every configuration has; otherwise it exists only when `condition` holds.
        package var condition: Condition?

        package init(name: String, domain: Domain, condition: Condition? = nil) {
            self.name = name
            self.domain = domain
            self.condition = condition
        }
    }

    /// When a conditional dimension exists: its parent, an earlier `choice` dimension, exists and takes one of
    /// `values` (`model.knn.n_neighbors` exists when `model.type` is `knn`).
    package struct Condition: Sendable, Hashable {
        package var parent: String
        package var values: [ParameterValue]

        package init(parent: String, values: [ParameterValue]) {
            self.parent = parent
            self.values = values
        }
    }

    package var dimensions: [Dimension]

    package init(_ dimensions: [Dimension] = []) { self.dimensions = dimensions }

    package var isEmpty: Bool { dimensions.isEmpty }

    package var json: JSONValue {
        .array(
            dimensions.map { dimension in
                var fields: [String: JSONValue] = ["name": .string(dimension.name), "domain": dimension.domain.json]
                if let condition = dimension.condition {
                    fields["when"] = .object([
                        "parent": .string(condition.parent), "values": .array(condition.values.map(\.json)),
                    ])
                }
                return .object(fields)
            })
    }
}

/// One point of a search space: a value for every dimension that exists at that point (every unconditional
/// one, and the conditional ones whose condition holds), in the space's order.
package struct Configuration: Sendable, Hashable {
    package struct Entry: Sendable, Hashable {
        package var name: String
        package var value: ParameterValue

        package init(name: String, value: ParameterValue) {
            self.name = name
            self.value = value
        }
    }

    package var entries: [Entry]

    package init(_ entries: [Entry] = []) { self.entries = entries }

    package subscript(name: String) -> ParameterValue? { entries.first { $0.name == name }?.value }

    /// The configuration as a JSON object from dimension name to value.
    package var json: JSONValue {
        var fields: [String: JSONValue] = [:]
        for entry in entries { fields[entry.name] = entry.value.json }
        return .object(fields)
    }

    /// `name=value` pairs for people; `prefix` is dropped from names (`model.C=1` shows as `C=1`). A choice of
    /// models leads with the model chosen, its own hyperparameters without their block's prefix
    /// (`knn: n_neighbors=5`).
    package func summary(droppingPrefix prefix: String = "model.") -> String {
        guard !entries.isEmpty else { return "(no searched hyperparameters)" }
        var lead = ""
        var blockPrefix: String?
        if let type = self[prefix + "type"]?.stringValue {
            lead = "\(type): "
            blockPrefix = prefix + type + "."
        }
        let pairs = entries.compactMap { entry -> String? in
            if blockPrefix != nil, entry.name == prefix + "type" { return nil }
            var name = entry.name
            if let blockPrefix, name.hasPrefix(blockPrefix) {
                name = String(name.dropFirst(blockPrefix.count))
            } else if name.hasPrefix(prefix) {
                name = String(name.dropFirst(prefix.count))
            }
            return "\(name)=\(entry.value)"
        }
        return lead + (pairs.isEmpty ? "(defaults)" : pairs.joined(separator: ", "))
    }
}
