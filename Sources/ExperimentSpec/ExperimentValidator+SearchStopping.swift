import HyperplanCore
import Search

/// `search.seed_points`, `search.stop_when` and `search.patience`.
extension ExperimentValidator {
    /// Reads `seed_points: [{C: 1.0, penalty: l2}, …]`: configurations evaluated first, named as in the
    /// file (`C`, `learning_rate.initial`) or by their full path (`model.C`). Every searched hyperparameter
    /// needs a value inside its domain.
    mutating func readSeedPoints(_ entry: SpecReader.Entry, space: SearchSpace) -> [Configuration]? {
        guard let items = entry.value.items else {
            reader.error(
                "wrong-type", "'search.seed_points' must be a list of mappings, found \(entry.value.kindDescription)",
                at: entry.value)
            return nil
        }
        var points: [Configuration] = []
        var valid = true
        for item in items {
            guard let entries = reader.mapping(item, named: "search.seed_points") else {
                valid = false
                continue
            }
            var values: [String: (ParameterValue, YAMLNode)] = [:]
            let names = space.dimensions.map(\.name)
            let shortNames = names.map(Self.shortName)
            for field in entries {
                guard let name = names.first(where: { $0 == field.key || Self.shortName($0) == field.key }) else {
                    reader.error(
                        "unknown-key", "'\(field.key)' in a seed point is not a searched hyperparameter",
                        at: field.keyNode,
                        hint: Suggestion.hint(for: field.key, among: shortNames)
                            ?? (shortNames.isEmpty
                                ? "nothing is searched" : "searched: \(Suggestion.list(shortNames))"))
                    valid = false
                    continue
                }
                guard let value = field.value.parameterValue else {
                    reader.error("wrong-type", "a seed point's values must be literals", at: field.value)
                    valid = false
                    continue
                }
                values[name] = (value, field.value)
            }
            var configuration: [Configuration.Entry] = []
            for dimension in space.dimensions {
                // A conditional dimension belongs in the point only when its condition holds there.
                if let condition = dimension.condition,
                    !(Configuration(configuration)[condition.parent].map(condition.values.contains) ?? false)
                {
                    if let (_, node) = values[dimension.name] {
                        let parent = Configuration(configuration)[condition.parent].map { "is \($0)" } ?? "is not set"
                        reader.error(
                            "invalid-value",
                            "'\(Self.shortName(dimension.name))' does not apply here: '\(Self.shortName(condition.parent))' \(parent)",
                            at: node)
                        valid = false
                    }
                    continue
                }
                guard let (value, node) = values[dimension.name] else {
                    reader.error(
                        "missing-key", "this seed point has no value for '\(Self.shortName(dimension.name))'",
                        at: item)
                    valid = false
                    continue
                }
                guard let coerced = Self.coerce(value, to: dimension.domain) else {
                    reader.error(
                        "invalid-value",
                        "\(value) is outside the domain of '\(Self.shortName(dimension.name))' (\(dimension.domain.json.canonicalString()))",
                        at: node)
                    valid = false
                    continue
                }
                configuration.append(Configuration.Entry(name: dimension.name, value: coerced))
            }
            points.append(Configuration(configuration))
        }
        return valid ? points : nil
    }

    /// `model.C` → `C`, `schedule.learning_rate.initial` → `learning_rate.initial`.
    static func shortName(_ path: String) -> String {
        for prefix in ["model.", "schedule."] where path.hasPrefix(prefix) {
            return String(path.dropFirst(prefix.count))
        }
        return path
    }

    /// The value as the domain types it (an integer written for a real domain is that real), or `nil` when it
    /// is not in the domain.
    static func coerce(_ value: ParameterValue, to domain: Domain) -> ParameterValue? {
        let typed: ParameterValue
        switch domain {
        case .uniform, .logUniform:
            guard let number = value.doubleValue else { return nil }
            typed = .double(number)
        case .integer:
            guard case .int = value else { return nil }
            typed = value
        case .choice(let values):
            guard
                let match = values.first(where: { candidate in
                    if case .double(let x) = candidate, let y = value.doubleValue { return x == y }
                    return candidate == value
                })
            else { return nil }
            typed = match
        }
        return domain.unit(of: typed) == nil ? nil : typed
    }

    /// Reads `stop_when: {metric_reaches: X}`.
    mutating func readStopWhen(_ entry: SpecReader.Entry) -> Double? {
        guard let entries = reader.mapping(entry.value, named: "search.stop_when") else { return nil }
        reader.rejectUnknownKeys(entries, allowed: ["metric_reaches"], in: "search.stop_when")
        guard let target = entries.first(where: { $0.key == "metric_reaches" }) else {
            reader.missing(
                "metric_reaches", in: "search.stop_when", at: entry.keyNode,
                hint: "for example 'stop_when: {metric_reaches: 0.95}'")
            return nil
        }
        guard let value = target.value.parameterValue?.doubleValue, value.isFinite else {
            reader.error(
                "wrong-type", "'metric_reaches' must be a number, found \(target.value.kindDescription)",
                at: target.value)
            return nil
        }
        return value
    }
}
