import HyperplanCore
import Learners
import Search

extension ExperimentValidator {
    /// One model block's learner, read first because it can decide the task.
    struct ModelType {
        var type: any Learner.Type
        /// The block's options (every key but `type`).
        var entries: [SpecReader.Entry]
        /// Where problems with the block as a whole are reported: its `type` key (`model` for a single model).
        var keyNode: YAMLNode
    }

    /// The `model` section's learners: one, or the blocks of `model: {choice: [...]}`.
    struct ModelSelection {
        var blocks: [ModelType]
        var isChoice: Bool
        /// The `choice` list of a choice, where `model.type` is written.
        var choiceNode: YAMLNode?

        /// The single model's learner.
        var single: ModelType? { isChoice ? nil : blocks.first }

        /// The learner that decides the task (`readDataset`): the single model's, or for a choice a block
        /// that can do only the one task every block can do; `nil` when the blocks leave the task open.
        var taskLearner: (any Learner.Type)? {
            guard isChoice else { return blocks.first?.type }
            let shared = blocks.dropFirst().reduce(Set(blocks.first?.type.tasks ?? [])) {
                $0.intersection($1.type.tasks)
            }
            guard shared.count == 1 else { return nil }
            return blocks.first { Set($0.type.tasks) == shared }?.type
        }
    }

    mutating func readModelType(_ entry: SpecReader.Entry) -> ModelSelection? {
        guard let entries = reader.mapping(entry.value, named: "model") else { return nil }
        if let choice = entries.first(where: { $0.key == "choice" }) {
            return readModelChoice(choice, entries: entries)
        }
        guard let block = readModelBlock(entries, at: entry.keyNode, section: "model") else { return nil }
        return ModelSelection(blocks: [block], isChoice: false)
    }

    /// One model's `type` and options; `section` names it in messages.
    private mutating func readModelBlock(_ entries: [SpecReader.Entry], at keyNode: YAMLNode, section: String)
        -> ModelType?
    {
        guard let typeEntry = entries.first(where: { $0.key == "type" }) else {
            reader.missing(
                "type", in: section, at: keyNode,
                hint:
                    "models: \(Suggestion.list(LearnerRegistry.names + [CommandSpec.typeName, BenchmarkFunctionModel.typeName]))"
            )
            return nil
        }
        if typeEntry.value.pairs != nil {
            reader.error(
                "not-searchable", "'model.type' cannot be searched by itself", at: typeEntry.value,
                hint: "to search over models, list whole blocks: model: {choice: [{type: knn, ...}, {type: ...}]}")
            return nil
        }
        guard
            let name = reader.enumeration(
                typeEntry.value, named: "model type",
                allowed: LearnerRegistry.names + [CommandSpec.typeName, BenchmarkFunctionModel.typeName],
                id: "unknown-model")
        else { return nil }
        guard let learner = LearnerRegistry.learner(named: name) else {
            // A trial command or test function is the whole experiment's model, never one of several.
            reader.error(
                "invalid-value", "'\(name)' cannot be one of several models in 'model.choice'", at: typeEntry.value,
                hint: "a choice lists learners: \(Suggestion.list(LearnerRegistry.names))")
            return nil
        }
        return ModelType(
            type: learner, entries: entries.filter { $0.key != "type" },
            keyNode: section == "model" ? keyNode : typeEntry.keyNode)
    }

    /// `model: {choice: [{type: knn, ...}, {type: decision_tree, ...}]}`: alternative models, one per block.
    private mutating func readModelChoice(_ choice: SpecReader.Entry, entries: [SpecReader.Entry]) -> ModelSelection? {
        reader.rejectUnknownKeys(entries, allowed: ["choice"], in: "model") { _ in
            "a model with 'choice' takes its options inside each block"
        }
        guard let items = choice.value.items, !items.isEmpty else {
            reader.error(
                "wrong-type", "'model.choice' must be a non-empty list of model blocks", at: choice.value,
                hint: "for example choice: [{type: knn}, {type: decision_tree, max_depth: {int: [1, 20]}}]")
            return nil
        }
        var blocks: [ModelType] = []
        var valid = true
        var seen: [String: YAMLNode] = [:]
        for item in items {
            if let word = item.text {
                // `choice: [knn, decision_tree]`: a list of type names rather than of blocks.
                reader.error(
                    "wrong-type", "each entry of 'model.choice' must be a model block (a mapping), found '\(word)'",
                    at: item, hint: "write {type: \(word)} and its hyperparameters inside the braces")
                valid = false
                continue
            }
            guard let blockEntries = reader.mapping(item, named: "model.choice block"),
                let block = readModelBlock(blockEntries, at: item, section: "model.choice block")
            else {
                valid = false
                continue
            }
            if let first = seen[block.type.name] {
                reader.error(
                    "duplicate-option", "'\(block.type.name)' appears twice in 'model.choice'", at: block.keyNode,
                    hint: "search its options with domains inside one block",
                    notes: [Diagnostic.Note("first listed here", at: first.location)])
                valid = false
                continue
            }
            seen[block.type.name] = block.keyNode
            blocks.append(block)
        }
        guard valid else { return nil }
        return ModelSelection(blocks: blocks, isChoice: true, choiceNode: choice.value)
    }

    /// The model section: `spec` when every option is valid; `space` holds the valid domains either way,
    /// so the search section can still be checked against them.
    mutating func readModel(_ entry: SpecReader.Entry, model: ModelSelection?, task: TaskKind?)
        -> (spec: ModelSpec?, space: SearchSpace)?
    {
        guard let model else { return nil }
        guard model.isChoice else {
            guard let learner = model.single,
                let (block, space) = readModelOptions(learner, prefix: ModelSpec.pathPrefix, task: task)
            else { return nil }
            guard let block else { return (nil, space) }
            return (ModelSpec(learner: block.type, fixed: block.fixed, space: space), space)
        }
        let types = model.blocks.map { ParameterValue.string($0.type.name) }
        var dimensions = [SearchSpace.Dimension(name: ModelSpec.typePath, domain: .choice(types))]
        if let node = model.choiceNode { domainLocations[ModelSpec.typePath] = node.location }
        var blocks: [ModelSpec.Block] = []
        var valid = true
        for learner in model.blocks {
            if let task, !learner.type.tasks.contains(task) {
                reader.error(
                    "task-conflict", "'\(learner.type.name)' cannot do \(task.rawValue)", at: learner.keyNode,
                    hint: "every model of a choice must do the dataset's task")
                valid = false
            }
            let prefix = ModelSpec.pathPrefix(ofBlock: learner.type.name)
            guard let (block, space) = readModelOptions(learner, prefix: prefix, task: task) else {
                valid = false
                continue
            }
            let condition = SearchSpace.Condition(parent: ModelSpec.typePath, values: [.string(learner.type.name)])
            dimensions += space.dimensions.map {
                SearchSpace.Dimension(name: $0.name, domain: $0.domain, condition: condition)
            }
            if let block { blocks.append(block) } else { valid = false }
        }
        let space = SearchSpace(dimensions)
        guard valid else { return (nil, space) }
        return (ModelSpec(choice: blocks, space: space), space)
    }

    /// One block's options: its fixed hyperparameters (`nil` when an option is invalid) and its searched ones,
    /// named `prefix` + option.
    private mutating func readModelOptions(_ learner: ModelType, prefix: String, task: TaskKind?)
        -> (block: ModelSpec.Block?, space: SearchSpace)?
    {
        let schema = learner.type.schema
        let options = OptionReader.read(
            learner.entries, schema: schema, section: String(prefix.dropLast()), owner: "'\(learner.type.name)'",
            allowSearch: true, reader: &reader)
        for (path, _, node) in options.domains { domainLocations[path] = node.location }
        let space = SearchSpace(options.domains.map { SearchSpace.Dimension(name: $0.name, domain: $0.domain) })
        guard options.valid else { return (nil, space) }
        var fixed = options.resolved(with: schema)
        if let task {
            let searched = Set(options.domains.map { String($0.name.dropFirst(prefix.count)) })
            for (name, value) in learner.type.taskDefaults(for: task)
            where !options.given.contains(name) && !searched.contains(name) {
                fixed[name] = value
            }
        }
        checkOptionCombinations(learner: learner, options: options, fixed: fixed, task: task, prefix: prefix)
        return (ModelSpec.Block(type: learner.type.name, fixed: fixed, pathPrefix: prefix), space)
    }

    /// Runs the learner's cross-option checks on every combination of the searched choices, so a problem that
    /// only some configurations have is still found.
    private mutating func checkOptionCombinations(
        learner: ModelType, options: OptionReader.Result, fixed: Hyperparameters, task: TaskKind?, prefix: String
    ) {
        let combinations = choiceCombinations(
            fixed: fixed,
            space: SearchSpace(options.domains.map { SearchSpace.Dimension(name: $0.name, domain: $0.domain) }),
            prefix: prefix)
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
