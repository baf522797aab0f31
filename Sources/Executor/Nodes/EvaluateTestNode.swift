import HyperplanCore
import Planner

/// `evaluate_test`: the refitted model's scores on the test split (`nil` when nothing was refitted).
extension EvaluateTestNode: NodeKind {
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

    /// The test scores, `null` when nothing was refitted.
    struct Record: Codable {
        @ExplicitNull var scores: [String: Double]?
    }

    func record(_ scores: [String: Double]?) -> Record { Record(scores: scores) }

    func restore(_ record: Record, inputs: NodeInputs, in evaluator: NodeEvaluator) -> [String: Double]?? {
        .some(record.scores)
    }
}
