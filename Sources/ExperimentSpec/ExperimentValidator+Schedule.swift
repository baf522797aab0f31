import HyperplanCore
import Learners
import Search

extension ExperimentValidator {
    /// Section names of `schedule:` whose scalar (or domain) shorthand sets one option:
    /// `optimizer: adam`, `learning_rate: 0.01`, `early_stopping: true`.
    static let scheduleShorthands = [
        "optimizer": "optimizer.type", "learning_rate": "learning_rate.initial",
        "early_stopping": "early_stopping.enabled",
    ]

    /// Reads `schedule:` for a learner that trains by gradient descent; such a learner gets the default
    /// schedule when the file has none. `model` is the model section's result, used to tell whether any
    /// configuration trains iteratively.
    mutating func readSchedule(
        _ entry: SpecReader.Entry?, model: ModelSelection?, result: (spec: ModelSpec?, space: SearchSpace)?
    ) -> (spec: ScheduleSpec?, space: SearchSpace)? {
        guard let model else { return nil }
        // The blocks with a configuration that trains iteratively (the one block of a single model).
        let iterative = model.blocks.filter { learner in
            let prefix = model.isChoice ? ModelSpec.pathPrefix(ofBlock: learner.type.name) : ModelSpec.pathPrefix
            let fixed = result?.spec?.blocks.first { $0.type == learner.type.name }?.fixed ?? Hyperparameters()
            return choiceCombinations(fixed: fixed, space: result?.space ?? SearchSpace(), prefix: prefix).contains {
                learner.type.trainsIteratively(with: $0)
            }
        }
        guard !iterative.isEmpty else {
            if let entry { rejectSchedule(entry, learner: model.single?.type) }
            return (nil, SearchSpace())
        }
        guard let entries = reader.optionalSection(entry, named: "schedule") else { return nil }
        let schema = TrainingSchedule.schema
        var flat = flatten(entries, schema: schema, prefix: "")
        // The same option written twice, as a dotted key and inside its section (`optimizer.type: sgd` beside
        // `optimizer: {type: adam}`): YAML sees two different keys, so it is caught here.
        var seen: [String: SpecReader.Entry] = [:]
        flat = flat.filter { entry in
            guard let first = seen[entry.key] else {
                seen[entry.key] = entry
                return true
            }
            reader.error(
                "duplicate-option", "'schedule.\(entry.key)' is given twice", at: entry.keyNode,
                notes: [Diagnostic.Note("'schedule.\(entry.key)' first appears here", at: first.keyNode.location)])
            return false
        }
        let options = OptionReader.read(
            flat, schema: schema, section: "schedule", owner: "the schedule", allowSearch: true, reader: &reader)
        for (path, _, node) in options.domains { domainLocations[path] = node.location }
        // In a choice of models, the schedule's searched options exist only for the blocks that use it.
        let blockCondition =
            model.isChoice && iterative.count < model.blocks.count
            ? SearchSpace.Condition(parent: ModelSpec.typePath, values: iterative.map { .string($0.type.name) })
            : nil
        let space = Self.scheduleSpace(options.domains.map { ($0.name, $0.domain) }, blockCondition: blockCondition)
        guard options.valid else { return (nil, space) }
        var fixed = options.resolved(with: schema)
        var given = options.given
        // Writing an `early_stopping:` section turns early stopping on unless it says `enabled: false`.
        if let section = entries.first(where: { $0.key == "early_stopping" }), section.value.pairs != nil,
            !given.contains("early_stopping.enabled")
        {
            fixed["early_stopping.enabled"] = .bool(true)
            given.insert("early_stopping.enabled")
        }
        checkSchedule(fixed: fixed, space: space, options: options, given: given)
        return (ScheduleSpec(fixed: fixed, given: given), space)
    }

    /// The schedule's searched options as dimensions. An option that applies only for some values of a searched
    /// option (`optimizer.momentum` for `optimizer.type` momentum or nesterov, `learning_rate.step_size` for
    /// `learning_rate.decay: step`: `TrainingSchedule.conditions`) exists only in the configurations where it
    /// applies, and is placed after the options that control it; the others exist wherever the schedule does
    /// (`blockCondition`: in a choice of models, the blocks that train by gradient descent).
    static func scheduleSpace(_ domains: [(name: String, domain: Domain)], blockCondition: SearchSpace.Condition?)
        -> SearchSpace
    {
        let prefix = ScheduleSpec.pathPrefix
        var controlled: [SearchSpace.Dimension] = []
        var others: [SearchSpace.Dimension] = []
        for (name, domain) in domains {
            let option = String(name.dropFirst(prefix.count))
            if let condition = TrainingSchedule.conditions[option],
                let parent = domains.first(where: { $0.name == prefix + condition.option }),
                case .choice(let values) = parent.domain
            {
                let applying = values.filter { condition.values.contains($0.description) }
                controlled.append(
                    SearchSpace.Dimension(
                        name: name, domain: domain, condition: .init(parent: parent.name, values: applying)))
            } else {
                others.append(SearchSpace.Dimension(name: name, domain: domain, condition: blockCondition))
            }
        }
        return SearchSpace(others + controlled)
    }

    /// Turns nested sections into dotted option names (`learning_rate: {initial: 0.1}` → `learning_rate.initial`),
    /// keeping each leaf's own key and value nodes for diagnostics. Search domains are leaves.
    private func flatten(_ entries: [SpecReader.Entry], schema: OptionSchema, prefix: String) -> [SpecReader.Entry] {
        var result: [SpecReader.Entry] = []
        for entry in entries {
            let name = prefix + entry.key
            let isSection = schema.names.contains { $0.hasPrefix(name + ".") }
            if isSection, let pairs = entry.value.pairs, !DomainReader.looksLikeDomain(entry.value) {
                let nested = pairs.compactMap { pair in
                    pair.key.text.map { SpecReader.Entry(key: $0, keyNode: pair.key, value: pair.value) }
                }
                result.append(contentsOf: flatten(nested, schema: schema, prefix: name + "."))
            } else if isSection, let target = Self.scheduleShorthands[name] {
                result.append(SpecReader.Entry(key: target, keyNode: entry.keyNode, value: entry.value))
            } else {
                result.append(SpecReader.Entry(key: name, keyNode: entry.keyNode, value: entry.value))
            }
        }
        return result
    }

    /// Cross-option rules of the schedule on every combination of its choices, and options that have no
    /// effect under the values that control them.
    private mutating func checkSchedule(
        fixed: Hyperparameters, space: SearchSpace, options: OptionReader.Result, given: Set<String>
    ) {
        let prefix = "schedule."
        let combinations = choiceCombinations(fixed: fixed, space: space, prefix: prefix)
        var reported = Set<OptionProblem>()
        for combination in combinations {
            for problem in TrainingSchedule.problems(with: combination, given: given)
            where reported.insert(problem).inserted {
                let node = options.keyNodes[problem.option] ?? options.nodes[problem.option]
                guard let location = node?.location ?? root?.location else { continue }
                let id: DiagnosticID = problem.severity == .error ? "option-conflict" : "option-no-effect"
                reader.diagnostics.append(Diagnostic(id, problem.severity, problem.message, at: location))
            }
        }
        for name in given.sorted() {
            guard let condition = TrainingSchedule.conditions[name], let keyNode = options.keyNodes[name] else {
                continue
            }
            let applies = combinations.contains { combination in
                combination[condition.option].map { condition.values.contains($0.description) } ?? false
            }
            if !applies {
                let current = fixed[condition.option]?.description ?? "its default"
                reader.warning(
                    "option-no-effect",
                    "'schedule.\(name)' has no effect with '\(condition.option)' \(current)", at: keyNode,
                    hint: "it applies when '\(condition.option)' is \(Suggestion.list(condition.values))")
            }
        }
    }

    /// Every combination of the enumerated choices of `space` overlaid on `fixed` (numeric domains take one
    /// representative value); at most 256, which covers every realistic schedule.
    func choiceCombinations(fixed: Hyperparameters, space: SearchSpace, prefix: String) -> [Hyperparameters] {
        var combinations = [fixed]
        for dimension in space.dimensions where dimension.name.hasPrefix(prefix) {
            let name = String(dimension.name.dropFirst(prefix.count))
            let values: [ParameterValue]
            if case .choice(let choices) = dimension.domain {
                values = choices
            } else {
                values = [dimension.domain.representative]
            }
            combinations = Array(
                combinations.flatMap { base in
                    values.map { value -> Hyperparameters in
                        var copy = base
                        copy[name] = value
                        return copy
                    }
                }.prefix(256))
        }
        return combinations
    }
}
