import Datasets
import HyperplanCore
import Learners
import Resampling

extension ExperimentValidator {
    /// Checks the named columns against the loaded table, decides the task and encodes the target.
    mutating func checkColumns(
        loaded: LoadedDataset, target: String, targetNode: YAMLNode, features: [(String, YAMLNode)]?,
        drop: [(String, YAMLNode)]?, declaredTask: TaskKind?, taskNode: YAMLNode?, learner: (any Learner.Type)?,
        testSize: SplitSize?, testNode: YAMLNode?, preprocess: PreprocessingPlan, rawRowsAllowed: Bool = false,
        preprocessNode: YAMLNode
    ) -> DatasetResult? {
        let table = loaded.table
        let columnNames = table.columnNames
        guard table.rowCount > 0 else {
            // Checked first: with no rows every later check (the task, the classes) would mislead.
            reader.error(
                "csv-no-rows", "'\(loaded.fileDescription)' has a header but no data rows", at: targetNode,
                hint: "the first line is read as the column names; add the rows below it")
            return nil
        }
        func unknownColumn(_ name: String, role: String, at node: YAMLNode) {
            let hint =
                Suggestion.hint(for: name, among: columnNames)
                ?? (columnNames.count <= 12 ? "columns: \(Suggestion.list(columnNames))" : nil)
            reader.error(
                "unknown-column", "\(role) column '\(name)' is not in '\(loaded.fileDescription)'", at: node, hint: hint
            )
        }
        guard let targetColumn = table.column(named: target) else {
            unknownColumn(target, role: "target", at: targetNode)
            return nil
        }
        var valid = true
        var listed = Set<String>()
        for (name, node) in features ?? [] {
            if !listed.insert(name).inserted {
                reader.error("duplicate-column", "feature column '\(name)' is listed twice", at: node)
                valid = false
            } else if name == target {
                reader.error("target-as-feature", "the target '\(target)' cannot also be a feature", at: node)
                valid = false
            } else if table.column(named: name) == nil {
                unknownColumn(name, role: "feature", at: node)
                valid = false
            }
        }
        for (name, node) in drop ?? [] where table.column(named: name) == nil {
            unknownColumn(name, role: "dropped", at: node)
            valid = false
        }
        guard valid else { return nil }
        let dropped = Set((drop ?? []).map(\.0))
        let featureNames = (features?.map(\.0) ?? columnNames.filter { $0 != target }).filter { !dropped.contains($0) }
        guard !featureNames.isEmpty else {
            reader.error(
                "no-features", "no feature columns are left", at: targetNode, hint: "check 'features' and 'drop'")
            return nil
        }
        guard
            let task = decideTask(
                targetColumn: targetColumn, targetNode: targetNode, declared: declaredTask, taskNode: taskNode,
                learner: learner)
        else { return nil }
        if !(rawRowsAllowed && preprocess.steps.isEmpty) {
            checkFeatureColumns(
                featureNames.compactMap(table.column(named:)), preprocess: preprocess, at: preprocessNode)
        }

        let supervised: SupervisedDataset
        do {
            supervised = try SupervisedDataset.make(
                from: loaded, target: target, features: featureNames, drop: [], task: task)
        } catch {
            var diagnostic = error.diagnostic(fallback: targetNode.location)
            if error.location != nil {
                diagnostic.notes.append(Diagnostic.Note("target named here", at: targetNode.location))
            }
            reader.diagnostics.append(diagnostic)
            return nil
        }
        var classCounts: [Int] = []
        if case .classes(let labels, let classCount) = supervised.targets {
            classCounts = [Int](repeating: 0, count: classCount)
            for label in labels { classCounts[label] += 1 }
            if classCount < 2 {
                reader.error(
                    "single-class", "the target '\(target)' has a single class; classification needs two or more",
                    at: targetNode)
                return nil
            }
            if classCount > TaskInference.minimumRegressionDistinct {
                reader.warning(
                    "many-classes", "the target '\(target)' has \(classCount) classes", at: targetNode,
                    hint: "set 'task: regression' if it is a quantity")
            }
        }
        var trainingRows = table.rowCount
        if let testSize, let testNode {
            do {
                let testRows = try testSize.count(of: table.rowCount, purpose: "test")
                trainingRows -= testRows
                let classes = classCounts.filter { $0 > 0 }.count
                if classes > 0, testRows < classes || trainingRows < classes {
                    reader.error(
                        "stratified-split-too-small",
                        "the test split is stratified and needs a row of each of the \(classes) classes on both sides, "
                            + "but 'dataset.test_size' \(testSize) gives \(testRows) test and \(trainingRows) training rows",
                        at: testNode)
                    return nil
                }
            } catch {
                reader.error(
                    "invalid-value", "'dataset.test_size' \(testSize) leaves no rows on one side of \(table.rowCount)",
                    at: testNode)
                return nil
            }
        }
        let spec = DatasetSpec(
            source: loaded.source, sha256: loaded.sha256, target: target, features: featureNames, task: task,
            taskOrigin: learner?.tasks.count == 1 ? .model : (declaredTask != nil ? .declared : .inferred),
            testSize: testSize, preprocess: preprocess, rowCount: table.rowCount, classNames: supervised.classNames)
        return DatasetResult(
            spec: spec, supervised: supervised, trainingRows: trainingRows, classCounts: classCounts,
            testSizeNode: testNode)
    }

    /// The model decides when it can do one task; otherwise `dataset.task`, otherwise the target column.
    private mutating func decideTask(
        targetColumn: DataColumn, targetNode: YAMLNode, declared: TaskKind?, taskNode: YAMLNode?,
        learner: (any Learner.Type)?
    ) -> TaskKind? {
        if let learner, learner.tasks.count == 1, let only = learner.tasks.first {
            if let declared, declared != only, let taskNode {
                reader.error(
                    "task-conflict", "'\(learner.name)' does \(only.rawValue), but 'task' says \(declared.rawValue)",
                    at: taskNode)
                return nil
            }
            if only == .regression, !targetColumn.isNumeric {
                reader.error(
                    "non-numeric-target",
                    "'\(learner.name)' needs a numeric target, but '\(targetColumn.name)' holds text labels",
                    at: targetNode)
                return nil
            }
            if only == .classification, targetColumn.isNumeric, !targetColumn.isIntegral {
                reader.error(
                    "non-class-target",
                    "'\(learner.name)' needs class labels, but '\(targetColumn.name)' holds real numbers",
                    at: targetNode)
                return nil
            }
            return only
        }
        if let declared {
            if let learner, !learner.tasks.contains(declared), let taskNode {
                reader.error("task-conflict", "'\(learner.name)' cannot do \(declared.rawValue)", at: taskNode)
                return nil
            }
            return declared
        }
        switch TaskInference.infer(from: targetColumn) {
        case .decided(let task, _): return task
        case .ambiguous(let reason):
            reader.error(
                "ambiguous-task", "cannot tell whether to classify or regress: \(reason)", at: targetNode,
                hint: "set 'dataset.task'")
            return nil
        }
    }

    /// Categorical features need one-hot encoding and missing values need imputation.
    private mutating func checkFeatureColumns(_ columns: [DataColumn], preprocess: PreprocessingPlan, at node: YAMLNode)
    {
        let categorical = columns.filter { !$0.isNumeric }.map(\.name)
        if !categorical.isEmpty, !preprocess.oneHot {
            reader.error(
                "categorical-needs-one-hot",
                "\(categorical.count == 1 ? "column" : "columns") \(Suggestion.list(categorical, conjunction: "and")) \(categorical.count == 1 ? "is" : "are") categorical",
                at: node,
                hint: "add 'one_hot' to 'dataset.preprocess', or drop \(categorical.count == 1 ? "it" : "them")")
        }
        let incomplete = columns.filter { $0.missingCount > 0 }
        if !incomplete.isEmpty, preprocess.imputeStrategy == nil {
            let total = incomplete.reduce(0) { $0 + $1.missingCount }
            reader.error(
                "missing-needs-impute",
                "\(total) missing value(s) in \(Suggestion.list(incomplete.map(\.name), conjunction: "and"))", at: node,
                hint: "add 'impute' to 'dataset.preprocess', or drop those columns")
        }
    }
}
