import HyperplanCore

extension FittedPreprocessing {
    /// The fitted statistics with everything needed to rebuild them exactly (`init(record:)`), for the journal.
    public var record: JSONValue {
        .object(["columns": json, "feature_names": .array(featureNames.map(JSONValue.string))])
    }

    /// Rebuilds fitted preprocessing from its `record`; `nil` when the record is not one.
    ///
    /// Numbers round-trip exactly (shortest round-trip form), so the rebuilt statistics transform rows to the
    /// same bits as the original.
    public init?(record: JSONValue) {
        guard let columns = record["columns"]?.arrayValue,
            let names = record["feature_names"]?.arrayValue?.compactMap(\.stringValue)
        else { return nil }
        var transforms: [ColumnTransform] = []
        var inputNames: [String] = []
        for column in columns {
            guard let name = column["column"]?.stringValue else { return nil }
            switch column["kind"]?.stringValue {
            case "numeric":
                guard let fill = column["fill"]?.doubleValue, let center = column["center"]?.doubleValue,
                    let scale = column["scale"]?.doubleValue
                else { return nil }
                transforms.append(.numeric(fill: fill, center: center, scale: scale))
            case "one_hot":
                guard let fill = column["fill_code"]?.intValue,
                    let codes = column["category_codes"]?.arrayValue?.compactMap(\.intValue)
                else { return nil }
                transforms.append(.oneHot(fill: Int32(fill), categories: codes.map { Int32($0) }))
            default:
                return nil
            }
            inputNames.append(name)
        }
        self.init(transforms: transforms, inputNames: inputNames, featureNames: names)
    }
}
