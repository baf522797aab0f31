package import HyperplanCore
package import ResultBundle

/// A searched dimension as one of Optuna's distributions, serialised as Optuna's `distribution_to_json` does
/// (`{"attributes": {...}, "name": "FloatDistribution"}`, itself stored as a JSON string in the journal).
///
/// - `uniform` → `FloatDistribution(low, high)`; `loguniform` → `FloatDistribution(low, high, log=True)`;
/// - `int` → `IntDistribution(low, high, log, step=1)`;
/// - `choice` → `CategoricalDistribution(choices)`. Optuna's choices must be JSON scalars (None, bool, int,
///   float, str); a Hyperplan choice that is a list (`hidden_layers: [[16], [32, 16]]`) becomes its canonical
///   JSON text (`"[32,16]"`), the same text `trials.jsonl` would show for it without spaces.
///
/// A parameter is stored in Optuna's internal representation: the number itself for floats and integers, the
/// choice's position for categories.
package enum OptunaDistribution: Sendable, Hashable {
    case float(low: Double, high: Double, log: Bool)
    case int(low: Int, high: Int, log: Bool)
    /// The recorded choices, in the order written (not yet turned into scalars: see `optunaChoices`).
    case categorical([JSONValue])

    /// The distribution of a recorded dimension.
    package init(_ dimension: RecordedDimension) {
        switch dimension.kind {
        case .real(let low, let high, let log): self = .float(low: low, high: high, log: log)
        case .integer(let low, let high, let log): self = .int(low: low, high: high, log: log)
        case .choice(let values): self = .categorical(values)
        }
    }

    /// A choice as Optuna can hold it: scalars as they are, lists and objects as their canonical JSON text.
    package static func optunaChoice(_ value: JSONValue) -> JSONValue {
        value.isScalar ? value : .string(value.canonicalString())
    }

    /// The choices as Optuna holds them, for a categorical distribution.
    package var optunaChoices: [JSONValue] {
        guard case .categorical(let values) = self else { return [] }
        return values.map(OptunaDistribution.optunaChoice)
    }

    /// The `distribution_to_json` text Optuna's `json_to_distribution` reads back.
    package var json: String {
        let (name, attributes): (String, [String: JSONValue])
        switch self {
        case .float(let low, let high, let log):
            name = "FloatDistribution"
            attributes = ["low": .double(low), "high": .double(high), "log": .bool(log), "step": .null]
        case .int(let low, let high, let log):
            name = "IntDistribution"
            attributes = ["low": .int(low), "high": .int(high), "log": .bool(log), "step": .int(1)]
        case .categorical:
            name = "CategoricalDistribution"
            attributes = ["choices": .array(optunaChoices)]
        }
        return JSONValue.object(["name": .string(name), "attributes": .object(attributes)]).canonicalString()
    }

    /// Optuna's internal representation of a recorded value, or why there is none.
    ///
    /// Numbers outside a numeric distribution's bounds are returned as they are: `covering(_:)` widens the
    /// distribution beforehand.
    package func internalValue(of value: JSONValue) -> Result<JSONValue, Mismatch> {
        switch self {
        case .float:
            guard let number = value.doubleValue, number.isFinite else { return .failure(.notANumber) }
            return .success(.double(number))
        case .int:
            guard let number = OptunaDistribution.integer(value) else { return .failure(.notAnInteger) }
            return .success(.int(number))
        case .categorical(let choices):
            if let position = choices.firstIndex(of: value) { return .success(.int(position)) }
            // A real hyperparameter's choice written `1` is recorded as `1.0`.
            if let number = value.doubleValue,
                let position = choices.firstIndex(where: { $0.doubleValue == number })
            {
                return .success(.int(position))
            }
            return .failure(.notAChoice)
        }
    }

    /// Why a recorded value has no place in the distribution.
    package enum Mismatch: Error, Sendable, Hashable {
        case notANumber, notAnInteger, notAChoice

        /// What is wrong with the value, to end an error sentence ("…, which is not an integer, as its int
        /// domain needs").
        package var phrase: String {
            switch self {
            case .notANumber: return "not a number, as its real domain needs"
            case .notAnInteger: return "not an integer, as its int domain needs"
            case .notAChoice: return "not one of its domain's choices"
            }
        }
    }

    /// The distribution widened, if need be, to hold `value` (a numeric value recorded just outside its declared
    /// bounds), so that Optuna's check that every parameter lies in its distribution passes.
    package func covering(_ value: JSONValue) -> OptunaDistribution {
        switch self {
        case .float(let low, let high, let log):
            guard let number = value.doubleValue, number.isFinite else { return self }
            return .float(low: Swift.min(low, number), high: Swift.max(high, number), log: log)
        case .int(let low, let high, let log):
            guard let number = OptunaDistribution.integer(value) else { return self }
            return .int(low: Swift.min(low, number), high: Swift.max(high, number), log: log)
        case .categorical:
            return self
        }
    }

    /// `3` or `3.0` as 3; `nil` for anything else.
    static func integer(_ value: JSONValue) -> Int? {
        switch value {
        case .int(let number): return number
        case .double(let number):
            guard number.isFinite, number.rounded() == number, abs(number) < 9.0e15 else { return nil }
            return Int(number)
        default: return nil
        }
    }
}
