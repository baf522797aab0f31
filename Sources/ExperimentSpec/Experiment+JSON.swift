package import HyperplanCore

extension Experiment {
    /// The experiment with every default filled in, as written to a bundle's `resolved.json`. Each section
    /// writes its own part (`DatasetSpec.json`, …), beside its type, so a new key is written where it is
    /// declared.
    package var resolvedJSON: JSONValue {
        var sections = resultSections
        sections["name"] = .string(name)
        sections["description"] = description.map(JSONValue.string) ?? .null
        sections["execution"] = execution.json
        return .object(sections)
    }

    /// The hash of everything that can change results (seed, data, model, space, CV, search). Names,
    /// descriptions and execution settings are left out: they change neither results nor the bundle.
    package var identity: ContentHash {
        var sections = resultSections
        sections["hyperplan_version"] = .string(HyperplanVersion.current)
        return ContentHash(json: .object(sections))
    }

    private var resultSections: [String: JSONValue] {
        [
            "seed": .int(Int(truncatingIfNeeded: seed)),
            "dataset": dataset?.json ?? .null,
            "model": model.json,
            "schedule": schedule?.json(space: space) ?? .null,
            "cv": cv?.json ?? .null,
            "search": search.json,
        ]
    }
}
