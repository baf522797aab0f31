import Datasets
import HyperplanCore
import Learners
import Resampling

extension ExperimentValidator {
    static let datasetKeys = ["source", "target", "features", "drop", "task", "test_size", "preprocess"]

    /// Synthetic tables name their target column `y`.
    enum SyntheticDatasetDefaults {
        static let target = "y"
    }

    /// The validated dataset section and the data it names.
    struct DatasetResult {
        var spec: DatasetSpec
        var supervised: SupervisedDataset
        /// Rows left for cross-validation after the test split.
        var trainingRows: Int
        /// Rows per class (classification), before the test split.
        var classCounts: [Int]
        /// Where `test_size` is written, if it is.
        var testSizeNode: YAMLNode?
    }

    /// - Parameter rawRowsAllowed: the rows may reach the model untransformed (a trial command reads them
    ///   from files), so categorical columns and missing values need no preprocessing unless some is asked for.
    mutating func readDataset(
        _ entry: SpecReader.Entry, learner: (any Learner.Type)?, seed: UInt64, rawRowsAllowed: Bool = false
    ) -> DatasetResult? {
        guard let entries = reader.mapping(entry.value, named: "dataset") else { return nil }
        reader.rejectUnknownKeys(entries, allowed: Self.datasetKeys, in: "dataset")
        func field(_ key: String) -> SpecReader.Entry? { entries.first { $0.key == key } }

        var structurallyValid = true
        let sourceEntry = field("source")
        var source: DatasetSource?
        if let sourceEntry {
            if sourceEntry.value.pairs != nil {
                source = readSyntheticSource(sourceEntry.value)
                if source == nil { return nil }
            } else if let text = reader.nonEmptyString(sourceEntry.value, named: "dataset.source") {
                source = DatasetSource(parsing: text)
            }
        } else {
            reader.missing("source", in: "dataset", at: entry.keyNode, hint: "write 'builtin:NAME' or a CSV path")
        }
        let targetEntry = field("target")
        var target = targetEntry.flatMap { reader.nonEmptyString($0.value, named: "dataset.target") }
        if targetEntry != nil, target == nil { structurallyValid = false }
        let features = field("features").map { reader.stringList($0.value, named: "dataset.features") }
        let drop = field("drop").map { reader.stringList($0.value, named: "dataset.drop") }
        if features.map({ $0 == nil }) ?? false || drop.map({ $0 == nil }) ?? false { structurallyValid = false }
        var declaredTask: TaskKind?
        if let taskEntry = field("task") {
            let names = TaskKind.allCases.map(\.rawValue)
            declaredTask = reader.enumeration(taskEntry.value, named: "task", allowed: names).flatMap(
                TaskKind.init(rawValue:))
            if declaredTask == nil { structurallyValid = false }
        }
        var testSize: SplitSize?
        if let testEntry = field("test_size") {
            testSize = readSplitSize(testEntry.value, named: "dataset.test_size")
            if testSize == nil { structurallyValid = false }
        }
        let preprocessEntry = field("preprocess")
        var preprocess = PreprocessingPlan([])
        if let preprocessEntry {
            if let plan = readPreprocess(preprocessEntry.value) { preprocess = plan } else { structurallyValid = false }
        }

        guard let source, let sourceEntry else { return nil }
        if case .builtin(let name) = source {
            guard let builtin = BuiltinDataset.named(name) else {
                let names = BuiltinDataset.all.map(\.name)
                reader.error(
                    "unknown-dataset", "unknown built-in dataset '\(name)'", at: sourceEntry.value,
                    hint: Suggestion.hint(for: name, among: names).map { "\($0)" }
                        ?? "built-in datasets: \(Suggestion.list(names))")
                return nil
            }
            target = target ?? (targetEntry == nil ? builtin.defaultTarget : nil)
        } else if case .synthetic(let name, _) = source {
            guard SyntheticRegistry.generator(named: name) != nil else {
                reader.error(
                    "unknown-dataset", "unknown synthetic dataset '\(name)'", at: sourceEntry.value,
                    hint: Suggestion.hint(for: name, among: SyntheticRegistry.names)
                        ?? "synthetic datasets: \(Suggestion.list(SyntheticRegistry.names))")
                return nil
            }
            target = target ?? (targetEntry == nil ? SyntheticDatasetDefaults.target : nil)
        } else if targetEntry == nil {
            reader.missing("target", in: "dataset", at: entry.keyNode, hint: "name the column to predict")
        }
        let loaded: LoadedDataset
        do {
            loaded = try DatasetLoader.load(source, relativeTo: baseDirectory, seed: seed)
        } catch {
            var diagnostic = error.diagnostic(fallback: sourceEntry.value.location)
            if error.location != nil {
                diagnostic.notes.append(Diagnostic.Note("dataset named here", at: sourceEntry.value.location))
            }
            reader.diagnostics.append(diagnostic)
            return nil
        }
        guard structurallyValid, let target, let targetEntry = targetEntry ?? Optional(sourceEntry) else { return nil }
        return checkColumns(
            loaded: loaded, target: target, targetNode: targetEntry.value, features: features ?? nil, drop: drop ?? nil,
            declaredTask: declaredTask ?? syntheticTask(source), taskNode: field("task")?.value, learner: learner,
            testSize: testSize,
            testNode: field("test_size")?.value, preprocess: preprocess, rawRowsAllowed: rawRowsAllowed,
            preprocessNode: preprocessEntry?.value ?? entry.keyNode)
    }

    /// `source: {synthetic: NAME, option: value, …}`: a generated dataset, its options checked against the
    /// generator's schema and cross-option rules at their own lines.
    private mutating func readSyntheticSource(_ node: YAMLNode) -> DatasetSource? {
        guard let entries = reader.mapping(node, named: "dataset.source") else { return nil }
        guard let nameEntry = entries.first(where: { $0.key == "synthetic" }) else {
            reader.error(
                "missing-key", "a mapping 'source' must name a generator with 'synthetic'", at: node,
                hint: "for example {synthetic: classification, samples: 1000}")
            return nil
        }
        guard
            let name = reader.enumeration(
                nameEntry.value, named: "synthetic dataset", allowed: SyntheticRegistry.names, id: "unknown-dataset"),
            let generator = SyntheticRegistry.generator(named: name)
        else { return nil }
        let options = OptionReader.read(
            entries.filter { $0.key != "synthetic" }, schema: generator.schema, section: "dataset.source",
            owner: "synthetic dataset '\(name)'", allowSearch: false, reader: &reader)
        guard options.valid else { return nil }
        let problems = generator.problems(with: options.resolved(with: generator.schema))
        for problem in problems {
            reader.error("invalid-value", problem.message, at: options.nodes[problem.option] ?? nameEntry.value)
        }
        guard problems.isEmpty else { return nil }
        return .synthetic(name: name, options: Hyperparameters(options.literals).json)
    }

    /// The task a synthetic generator produces, when the source is one.
    private func syntheticTask(_ source: DatasetSource?) -> TaskKind? {
        guard case .synthetic(let name, _)? = source else { return nil }
        return SyntheticRegistry.generator(named: name)?.task
    }

    mutating func readSplitSize(_ node: YAMLNode, named name: String) -> SplitSize? {
        guard let value = node.parameterValue, value.doubleValue != nil else {
            reader.error(
                "wrong-type", "'\(name)' must be \(OptionKind.fractionOrCount.phrase), found \(node.kindDescription)",
                at: node)
            return nil
        }
        guard let size = SplitSize(value) else {
            reader.error(
                "invalid-value", "'\(name)' must be a fraction between 0 and 1 or a row count of at least 1", at: node)
            return nil
        }
        return size
    }

    private mutating func readPreprocess(_ node: YAMLNode) -> PreprocessingPlan? {
        guard let items = node.items else {
            reader.error(
                "wrong-type", "'dataset.preprocess' must be a list of steps, found \(node.kindDescription)", at: node,
                hint: "for example [impute, one_hot, standardize]")
            return nil
        }
        var steps: [PreprocessingStep] = []
        var valid = true
        for item in items {
            var step: PreprocessingStep?
            if let entries = item.pairs.flatMap({ _ in reader.mapping(item, named: "preprocess step") }) {
                // `{impute: median}` chooses the imputation strategy.
                guard entries.count == 1, let only = entries.first, only.key == "impute" else {
                    reader.error(
                        "unknown-value", "a preprocessing step with settings must be written {impute: STRATEGY}",
                        at: item)
                    valid = false
                    continue
                }
                let strategies = PreprocessingStep.ImputeStrategy.allCases.map(\.rawValue)
                step = reader.enumeration(only.value, named: "impute strategy", allowed: strategies)
                    .flatMap(PreprocessingStep.ImputeStrategy.init(rawValue:)).map(PreprocessingStep.impute)
            } else if let name = reader.enumeration(item, named: "preprocessing step", allowed: PreprocessingStep.names)
            {
                switch name {
                case "standardize": step = .standardize
                case "one_hot": step = .oneHot
                default: step = .impute(.mean)
                }
            }
            guard let step else { valid = false; continue }
            if steps.contains(where: { $0.name == step.name }) {
                reader.warning("duplicate-step", "preprocessing step '\(step.name)' is listed twice", at: item)
            }
            steps.append(step)
        }
        return valid ? PreprocessingPlan(steps) : nil
    }
}
