import HyperplanCore

// Fitted preprocessing as its journal record (`fit_preprocessing`): `columns`, one entry per input column, and
// `feature_names`, everything needed to rebuild the statistics exactly. Numbers round-trip exactly (shortest
// round-trip form), so the rebuilt statistics transform rows to the same bits as the original.
extension FittedPreprocessing: Codable {
    private enum CodingKeys: String, CodingKey {
        case columns, featureNames
    }

    /// One input column's entry: `column`, `kind`, then `fill`, `center`, `scale` (numeric) or `fill_code`,
    /// `category_codes` (one-hot).
    private struct ColumnRecord: Codable {
        enum Kind: String, Codable {
            case numeric
            case oneHot = "one_hot"
        }

        var column: String
        var kind: Kind
        var fill: Double?
        var center: Double?
        var scale: Double?
        var fillCode: Int?
        var categoryCodes: [Int]?

        init(name: String, transform: ColumnTransform) {
            column = name
            switch transform {
            case .numeric(let fill, let center, let scale):
                kind = .numeric
                (self.fill, self.center, self.scale) = (fill, center, scale)
            case .oneHot(let fill, let categories):
                kind = .oneHot
                fillCode = Int(fill)
                categoryCodes = categories.map { Int($0) }
            }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            column = try container.decode(String.self, forKey: .column)
            kind = try container.decode(Kind.self, forKey: .kind)
            switch kind {
            case .numeric:
                // `null` is a fill that was not a finite number, written as `null`: NaN.
                fill = try container.decode(Double.self, forKey: .fill)
                center = try container.decode(Double.self, forKey: .center)
                scale = try container.decode(Double.self, forKey: .scale)
            case .oneHot:
                fillCode = try container.decode(Int.self, forKey: .fillCode)
                categoryCodes = try container.decode([Int].self, forKey: .categoryCodes)
            }
        }

        var transform: ColumnTransform {
            switch kind {
            case .numeric: return .numeric(fill: fill ?? .nan, center: center ?? 0, scale: scale ?? 1)
            case .oneHot:
                return .oneHot(
                    fill: Int32(clamping: fillCode ?? -1), categories: (categoryCodes ?? []).map { Int32(clamping: $0) }
                )
            }
        }
    }

    /// Reads the record the run journaled.
    ///
    /// - Throws: `DecodingError` naming the first field that is missing or of the wrong kind.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let columns = try container.decode([ColumnRecord].self, forKey: .columns)
        self.init(
            transforms: columns.map(\.transform), inputNames: columns.map(\.column),
            featureNames: try container.decode([String].self, forKey: .featureNames))
    }

    /// Writes `columns` and `feature_names`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(
            zip(inputNames, transforms).map { ColumnRecord(name: $0, transform: $1) }, forKey: .columns)
        try container.encode(featureNames, forKey: .featureNames)
    }
}
