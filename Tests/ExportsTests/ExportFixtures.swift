import Exports
import HyperplanCore
import ResultBundle
import Testing

/// Trials and dimensions written as the JSON a bundle holds, for the export tests.
enum ExportFixtures {
    /// A `trials.jsonl` record read back as `BundleSnapshot` reads it.
    static func trial(_ json: String) throws -> RecordedTrial {
        try RecordedTrial(record: try JSONValue.parse(json), place: "fixture")
    }

    /// A `resolved.json` space entry.
    static func dimension(_ json: String) throws -> RecordedDimension {
        try #require(RecordedDimension(record: try JSONValue.parse(json)))
    }

    /// A fold record with the given validation and train accuracy and per-epoch validation metric.
    static func fold(_ number: Int, validation: Double, train: Double, curve: [Double] = [], status: String = "ok")
        -> String
    {
        let history = curve.enumerated().map { #"{"epoch":\#($0.offset + 1),"validation_metric":\#($0.element)}"# }
        return #"{"fold":\#(number),"status":"\#(status)","validation":{"accuracy":\#(validation)},"#
            + #""train":{"accuracy":\#(train)},"fit":{"converged":true,"history":[\#(history.joined(separator: ","))]}}"#
    }

    /// The space of a choice of models: `model.type` picks `knn` (with `n_neighbors`) or `mlp` (with
    /// `hidden_layers`, a choice of lists, and `alpha`, log-uniform).
    static func modelChoiceSpace() throws -> [RecordedDimension] {
        [
            try dimension(#"{"name":"model.type","domain":{"choice":["knn","mlp"]}}"#),
            try dimension(
                #"{"name":"model.knn.n_neighbors","domain":{"int":[1,30]},"when":{"parent":"model.type","values":["knn"]}}"#
            ),
            try dimension(
                #"{"name":"model.mlp.hidden_layers","domain":{"choice":[[16],[32,16]]},"when":{"parent":"model.type","values":["mlp"]}}"#
            ),
            try dimension(
                #"{"name":"model.mlp.alpha","domain":{"loguniform":[1.0e-05,0.1]},"when":{"parent":"model.type","values":["mlp"]}}"#
            ),
        ]
    }

    /// The Optuna distributions of `dimensions`, by name.
    static func space(_ dimensions: [RecordedDimension]) -> [String: OptunaDistribution] {
        Dictionary(uniqueKeysWithValues: dimensions.map { ($0.name, OptunaDistribution($0)) })
    }
}
