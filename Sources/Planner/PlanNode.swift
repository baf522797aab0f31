package import HyperplanCore

/// What a plan node does. The executor dispatches on this; the planner decides the graph around it.
package enum NodeTask: Sendable, Hashable {
    /// Read the dataset and encode the target.
    case loadData
    /// Hold out the final test split.
    case splitTest
    /// Split the training rows into cross-validation folds.
    case makeFolds
    /// Fit preprocessing on one fold's training rows (`fold`), or on the whole training split (`nil`).
    case fitPreprocessing(fold: Int?)
    /// Write one fold's training and validation rows (`fold`), or the training and test split (`nil`), as CSV
    /// files for a trial command.
    case exportFold(fold: Int?)
    /// Ask an adaptive search strategy for trial `trial`'s configuration, from the outcomes of the trials
    /// before it in logical order.
    case suggest(trial: Int)
    /// Fit one configuration on one fold and score it on the fold's training and validation rows.
    case fitScore(trial: Int, fold: Int)
    /// Combine one configuration's fold scores.
    case aggregate(trial: Int)
    /// Rank the configurations and pick the best.
    case selectBest
    /// Fit the best configuration on the whole training split.
    case refit
    /// Score the refitted model on the test split.
    case evaluateTest
    /// Write the result bundle.
    case writeBundle

    /// A kind's name, as in `plan --format json`, the journal and the docs; readers of a plan compare these.
    package enum Kind: String, CaseIterable, Sendable {
        case loadData = "load_data"
        case splitTest = "split_test"
        case makeFolds = "make_folds"
        case fitPreprocessing = "fit_preprocessing"
        case exportFold = "export_fold"
        case suggest
        case fitScore = "fit_score"
        case aggregate
        case selectBest = "select_best"
        case refit
        case evaluateTest = "evaluate_test"
        case writeBundle = "write_bundle"
    }

    /// The task's kind.
    package var kindName: Kind {
        switch self {
        case .loadData: return .loadData
        case .splitTest: return .splitTest
        case .makeFolds: return .makeFolds
        case .fitPreprocessing: return .fitPreprocessing
        case .exportFold: return .exportFold
        case .suggest: return .suggest
        case .fitScore: return .fitScore
        case .aggregate: return .aggregate
        case .selectBest: return .selectBest
        case .refit: return .refit
        case .evaluateTest: return .evaluateTest
        case .writeBundle: return .writeBundle
        }
    }

    /// The kind's name, as in `plan --format json` and the docs.
    package var kind: String { kindName.rawValue }

    /// Every kind, in pipeline order.
    package static let kinds = Kind.allCases.map(\.rawValue)

    /// A short human label: the kind and its coordinates (`fit_score[trial 3, fold 1]`).
    package var label: String {
        switch self {
        case .fitPreprocessing(let fold?): return "\(kind)[fold \(fold)]"
        case .fitPreprocessing(nil): return "\(kind)[training split]"
        case .exportFold(let fold?): return "\(kind)[fold \(fold)]"
        case .exportFold(nil): return "\(kind)[training and test split]"
        case .fitScore(let trial, let fold): return "\(kind)[trial \(trial), fold \(fold)]"
        case .aggregate(let trial), .suggest(let trial): return "\(kind)[trial \(trial)]"
        default: return kind
        }
    }
}

/// One node of the trial DAG.
///
/// Its `id` is the SHA-256 of its kind, its canonical inputs, its parents' IDs and the tool version, so
/// the same work always has the same ID; later stages cache and resume by it.
package struct PlanNode: Sendable, Hashable {
    package var id: ContentHash
    package var task: NodeTask
    package var parents: [ContentHash]
    /// The node's own inputs (what it computes from, beyond its parents' outputs), in canonical JSON.
    package var inputs: JSONValue

    package init(task: NodeTask, inputs: JSONValue, parents: [ContentHash]) {
        self.task = task
        self.inputs = inputs
        self.parents = parents
        id = ContentHash(
            json: .object([
                "kind": .string(task.kind),
                "inputs": inputs,
                "parents": .array(parents.map { .string($0.hex) }),
                "hyperplan_version": .string(HyperplanVersion.current),
            ]))
    }

    package var json: JSONValue {
        .object([
            "id": .string(id.hex),
            "kind": .string(task.kind),
            "label": .string(task.label),
            "parents": .array(parents.map { .string($0.hex) }),
            "inputs": inputs,
        ])
    }
}
