import HyperplanCore

extension ExperimentValidator {
    static let executionKeys = ["jobs", "budget", "trial_timeout", "max_failed_trials", "retries"]

    /// `execution`: how the run is carried out. None of it is part of the experiment's identity.
    /// - Parameter timesTrials: whether `trial_timeout` can be enforced (trial commands); otherwise it is a
    ///   warning, since a built-in learner's fit runs in-process and is not interrupted.
    mutating func readExecution(_ entry: SpecReader.Entry?, timesTrials: Bool = false) -> ExecutionSpec? {
        guard let entries = reader.optionalSection(entry, named: "execution") else { return nil }
        reader.rejectUnknownKeys(entries, allowed: Self.executionKeys, in: "execution")
        func field(_ key: String) -> SpecReader.Entry? { entries.first { $0.key == key } }
        var spec = ExecutionSpec()
        var valid = true
        if let jobs = field("jobs") {
            spec.jobs = reader.integer(jobs.value, named: "execution.jobs", min: 1, max: 4096)
            valid = valid && spec.jobs != nil
        }
        if let budget = field("budget") {
            if let budgetEntries = reader.mapping(budget.value, named: "execution.budget") {
                reader.rejectUnknownKeys(budgetEntries, allowed: ["time"], in: "execution.budget")
                if let time = budgetEntries.first(where: { $0.key == "time" }) {
                    spec.timeBudget = readDuration(time.value, named: "execution.budget.time")
                    valid = valid && spec.timeBudget != nil
                }
            } else {
                valid = false
            }
        }
        if let timeout = field("trial_timeout") {
            spec.trialTimeout = readDuration(timeout.value, named: "execution.trial_timeout")
            valid = valid && spec.trialTimeout != nil
            if !timesTrials, spec.trialTimeout != nil {
                reader.warning(
                    "not-applicable",
                    "'execution.trial_timeout' applies to trial commands only; this model's fits run in-process and are not interrupted",
                    at: timeout.keyNode, hint: "use 'execution.budget' to bound the whole run")
            }
        }
        if let limit = field("max_failed_trials") {
            switch limit.value.scalar {
            case .int(let count)? where count >= 0: spec.maxFailedTrials = .count(count)
            case .double(let share)? where share > 0 && share < 1: spec.maxFailedTrials = .fraction(share)
            default:
                reader.error(
                    "invalid-value",
                    "'execution.max_failed_trials' must be a count of at least 0 or a fraction between 0 and 1",
                    at: limit.value)
                valid = false
            }
        }
        if let retries = field("retries") {
            if let count = reader.integer(retries.value, named: "execution.retries", min: 0, max: 100) {
                spec.retries = count
            } else {
                valid = false
            }
        }
        return valid ? spec : nil
    }

    /// A duration: `90s`, `30m`, `8h`, `2d`, combinations such as `1h30m`, or a number of seconds.
    mutating func readDuration(_ node: YAMLNode, named name: String) -> Double? {
        if let seconds = node.scalar.flatMap({ scalar -> Double? in
            switch scalar {
            case .int(let value): return Double(value)
            case .double(let value): return value
            default: return nil
            }
        }) {
            guard seconds > 0, seconds.isFinite else {
                reader.error("invalid-value", "'\(name)' must be a positive duration", at: node)
                return nil
            }
            return seconds
        }
        guard case .string(let text)? = node.scalar, let seconds = Self.parseDuration(text), seconds > 0 else {
            reader.error(
                "invalid-value", "'\(name)' must be a duration such as 90s, 30m, 8h, 2d or 1h30m", at: node)
            return nil
        }
        return seconds
    }

    static func parseDuration(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var total = 0.0
        var number = ""
        var sawUnit = false
        for character in text.filter({ !$0.isWhitespace }) {
            if character.isNumber || character == "." {
                number.append(character)
            } else if let unit = units[character], let value = Double(number) {
                total += value * unit
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard number.isEmpty, sawUnit else { return nil }
        return total
    }
}
