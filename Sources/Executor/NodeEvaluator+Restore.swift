import Datasets
import HyperplanCore
import Planner
import Resampling

extension NodeEvaluator {
    /// A node's output rebuilt from its journal record and its parents' restored outputs, without running it;
    /// `nil` when the record does not suffice (a refitted model, the bundle itself) or a parent's output is
    /// missing. Rebuilt outputs equal the originals bit for bit, so a resumed run writes the same results.
    func restore(_ node: PlanNode, record: JSONValue, inputs: [NodeOutput?]) -> NodeOutput? {
        switch node.task {
        case .loadData:
            guard let dataset = dataSet, record["rows"]?.intValue == dataset.rowCount else { return nil }
            return .dataset(dataset)
        case .splitTest:
            guard let train = record["train"]?.arrayValue?.compactMap(\.intValue) else { return nil }
            let test = record["test"]?.arrayValue?.compactMap(\.intValue)
            return .trainingRows(train: train, test: test)
        case .makeFolds:
            guard let parent = inputs.first, let parentOutput = parent,
                let validations = record["validation"]?.arrayValue
            else { return nil }
            guard let rows = try? trainingRows(from: [parentOutput]).train else { return nil }
            let splits = validations.map { entry -> Split in
                let validation = entry.arrayValue?.compactMap(\.intValue) ?? []
                let held = Set(validation)
                return Split(train: rows.filter { !held.contains($0) }, validation: validation)
            }
            return .folds(splits)
        case .fitPreprocessing(let fold):
            guard let parent = inputs.first, let parentOutput = parent,
                let preprocessing = record["preprocessing"].flatMap(FittedPreprocessing.init(record:))
            else { return nil }
            let train: [Int]
            let heldOut: [Int]
            if let fold {
                guard case .folds(let splits) = parentOutput, splits.indices.contains(fold) else { return nil }
                (train, heldOut) = (splits[fold].train, splits[fold].validation)
            } else {
                guard let rows = try? trainingRows(from: [parentOutput]) else { return nil }
                (train, heldOut) = (rows.train, rows.test ?? [])
            }
            return (try? prepared(with: preprocessing, train: train, heldOut: heldOut)).map(NodeOutput.prepared)
        case .suggest(let trial):
            return restoreSuggestion(trial: trial, record: record, inputs: inputs)
        case .fitScore:
            guard let result = FoldResult(record: record) else { return nil }
            // A trial command's failure may be transient (a timeout, a crash, a full disk): a rerun tries it
            // again. A built-in learner's failure is a function of its inputs and would only repeat.
            if case .failed = result.status, experiment.model.command != nil { return nil }
            return .fold(result)
        case .aggregate, .selectBest:
            // Derived from the parents alone: recompute when they are all restored.
            let parents = inputs.compactMap { $0 }
            guard parents.count == inputs.count else { return nil }
            return try? evaluate(node, inputs: parents)
        case .evaluateTest:
            guard let scores = record["scores"] else { return nil }
            if case .null = scores { return .testScores(nil) }
            guard let object = scores.objectValue else { return nil }
            return .testScores(object.mapValues { $0.doubleValue ?? .nan })
        case .refit, .writeBundle, .exportFold:
            return nil
        }
    }
}
