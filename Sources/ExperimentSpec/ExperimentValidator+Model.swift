import HyperplanCore
import Learners
import Search

extension ExperimentValidator {
    /// The `model` section's learner, read first because it can decide the task.
    struct ModelType {
        var type: any Learner.Type
        var entries: [SpecReader.Entry]
        var keyNode: YAMLNode
    }

    mutating func readModelType(_ entry: SpecReader.Entry) -> ModelType? {
        guard let entries = reader.mapping(entry.value, named: "model") else { return nil }
        guard let typeEntry = entries.first(where: { $0.key == "type" }) else {
            reader.missing(
                "type", in: "model", at: entry.keyNode,
                hint:
                    "models: \(Suggestion.list(LearnerRegistry.names + [CommandSpec.typeName, BenchmarkFunctionModel.typeName]))"
            )
            return nil
        }
        if typeEntry.value.pairs != nil {
            reader.error(
                "not-searchable", "'model.type' cannot be searched in this version", at: typeEntry.value,
                hint: "give one model type")
            return nil
        }
        guard
            let name = reader.enumeration(
                typeEntry.value, named: "model type",
                allowed: LearnerRegistry.names + [CommandSpec.typeName, BenchmarkFunctionModel.typeName],
                id: "unknown-model"),
            let learner = LearnerRegistry.learner(named: name)
        else { return nil }
        return ModelType(type: learner, entries: entries.filter { $0.key != "type" }, keyNode: entry.keyNode)
    }

    /// The model section: `spec` when every option is valid; `space` holds the valid domains either way,
    /// so the search section can still be checked against them.
    mutating func readModel(_ entry: SpecReader.Entry, learner: ModelType?, task: TaskKind?)
        -> (spec: ModelSpec?, space: SearchSpace)?
    {
        guard let learner else { return nil }
        let schema = learner.type.schema
        let options = OptionReader.read(
            learner.entries, schema: schema, section: "model", owner: "'\(learner.type.name)'", allowSearch: true,
            reader: &reader)
        for (path, _, node) in options.domains { domainLocations[path] = node.location }
        let space = SearchSpace(options.domains.map { SearchSpace.Dimension(name: $0.name, domain: $0.domain) })
        guard options.valid else { return (nil, space) }
        var fixed = options.resolved(with: schema)
        if let task {
            let searched = Set(options.domains.map { String($0.name.dropFirst(ModelSpec.pathPrefix.count)) })
            for (name, value) in learner.type.taskDefaults(for: task)
            where !options.given.contains(name) && !searched.contains(name) {
                fixed[name] = value
            }
        }
        checkOptionCombinations(learner: learner, options: options, fixed: fixed, task: task)
        return (ModelSpec(type: learner.type.name, fixed: fixed, space: space), space)
    }

    /// Runs the learner's cross-option checks on every combination of the searched choices, so a problem that
    /// only some configurations have is still found.
    private mutating func checkOptionCombinations(
        learner: ModelType, options: OptionReader.Result, fixed: Hyperparameters, task: TaskKind?
    ) {
        let combinations = choiceCombinations(
            fixed: fixed,
            space: SearchSpace(options.domains.map { SearchSpace.Dimension(name: $0.name, domain: $0.domain) }),
            prefix: ModelSpec.pathPrefix)
        var reported = Set<OptionProblem>()
        for combination in combinations {
            let problems =
                task.map { learner.type.problems(with: combination, given: options.given, task: $0) }
                ?? learner.type.problems(with: combination, given: options.given)
            for problem in problems
            where reported.insert(problem).inserted {
                let node = options.nodes[problem.option] ?? learner.keyNode
                let location = options.keyNodes[problem.option] ?? node
                if problem.severity == .error {
                    reader.error("option-conflict", problem.message, at: location)
                } else {
                    reader.warning("option-no-effect", problem.message, at: location)
                }
            }
        }
    }
}

extension Domain {
    /// Some value of the domain, for checks that need one.
    var representative: ParameterValue {
        switch self {
        case .choice(let values): return values.first ?? .int(0)
        case .uniform(let lower, _, _), .logUniform(let lower, _, _): return .double(lower)
        case .integer(let lower, _, _, _): return .int(lower)
        }
    }
}
