import HyperplanCore

// `model.json`'s `preprocessing` section, written and read through `CanonicalCoding`. Reading checks what
// prediction relies on and names the key of the first problem (`columns[0].scale: must not be 0`).

extension StoredPreprocessing: Codable {
    private enum CodingKeys: String, CodingKey {
        case steps, columns
    }

    /// Reads `steps` and `columns`.
    ///
    /// - Throws: `DecodingError` at the key that is missing or wrong, or at a column named twice.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let steps = try container.decode([PreprocessingStep].self, forKey: .steps)
        let columns = try container.decode([Column].self, forKey: .columns)
        var seen = Set<String>()
        for (index, column) in columns.enumerated() where !seen.insert(column.name).inserted {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: container.codingPath + [
                        CodingKeys.columns, RecordIndex(index), Column.CodingKeys.column,
                    ],
                    debugDescription: "names column '\(column.name)' twice"))
        }
        self.init(plan: PreprocessingPlan(steps), columns: columns)
    }

    /// Writes `steps` and `columns`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(plan.steps, forKey: .steps)
        try container.encode(columns, forKey: .columns)
    }
}

extension StoredPreprocessing.Column: Codable {
    enum CodingKeys: String, CodingKey {
        case column, kind, fill, center, scale, categories
    }

    /// Reads one column: `numeric` with a `fill` (or `null`), a finite `center` and a non-zero `scale`, or
    /// `one_hot` with `categories` and a `fill` among them (or `null`).
    ///
    /// - Throws: `DecodingError` at the key that is missing or wrong.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func invalid(_ key: CodingKeys, _ rule: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: container.codingPath + [key], debugDescription: rule))
        }
        let name = try container.decode(String.self, forKey: .column)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "numeric":
            let fill = try container.decodeIfPresent(Double.self, forKey: .fill)
            // `null` reads as NaN where a number is required: a centre or scale must be a number.
            let center = try container.decode(Double.self, forKey: .center)
            guard center.isFinite else { throw invalid(.center, "must be a number") }
            let scale = try container.decode(Double.self, forKey: .scale)
            guard scale.isFinite else { throw invalid(.scale, "must be a number") }
            guard scale != 0 else { throw invalid(.scale, "must not be 0") }
            self = .numeric(name: name, fill: fill, center: center, scale: scale)
        case "one_hot":
            let categories = try container.decode([String].self, forKey: .categories)
            let fill = try container.decodeIfPresent(String.self, forKey: .fill)
            if let fill, !categories.contains(fill) {
                throw invalid(.fill, "must be one of the column's categories, not '\(fill)'")
            }
            self = .oneHot(name: name, categories: categories, fill: fill)
        default:
            throw invalid(.kind, "must be one of 'numeric', 'one_hot', not '\(kind)'")
        }
    }

    /// Writes `column`, `kind` and the kind's fields; `fill` is `null` without imputation.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .column)
        switch self {
        case .numeric(_, let fill, let center, let scale):
            try container.encode("numeric", forKey: .kind)
            try container.encode(ExplicitNull(wrappedValue: fill), forKey: .fill)
            try container.encode(center, forKey: .center)
            try container.encode(scale, forKey: .scale)
        case .oneHot(_, let categories, let fill):
            try container.encode("one_hot", forKey: .kind)
            try container.encode(categories, forKey: .categories)
            try container.encode(ExplicitNull(wrappedValue: fill), forKey: .fill)
        }
    }
}

// A step is its name (`"one_hot"`, `"standardize"`) or `{"impute": {"strategy": …}}`, as in `resolved.json`.
extension PreprocessingStep: Codable {
    private enum StepKeys: String, CodingKey {
        case impute
    }

    private enum ImputeKeys: String, CodingKey {
        case strategy
    }

    /// Reads a step.
    ///
    /// - Throws: `DecodingError` when the name or the imputation strategy is not one this version knows.
    package init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            switch name {
            case "one_hot": self = .oneHot
            case "standardize": self = .standardize
            default:
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "must be 'one_hot', 'standardize' or {\"impute\": ...}, not '\(name)'"))
            }
            return
        }
        let impute = try decoder.container(keyedBy: StepKeys.self).nestedContainer(
            keyedBy: ImputeKeys.self, forKey: .impute)
        let strategy = try impute.decode(String.self, forKey: .strategy)
        guard let parsed = ImputeStrategy(rawValue: strategy) else {
            let names = ImputeStrategy.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: impute.codingPath + [ImputeKeys.strategy],
                    debugDescription: "must be one of \(names), not '\(strategy)'"))
        }
        self = .impute(parsed)
    }

    /// Writes the step's name, or the imputation with its strategy.
    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .impute(let strategy):
            var container = encoder.container(keyedBy: StepKeys.self)
            var impute = container.nestedContainer(keyedBy: ImputeKeys.self, forKey: .impute)
            try impute.encode(strategy.rawValue, forKey: .strategy)
        case .oneHot, .standardize:
            var container = encoder.singleValueContainer()
            try container.encode(name)
        }
    }
}

/// A position in a list, as a key path's step (`columns[2]`).
struct RecordIndex: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }

    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
