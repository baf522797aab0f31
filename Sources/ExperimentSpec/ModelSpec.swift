package import HyperplanCore
import Learners
package import Search

/// The model family, its fixed hyperparameters and its searched ones; or, for `model: {choice: [...]}`, one
/// block per alternative model, chosen per trial by the dimension `model.type`.
package struct ModelSpec: Sendable {
    /// One model the search may pick: a learner, its fixed hyperparameters and how its searched ones are named.
    package struct Block: Sendable {
        /// `type`, a name in `LearnerRegistry`.
        package var type: String
        /// Every hyperparameter that is not searched: the file's literals and the learner's defaults.
        package var fixed: Hyperparameters
        /// The prefix of this block's searched hyperparameters: `model.` alone, `model.<type>.` in a choice.
        package var pathPrefix: String

        package init(type: String, fixed: Hyperparameters, pathPrefix: String = ModelSpec.pathPrefix) {
            self.type = type
            self.fixed = fixed
            self.pathPrefix = pathPrefix
        }
    }

    /// The models: one, or the alternatives of a choice in the file's order.
    package var blocks: [Block]
    /// Whether the file lists alternative models (`model: {choice: [...]}`); then `model.type` is searched.
    package var isChoice: Bool
    /// The model's searched hyperparameters, named by their path (`model.C`; `model.type` and
    /// `model.<type>.<option>` for a choice).
    package var space: SearchSpace
    /// What the model section is. Everything downstream of the spec reader decides by this, never by the
    /// `type` string.
    package var kind: Kind

    /// The three kinds of model section.
    package enum Kind: Sendable {
        /// Built-in learners (`LearnerRegistry`): one, or the alternatives of `model: {choice: [...]}`.
        case learners
        /// The user's program (`model.type: command`), run once per trial and fold.
        case command(CommandSpec)
        /// A standard test function (`model.type: benchmark_function`) whose coordinates are searched.
        case benchmark(function: String, dimensions: Int)
    }

    /// One built-in learner.
    package init(learner type: String, fixed: Hyperparameters, space: SearchSpace) {
        blocks = [Block(type: type, fixed: fixed)]
        isChoice = false
        self.space = space
        kind = .learners
    }

    /// Alternative learners, each with its own hyperparameters; `space` starts with the `model.type` dimension.
    package init(choice blocks: [Block], space: SearchSpace) {
        self.blocks = blocks
        isChoice = true
        self.space = space
        kind = .learners
    }

    /// The user's program; `fixed` holds its literal parameters.
    package init(command: CommandSpec, fixed: Hyperparameters, space: SearchSpace) {
        blocks = [Block(type: CommandSpec.typeName, fixed: fixed)]
        isChoice = false
        self.space = space
        kind = .command(command)
    }

    /// A test function of `dimensions` coordinates; `fixed` holds the coordinates given as numbers.
    package init(benchmark function: String, dimensions: Int, fixed: Hyperparameters, space: SearchSpace) {
        blocks = [Block(type: BenchmarkFunctionModel.typeName, fixed: fixed)]
        isChoice = false
        self.space = space
        kind = .benchmark(function: function, dimensions: dimensions)
    }

    /// The program of a trial command, `nil` for the other kinds.
    package var command: CommandSpec? {
        if case .command(let command) = kind { return command }
        return nil
    }

    /// The model type of a single model; for a choice, the types joined by `|` (`knn|decision_tree`).
    package var type: String { blocks.map(\.type).joined(separator: "|") }

    /// The block a configuration uses: the only one, or the one its `model.type` names (`nil` when it names
    /// none, as for the empty configuration of a trial not yet suggested).
    package func block(for configuration: Configuration) -> Block? {
        guard isChoice else { return blocks.first }
        guard let chosen = configuration[ModelSpec.typePath]?.stringValue else { return nil }
        return blocks.first { $0.type == chosen }
    }

    /// The learner a configuration trains (`type` itself when no block is chosen yet).
    package func type(for configuration: Configuration) -> String {
        block(for: configuration)?.type ?? type
    }

    /// The full hyperparameters of one configuration: its block's fixed ones overlaid with the searched values.
    /// Searched values are put in their option's canonical form (an integer drawn for a real-valued option
    /// becomes a real number).
    package func hyperparameters(for configuration: Configuration) -> Hyperparameters {
        guard let block = block(for: configuration) else { return Hyperparameters() }
        let schema = LearnerRegistry.learner(named: block.type)?.schema
        var result = block.fixed
        for entry in configuration.entries where entry.name.hasPrefix(block.pathPrefix) {
            let name = String(entry.name.dropFirst(block.pathPrefix.count))
            result[name] = schema?[name].map { $0.kind.canonical(entry.value) } ?? entry.value
        }
        return result
    }

    /// The prefix of searched model hyperparameters' names in the search space.
    package static let pathPrefix = "model."
    /// The prefix of a choice block's searched hyperparameters: `model.<type>.`.
    package static func pathPrefix(ofBlock type: String) -> String { "\(pathPrefix)\(type)." }
    /// The dimension that picks a block of `model: {choice: [...]}`.
    package static let typePath = "model.type"
}

extension ModelSpec {
    /// The `model` section as written to `resolved.json` and hashed into the experiment's identity: a single
    /// model's type and fixed hyperparameters, or a choice's blocks.
    package var json: JSONValue {
        guard isChoice else {
            return .object([
                "type": .string(type),
                "fixed": (blocks.first?.fixed ?? Hyperparameters()).json,
                "space": space.json,
                "run": command.map { .array($0.run.map(JSONValue.string)) } ?? .null,
            ])
        }
        return .object([
            "choice": .array(blocks.map { .object(["type": .string($0.type), "fixed": $0.fixed.json]) }),
            "space": space.json,
        ])
    }
}
