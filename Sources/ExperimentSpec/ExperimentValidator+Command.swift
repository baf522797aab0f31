import Datasets
import Foundation
import HyperplanCore
import Search

extension ExperimentValidator {
    static let commandKeys = ["type", "run", "params"]

    /// The text of `model.type` when it is a plain string (to tell a trial command from a learner early).
    static func modelTypeName(_ model: SpecReader.Entry) -> String? {
        model.value.pairs?.first { $0.key.text == "type" }?.value.text
    }

    /// An experiment whose model is the user's program (`model.type: command`). The dataset and `cv` are
    /// optional; with them each fold's rows are handed to the program as CSV files.
    mutating func validateCommandExperiment(
        entry: (String) -> SpecReader.Entry?, model: SpecReader.Entry, name: String?, description: String?,
        seed: UInt64
    ) -> (experiment: Experiment, dataset: SupervisedDataset?)? {
        let data = entry("dataset").flatMap { readDataset($0, learner: nil, seed: seed, rawRowsAllowed: true) }
        let command = readCommandModel(model, hasDataset: entry("dataset") != nil)
        if let schedule = entry("schedule") {
            reader.error(
                "schedule-not-supported", "a trial command takes no 'schedule'", at: schedule.keyNode,
                hint: "pass training settings to the program as 'params'")
        }
        var cv: CrossValidationSpec?
        if entry("dataset") != nil {
            cv = readCrossValidation(entry("cv"), data: data)
        } else if let cvEntry = entry("cv") {
            reader.error("cv-without-dataset", "'cv' needs a 'dataset' to split", at: cvEntry.keyNode)
        }
        let space = command?.space ?? SearchSpace()
        let search = readSearch(
            entry("search"), space: space, task: nil, classCount: nil, reportedMetrics: true, pruningResource: .steps)
        let execution = readExecution(entry("execution"), timesTrials: true)
        guard !reader.diagnostics.hasErrors, let name, let command, let spec = command.spec, let search, let execution
        else { return nil }
        if entry("dataset") != nil, data == nil || cv == nil { return nil }
        let experiment = Experiment(
            name: name, description: description, seed: seed, dataset: data?.spec, model: spec, schedule: nil,
            space: space, cv: cv, search: search, execution: execution)
        return (experiment, data?.supervised)
    }

    /// `model: {type: command, run: [...], params: {...}}`.
    private mutating func readCommandModel(_ entry: SpecReader.Entry, hasDataset: Bool)
        -> (spec: ModelSpec?, space: SearchSpace)?
    {
        guard let entries = reader.mapping(entry.value, named: "model") else { return nil }
        reader.rejectUnknownKeys(entries, allowed: Self.commandKeys, in: "model")
        // Every string of the section may reach the program's argv (`run` itself, a literal parameter, a choice),
        // where a C string ends at its first NUL: the program would get another value than the bundle records.
        var valid = rejectNULBytes(in: entry.value)
        func field(_ key: String) -> SpecReader.Entry? { entries.first { $0.key == key } }
        // Parameters first: `run` may only name those that exist.
        var fixed = Hyperparameters()
        var dimensions: [SearchSpace.Dimension] = []
        var parameterNames: [String] = []
        if let params = field("params") {
            if let paramEntries = reader.mapping(params.value, named: "model.params") {
                for parameter in paramEntries {
                    guard Self.isParameterName(parameter.key) else {
                        reader.error(
                            "invalid-name", "parameter name '\(parameter.key)' must be letters, digits and '_'",
                            at: parameter.keyNode)
                        valid = false
                        continue
                    }
                    parameterNames.append(parameter.key)
                    let option = OptionSpec(parameter.key, Self.anyValue, summary: "a parameter of the command")
                    let path = "\(ModelSpec.pathPrefix)\(parameter.key)"
                    if parameter.value.pairs != nil {
                        guard
                            let domain = DomainReader.read(parameter.value, option: option, path: path, reader: &reader)
                        else {
                            valid = false
                            continue
                        }
                        dimensions.append(SearchSpace.Dimension(name: path, domain: domain))
                        domainLocations[path] = parameter.value.location
                    } else if let value = parameter.value.parameterValue {
                        // A literal takes the values a choice may list, so `[a, b]` is refused in both places.
                        guard Self.anyValue.problem(with: value) == nil else {
                            reader.error(
                                "wrong-type",
                                "parameter '\(parameter.key)' must be a number, a string, true or false, or a list of integers, found \(parameter.value.kindDescription)",
                                at: parameter.value, hint: "pass a list of words as one string, e.g. \"x,y\"")
                            valid = false
                            continue
                        }
                        fixed[parameter.key] = value
                    } else {
                        reader.error(
                            "wrong-type",
                            "parameter '\(parameter.key)' must be a value or a search domain, found \(parameter.value.kindDescription)",
                            at: parameter.value)
                        valid = false
                    }
                }
            } else {
                valid = false
            }
        }
        let space = SearchSpace(dimensions)
        guard let runEntry = field("run") else {
            reader.missing(
                "run", in: "model", at: entry.keyNode,
                hint: "the program and its arguments, e.g. [python3, train.py, --lr, \"{lr}\"]")
            return (nil, space)
        }
        guard let arguments = reader.stringList(runEntry.value, named: "model.run") else { return (nil, space) }
        guard !arguments.isEmpty else {
            reader.error("invalid-value", "'model.run' must name a program", at: runEntry.value)
            return (nil, space)
        }
        var known = parameterNames + ["trial_dir", "seed"]
        if hasDataset { known += ["train", "validation", "fold"] }
        for (argument, node) in arguments {
            for placeholder in ArgumentTemplate(argument).placeholders where !known.contains(placeholder) {
                let dataHint =
                    ["train", "validation", "fold"].contains(placeholder) ? "'{\(placeholder)}' needs a 'dataset'" : nil
                reader.error(
                    "unknown-placeholder", "unknown placeholder '{\(placeholder)}' in 'model.run'", at: node,
                    hint: dataHint ?? Suggestion.closest(to: placeholder, among: known).map {
                        "did you mean '{\($0)}'?"
                    }
                        ?? "placeholders: \(Suggestion.list(known.map { "{\($0)}" }))")
                valid = false
            }
        }
        guard valid else { return (nil, space) }
        // Files the command names outright (the script) are hashed into the trials' identity.
        var hashes: [String: ContentHash] = [:]
        for (argument, _) in arguments where ArgumentTemplate(argument).placeholders.isEmpty && !argument.hasPrefix("-")
        {
            let url = DatasetLoader.resolve(path: argument, relativeTo: baseDirectory)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: url.path)
            {
                hashes[argument] = ContentHash(bytes: data)
            }
        }
        let command = CommandSpec(
            run: arguments.map(\.0), fileHashes: hashes, workingDirectory: baseDirectory.standardizedFileURL.path)
        return (ModelSpec(command: command, fixed: fixed, space: space), space)
    }

    /// Reports each string under `node` that holds a NUL byte, at its position; `false` when there was one.
    private mutating func rejectNULBytes(in node: YAMLNode) -> Bool {
        switch node.content {
        case .scalar(let text, _):
            guard text.utf8.contains(0) else { return true }
            reader.error(
                "invalid-value", "a NUL byte cannot be passed to a program: its arguments end at the first one",
                at: node, hint: "remove the '\\0' from the value")
            return false
        case .sequence(let items):
            return items.map { rejectNULBytes(in: $0) }.allSatisfy { $0 }
        case .mapping(let pairs):
            return pairs.map { rejectNULBytes(in: $0.key) && rejectNULBytes(in: $0.value) }.allSatisfy { $0 }
        }
    }

    /// Values a command parameter may take: numbers, words, booleans and lists of integers.
    static let anyValue = OptionKind.union([
        .integer(min: Int.min, max: Int.max), .real(.any), .boolean, .text, .integerList(min: Int.min, max: Int.max),
    ])

    static func isParameterName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || CharacterSet.letters.contains(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || CharacterSet.alphanumerics.contains($0) }
    }
}
