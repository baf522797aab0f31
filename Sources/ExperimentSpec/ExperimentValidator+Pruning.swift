import HyperplanCore
import Search

/// `search.pruning` and the search's stopping conditions.
extension ExperimentValidator {
    /// What a trial's intermediate resource is, which decides whether it can be pruned at all.
    enum PruningResource {
        /// A learner trained in epochs; `max` is the schedule's epochs when the file fixes them.
        case epochs(max: Int?)
        /// A trial command's reported `epoch` or `step` values.
        case steps
    }

    /// Reads `pruning: NAME` or `pruning: {type: NAME, …}`.
    mutating func readPruning(_ entry: SpecReader.Entry, resource: PruningResource?) -> PruningSpec? {
        var typeNode = entry.value
        var optionEntries: [SpecReader.Entry] = []
        if entry.value.pairs != nil {
            guard let entries = reader.mapping(entry.value, named: "search.pruning") else { return nil }
            guard let typeEntry = entries.first(where: { $0.key == "type" }) else {
                reader.missing(
                    "type", in: "search.pruning", at: entry.keyNode,
                    hint: "pruning rules: \(Suggestion.list(PruningRegistry.names))")
                return nil
            }
            typeNode = typeEntry.value
            optionEntries = entries.filter { $0.key != "type" }
        }
        guard
            let name = reader.enumeration(
                typeNode, named: "pruning rule", allowed: PruningRegistry.names, id: "unknown-pruning-rule"),
            let rule = PruningRegistry.rule(named: name)
        else { return nil }
        let options = OptionReader.read(
            optionEntries, schema: rule.schema, section: "search.pruning", owner: "pruning rule '\(name)'",
            allowSearch: false, reader: &reader)
        guard options.valid else { return nil }
        var resolved = options.resolved(with: rule.schema)
        guard let resource else {
            reader.error(
                "pruning-without-resource",
                "pruning stops trials part-way, but this model does not train in epochs or report steps",
                at: entry.keyNode,
                hint: "pruning works with models trained by a schedule (mlp, logistic_regression with solver: sgd) "
                    + "and with trial commands that print {\"epoch\": N, …} lines")
            return nil
        }
        if resolved["max_resource"] == nil, case .epochs(let epochs?) = resource {
            resolved["max_resource"] = .int(epochs)
        }
        if let minimum = resolved.int("min_resource"), let maximum = resolved.int("max_resource"), minimum > maximum {
            reader.error(
                "inverted-range",
                "'min_resource' \(minimum) is above 'max_resource' \(maximum)\(options.given.contains("max_resource") ? "" : " (the schedule's epochs)")",
                at: options.nodes["min_resource"] ?? entry.keyNode)
            return nil
        }
        if rule == HyperbandPruning.self, resolved["max_resource"] == nil {
            reader.error(
                "missing-key", "hyperband needs 'max_resource' to lay out its brackets", at: entry.keyNode,
                hint: "add 'max_resource: N', the steps a full trial reports")
            return nil
        }
        return PruningSpec(rule: name, options: resolved)
    }
}
