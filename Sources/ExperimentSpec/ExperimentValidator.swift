import Datasets
import Foundation
import HyperplanCore
import Learners
import Search

/// Validates a parsed experiment file section by section, collecting every diagnostic, and assembles the
/// `Experiment` when there are no errors.
///
/// Sections are validated in dependency order: the dataset first (it decides the task together with the
/// model), then the model, cross-validation and search. A section whose prerequisites failed is still
/// checked for what can be checked without them.
struct ExperimentValidator {
    static let topLevelKeys = [
        "name", "description", "seed", "dataset", "model", "schedule", "cv", "search", "execution",
    ]

    var reader = SpecReader()
    /// Where each searched dimension's domain is written, for diagnostics about the search as a whole.
    var domainLocations: [String: SourceLocation] = [:]
    /// The document's root, where problems with defaulted settings are reported when no key is nearer.
    var root: YAMLNode?
    let file: String
    let baseDirectory: URL

    /// What validation produced: the experiment and its data when valid, and every diagnostic.
    struct Outcome {
        var experiment: Experiment?
        var dataset: SupervisedDataset?
        var diagnostics: [Diagnostic]
    }

    init(file: String, baseDirectory: URL) {
        self.file = file
        self.baseDirectory = baseDirectory
    }

    mutating func validate(_ root: YAMLNode?) -> Outcome {
        guard let root else {
            reader.diagnostics.error(
                "empty-document", "the experiment file is empty", at: SourceLocation(file: file, line: 1, column: 1),
                hint: "an experiment needs at least 'name', 'dataset' and 'model'")
            return finish(nil, nil)
        }
        self.root = root
        // Top-level keys starting with `x-` are the user's own (anchors for `<<` merges, notes) and ignored.
        guard let entries = reader.mapping(root, named: "experiment")?.filter({ !$0.key.hasPrefix("x-") }) else {
            return finish(nil, nil)
        }
        reader.rejectUnknownKeys(entries, allowed: Self.topLevelKeys, in: "experiment")
        func entry(_ key: String) -> SpecReader.Entry? { entries.first { $0.key == key } }

        let name = readName(entry("name"), root: root)
        let description = entry("description").flatMap { reader.string($0.value, named: "description") }
        var seed: UInt64 = 0
        if let seedEntry = entry("seed"), let value = reader.integer(seedEntry.value, named: "seed", min: 0) {
            seed = UInt64(value)
        }
        if entry("model") == nil {
            reader.missing("model", in: "experiment", at: root, hint: "add a 'model' section with a 'type'")
        }
        // A trial command is its own kind of model: the data is optional and the program reports its metrics.
        if let model = entry("model"), Self.modelTypeName(model) == BenchmarkFunctionModel.typeName {
            let experiment = validateBenchmarkExperiment(
                entry: entry, model: model, name: name, description: description, seed: seed)
            return finish(experiment, nil)
        }
        if let model = entry("model"), Self.modelTypeName(model) == CommandSpec.typeName {
            let experiment = validateCommandExperiment(
                entry: entry, model: model, name: name, description: description, seed: seed)
            return finish(experiment?.experiment, experiment?.dataset)
        }
        if entry("dataset") == nil {
            reader.missing("dataset", in: "experiment", at: root, hint: "add a 'dataset' section with a 'source'")
        }

        let selection = entry("model").flatMap { readModelType($0) }
        let data = entry("dataset").flatMap { readDataset($0, learner: selection?.taskLearner, seed: seed) }
        let modelResult = entry("model").flatMap { readModel($0, model: selection, task: data?.spec.task) }
        let model = modelResult?.spec
        let scheduleResult = readSchedule(entry("schedule"), model: selection, result: modelResult)
        if selection == nil, let schedule = entry("schedule") { rejectSchedule(schedule, learner: nil) }
        let cv = readCrossValidation(entry("cv"), data: data)
        let space = SearchSpace(
            (modelResult?.space.dimensions ?? []) + (scheduleResult?.space.dimensions ?? []))
        let classCount = data.flatMap { $0.spec.task == .classification ? $0.spec.classNames.count : nil }
        var pruningResource: PruningResource?
        if let schedule = scheduleResult?.spec {
            pruningResource = .epochs(
                max: space.dimensions.contains { $0.name == "schedule.epochs" } ? nil : schedule.fixed.int("epochs"))
        }
        let search = readSearch(
            entry("search"), space: space, task: data?.spec.task, classCount: classCount,
            pruningResource: pruningResource)
        let execution = readExecution(entry("execution"))

        guard !reader.diagnostics.hasErrors, let name, let data, let model, let scheduleResult, let cv, let search,
            let execution
        else {
            return finish(nil, nil)
        }
        let experiment = Experiment(
            name: name, description: description, seed: seed, dataset: data.spec, model: model,
            schedule: scheduleResult.spec, space: space, cv: cv, search: search, execution: execution)
        return finish(experiment, data.supervised)
    }

    private func finish(_ experiment: Experiment?, _ dataset: SupervisedDataset?) -> Outcome {
        Outcome(experiment: experiment, dataset: dataset, diagnostics: reader.diagnostics.sorted)
    }

    /// `name` is required and becomes a folder name, so it is restricted to a portable character set.
    private mutating func readName(_ entry: SpecReader.Entry?, root: YAMLNode) -> String? {
        guard let entry else {
            reader.missing("name", in: "experiment", at: root, hint: "add 'name: my-experiment'")
            return nil
        }
        guard let name = reader.nonEmptyString(entry.value, named: "name") else { return nil }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard name.unicodeScalars.allSatisfy(allowed.contains), name.first != ".", name.count <= 100 else {
            reader.error(
                "invalid-name",
                "'name' may contain only letters, digits, '.', '_' and '-', not start with '.', and be at most 100 characters",
                at: entry.value, hint: "it names the bundle's folder")
            return nil
        }
        return name
    }

    mutating func rejectSchedule(_ entry: SpecReader.Entry, learner: (any Learner.Type)?) {
        let iterative = LearnerRegistry.all.filter { $0.trainsIteratively }.map { $0.name }
        let switchable = LearnerRegistry.all.filter { learner in
            if case .enumeration(let solvers)? = learner.schema["solver"]?.kind { return solvers.contains("sgd") }
            return false
        }.map { "'\($0.name)' with 'solver: sgd'" }
        var hint =
            iterative.isEmpty && switchable.isEmpty
            ? "no model in this version trains by gradient descent"
            : "'schedule' applies to "
                + ((iterative.isEmpty ? [] : [Suggestion.list(iterative)]) + switchable).joined(separator: " and ")
        // A learner that can be switched to gradient descent says how.
        if let learner, case .enumeration(let solvers)? = learner.schema["solver"]?.kind, solvers.contains("sgd") {
            hint = "set 'solver: sgd' to train '\(learner.name)' by gradient descent with this schedule"
        }
        if let learner {
            reader.error(
                "schedule-not-supported",
                "'\(learner.name)' does not train iteratively in this configuration, so it takes no 'schedule'",
                at: entry.keyNode, hint: hint)
        } else {
            reader.error(
                "schedule-not-supported", "'schedule' needs a model that trains iteratively", at: entry.keyNode,
                hint: hint)
        }
    }
}
