import HyperplanCore
import Planner

/// `evaluate_test`: the refitted model's scores on the test split (`nil` when nothing was refitted).
struct EvaluateTestNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) throws -> [String: Double]? {
        guard let refit = try inputs.required(RefitNode.self) else { return nil }
        switch refit.model {
        case .command(let final):
            return final.validationScores
        case .learner(let model):
            if let test = refit.testPredictions {
                return evaluator.scores(of: test.predictions, targets: test.truth)
            }
            let prepared = try inputs.required(FitPreprocessingNode.self)
            return evaluator.scores(
                of: model, features: prepared.heldOutFeatures, targets: prepared.heldOutTargets)
        }
    }

    func record(_ scores: [String: Double]?) -> JSONValue {
        .object(["scores": scores.map { .object($0.mapValues(JSONValue.number)) } ?? .null])
    }

    func restore(_ record: JSONValue, inputs: NodeInputs, in evaluator: NodeEvaluator) -> [String: Double]?? {
        guard let scores = record["scores"] else { return nil }
        if case .null = scores { return .some(nil) }
        guard let object = scores.objectValue else { return nil }
        return .some(object.mapValues { $0.doubleValue ?? .nan })
    }
}
