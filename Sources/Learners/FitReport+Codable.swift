package import HyperplanCore

// The fit report as a record: a fold's `fit` in the journal and in `trials.jsonl`, and the refit's `fit` in
// `model.json`. Written and read through `CanonicalCoding`, so the keys are declared once, here.
//
// An optional number that is present but not finite is written as `null` and read back as NaN, and an absent
// one stays `nil`: the record reads back to the report that wrote it, and writes the same bytes again.

extension EpochRecord: Codable {
    private enum CodingKeys: String, CodingKey {
        case epoch, learningRate, trainLoss, trainMetric, validationLoss, validationMetric
    }

    /// Reads an epoch record; `learning_rate` and `train_loss` are NaN when absent.
    ///
    /// - Throws: `DecodingError` when `epoch` is missing or a field has the wrong kind.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            epoch: try container.decode(Int.self, forKey: .epoch),
            learningRate: try container.presentNumber(.learningRate) ?? .nan,
            trainLoss: try container.presentNumber(.trainLoss) ?? .nan,
            trainMetric: try container.presentNumber(.trainMetric),
            validationLoss: try container.presentNumber(.validationLoss),
            validationMetric: try container.presentNumber(.validationMetric))
    }

    /// Writes `epoch`, `learning_rate`, `train_loss`, and the optional metrics and losses that are set.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(trainLoss, forKey: .trainLoss)
        try container.encodeIfPresent(trainMetric, forKey: .trainMetric)
        try container.encodeIfPresent(validationLoss, forKey: .validationLoss)
        try container.encodeIfPresent(validationMetric, forKey: .validationMetric)
    }
}

extension FitReport: Codable {
    private enum CodingKeys: String, CodingKey {
        case iterations, converged, objective, history
    }

    /// Reads a fit report; `history` is empty when absent.
    ///
    /// - Throws: `DecodingError` when `converged` is missing or a field has the wrong kind.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            iterations: try container.decodeIfPresent(Int.self, forKey: .iterations),
            converged: try container.decode(Bool.self, forKey: .converged),
            objective: try container.presentNumber(.objective),
            history: try container.decodeIfPresent([EpochRecord].self, forKey: .history) ?? [])
    }

    /// Writes `converged`, and `iterations`, `objective` and `history` when they are set (`history` when not
    /// empty).
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(converged, forKey: .converged)
        try container.encodeIfPresent(iterations, forKey: .iterations)
        try container.encodeIfPresent(objective, forKey: .objective)
        if !history.isEmpty { try container.encode(history, forKey: .history) }
    }

    /// The report as its record.
    package var json: JSONValue { canonicalJSON }
}

extension KeyedDecodingContainer {
    /// A number that is `nil` only when the key is absent: `null` (a non-finite number, as written) reads as NaN.
    func presentNumber(_ key: Key) throws -> Double? {
        contains(key) ? try decode(Double.self, forKey: key) : nil
    }
}
