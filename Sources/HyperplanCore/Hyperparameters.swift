/// Resolved option values by name: every declared option has a value (the file's or the default).
///
/// Passed to extension points after validation, so accessors can assume the value's kind; they still
/// return optionals rather than trapping, because a wrong kind here is a programming error that must not
/// crash a run.
package struct Hyperparameters: Sendable, Hashable {
    package private(set) var values: [String: ParameterValue]

    package init(_ values: [String: ParameterValue] = [:]) { self.values = values }

    package subscript(name: String) -> ParameterValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    package func double(_ name: String) -> Double? { values[name]?.doubleValue }
    package func int(_ name: String) -> Int? { values[name]?.intValue }
    package func string(_ name: String) -> String? { values[name]?.stringValue }
    package func bool(_ name: String) -> Bool? { values[name]?.boolValue }

    /// The values as a JSON object (sorted keys when serialised).
    package var json: JSONValue { .object(values.mapValues(\.json)) }

    /// Fills every option of `schema` that has no value with its default.
    package func withDefaults(from schema: OptionSchema) -> Hyperparameters {
        var copy = self
        for option in schema.options where copy.values[option.name] == nil {
            if let value = option.defaultValue { copy.values[option.name] = value }
        }
        return copy
    }
}
