import Datasets
import HyperplanCore

// `model.json`'s keys, declared once for the run that writes the file and `hyperplan predict` that reads it.
// Reading checks that a fitted in-process model has everything prediction needs and names the key of the
// first problem (`features: must list the preprocessing's columns in order`).
extension ModelFile: Codable {
    private enum CodingKeys: String, CodingKey {
        case format, type, fitted, trial, hyperparameters, schedule, task, target, features, featureNames, classes
        case preprocessing, parameters, fitReport = "fit", trainScores
    }

    /// Reads the file.
    ///
    /// - Throws: `DecodingError` at the first key that is missing or wrong.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func invalid(_ key: CodingKeys, _ rule: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: container.codingPath + [key], debugDescription: rule))
        }
        format = try container.decode(Int.self, forKey: .format)
        type = try container.decode(String.self, forKey: .type)
        fitted = try container.decode(Bool.self, forKey: .fitted)
        trial = try container.decodeIfPresent(Int.self, forKey: .trial)
        hyperparameters = try container.decodeIfPresent(JSONValue.self, forKey: .hyperparameters) ?? .null
        schedule = try container.decodeIfPresent(JSONValue.self, forKey: .schedule) ?? .null
        fitReport = try container.decodeIfPresent(JSONValue.self, forKey: .fitReport) ?? .null
        parameters = try container.decodeIfPresent(JSONValue.self, forKey: .parameters) ?? .null
        trainScores = try container.decodeIfPresent([String: Double].self, forKey: .trainScores) ?? [:]
        features = []
        featureNames = []
        guard fitted, type != Self.commandType else { return }
        let taskName = try container.decode(String.self, forKey: .task)
        guard let task = TaskKind(rawValue: taskName) else {
            let names = TaskKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw invalid(.task, "must be one of \(names), not '\(taskName)'")
        }
        self.task = task
        target = try container.decode(String.self, forKey: .target)
        let preprocessing = try container.decode(StoredPreprocessing.self, forKey: .preprocessing)
        self.preprocessing = preprocessing
        features = try container.decode([String].self, forKey: .features)
        guard features == preprocessing.columns.map(\.name) else {
            throw invalid(.features, "must list the preprocessing's columns in order")
        }
        featureNames = try container.decode([String].self, forKey: .featureNames)
        guard featureNames == preprocessing.featureNames else {
            throw invalid(.featureNames, "must equal the columns the preprocessing gives")
        }
        if task == .classification {
            let classes = try container.decode([String].self, forKey: .classes)
            guard classes.count >= 2, Set(classes).count == classes.count else {
                throw invalid(.classes, "must list at least two distinct classes")
            }
            self.classes = classes
        }
        guard container.contains(.parameters) else {
            throw DecodingError.keyNotFound(CodingKeys.parameters, .init(codingPath: [], debugDescription: "missing"))
        }
    }

    /// Writes `format`, `type` and `fitted`, and for a fitted model every other key (`null` where a value is
    /// unknown, `classes` only for classification).
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(type, forKey: .type)
        try container.encode(fitted, forKey: .fitted)
        guard fitted else { return }
        try container.encode(ExplicitNull(wrappedValue: trial), forKey: .trial)
        try container.encode(hyperparameters, forKey: .hyperparameters)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(ExplicitNull(wrappedValue: task?.rawValue), forKey: .task)
        try container.encode(ExplicitNull(wrappedValue: target), forKey: .target)
        try container.encode(features, forKey: .features)
        try container.encode(featureNames, forKey: .featureNames)
        try container.encodeIfPresent(classes, forKey: .classes)
        try container.encode(ExplicitNull(wrappedValue: preprocessing), forKey: .preprocessing)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(fitReport, forKey: .fitReport)
        try container.encode(trainScores, forKey: .trainScores)
    }
}
