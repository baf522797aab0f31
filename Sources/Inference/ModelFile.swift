package import Datasets
package import HyperplanCore

/// A bundle's `model.json`: the refitted best model and the whole fitted pipeline in front of it.
///
/// The run writes it (`json`) and `hyperplan predict` reads it back (`init(json:)`), both through
/// `CanonicalCoding` and one declaration of the keys (`ModelFile+Codable.swift`). `docs/bundles.md` documents the file.
package struct ModelFile: Sendable {
    /// The format this Hyperplan writes and reads. Format 1 (no `format` key) had no preprocessing section.
    package static let currentFormat = 2
    package static let fileName = "model.json"
    /// The `type` of a trial command's model, which has no in-process model.
    package static let commandType = "command"

    package var format: Int
    /// The learner's name (`model.type`), or `command`.
    package var type: String
    /// `false` when nothing was refitted (every trial failed, the run stopped, no dataset); every field below
    /// is then empty.
    package var fitted: Bool
    package var trial: Int?
    package var hyperparameters: JSONValue
    package var schedule: JSONValue
    package var task: TaskKind?
    /// The target column's name.
    package var target: String?
    /// The input columns the pipeline reads, in order (`features` in the file).
    package var features: [String]
    /// The columns after preprocessing, in the order the model's parameters use them.
    package var featureNames: [String]
    /// Class labels in index order (classification).
    package var classes: [String]?
    package var preprocessing: StoredPreprocessing?
    /// The learner's learned parameters (`FittedModel.parameters`).
    package var parameters: JSONValue
    /// How the refit went (`FitReport.json`).
    package var fitReport: JSONValue
    /// Scores on the training split the model was refitted on.
    package var trainScores: [String: Double]

    /// A fitted model's file.
    package init(
        type: String, trial: Int, hyperparameters: JSONValue, schedule: JSONValue, task: TaskKind?,
        target: String?, featureNames: [String], classes: [String]?, preprocessing: StoredPreprocessing?,
        parameters: JSONValue, fitReport: JSONValue, trainScores: [String: Double]
    ) {
        format = Self.currentFormat
        self.type = type
        fitted = true
        self.trial = trial
        self.hyperparameters = hyperparameters
        self.schedule = schedule
        self.task = task
        self.target = target
        features = preprocessing?.columns.map(\.name) ?? []
        self.featureNames = featureNames
        self.classes = classes
        self.preprocessing = preprocessing
        self.parameters = parameters
        self.fitReport = fitReport
        self.trainScores = trainScores
    }

    /// The file of a run that refitted nothing: `{"fitted": false, "format": 2, "type": …}`.
    package static func unfitted(type: String) -> ModelFile {
        var file = ModelFile(
            type: type, trial: 0, hyperparameters: .null, schedule: .null, task: nil, target: nil, featureNames: [],
            classes: nil, preprocessing: nil, parameters: .null, fitReport: .null, trainScores: [:])
        file.fitted = false
        file.trial = nil
        return file
    }

    /// The file's JSON (`ModelFile+Codable.swift` has the keys).
    package var json: JSONValue { canonicalJSON }

    /// The format a `model.json` document declares: its `format`, or 1 for files written before the key existed.
    package static func format(of json: JSONValue) -> Int? {
        guard let format = json["format"] else { return json.objectValue == nil ? nil : 1 }
        return format.intValue
    }

    /// Reads a document of the current format.
    ///
    /// A fitted in-process model must have everything prediction needs: `task`, `target`, `features` (matching
    /// the preprocessing's columns), `feature_names` (matching what the preprocessing gives), `classes` for
    /// classification, `preprocessing` and `parameters`. A trial command's file and an unfitted one need only
    /// `type` and `fitted`.
    ///
    /// - Throws: `JSONFieldError` naming the first key that is missing or wrong.
    package init(json: JSONValue) throws(JSONFieldError) {
        do {
            self = try CanonicalCoding.decode(ModelFile.self, from: json)
        } catch {
            throw JSONFieldError(error)
        }
    }
}
