package import HyperplanCore

/// Every synthetic dataset generator; `synthetic:NAME` resolves against this list.
package enum SyntheticRegistry {
    package static let all: [any SyntheticGenerator.Type] = [
        SyntheticClassification.self,
        SyntheticRegression.self,
        SyntheticBlobs.self,
        SyntheticMoons.self,
        SyntheticCircles.self,
    ]

    package static func generator(named name: String) -> (any SyntheticGenerator.Type)? {
        all.first { $0.name == name }
    }

    package static var names: [String] { all.map { $0.name } }

    /// Generates `synthetic:name` with `options` (JSON scalars and lists, as stored in
    /// `DatasetSource.synthetic`), drawing with the `seed` option when given and with `seed` otherwise.
    ///
    /// - Throws: `DatasetError`: `unknown-dataset` for an unknown generator, `wrong-type` for options that are
    ///   not an object of scalars and lists, or any error of `SyntheticGenerator.generate(options:seed:)`.
    package static func generate(name: String, options: JSONValue, seed: UInt64) throws(DatasetError)
        -> LoadedDataset
    {
        guard let generator = generator(named: name) else {
            throw DatasetError(
                "unknown-dataset",
                "unknown synthetic dataset '\(name)'; synthetic datasets: \(names.joined(separator: ", "))")
        }
        return try generator.generate(options: hyperparameters(from: options, for: name), seed: seed)
    }

    /// Option values from their JSON form: integers, reals, strings, booleans and lists of those.
    ///
    /// - Throws: `DatasetError` (`wrong-type`) for `null`, a nested object or a non-object document.
    static func hyperparameters(from json: JSONValue, for name: String) throws(DatasetError) -> Hyperparameters {
        guard case .object(let members) = json else {
            throw DatasetError("wrong-type", "the options of synthetic dataset '\(name)' must be a mapping")
        }
        func value(_ json: JSONValue) -> ParameterValue? {
            switch json {
            case .int(let number): return .int(number)
            case .double(let number): return .double(number)
            case .string(let text): return .string(text)
            case .bool(let flag): return .bool(flag)
            case .array(let items):
                var values: [ParameterValue] = []
                for item in items {
                    guard let converted = value(item) else { return nil }
                    values.append(converted)
                }
                return .list(values)
            case .null, .object: return nil
            }
        }
        var result = Hyperparameters()
        for (key, member) in members {
            guard let converted = value(member) else {
                throw DatasetError(
                    "wrong-type", "option '\(key)' of synthetic dataset '\(name)' must be a value or a list")
            }
            result[key] = converted
        }
        return result
    }
}
