import ExperimentSpec
import HyperplanCore
import ResultBundle

/// The differences between resolved experiments, key by key, each with the place in its file where the value was
/// written (`quickstart.yaml:14`) or `default` when the file left it to the default.
struct ExperimentChanges {
    struct Change {
        /// The key as written in experiment files: `model.C`, `cv.folds`, `model.knn.n_neighbors`.
        var key: String
        /// Per bundle, the value (`nil`: the key does not exist there).
        var values: [JSONValue?]
        /// Per bundle, where the value was written.
        var places: [String]
    }

    var changes: [Change]

    init(_ snapshots: [BundleSnapshot]) {
        let flattened = snapshots.map { Self.flatten($0.resolved) }
        let locations = snapshots.map(Self.locations)
        let keys = Set(flattened.flatMap(\.keys)).sorted()
        changes = keys.compactMap { key in
            let values = flattened.map { $0[key] }
            guard Set(values.map { $0?.canonicalString() ?? "" }).count > 1 else { return nil }
            let places = zip(snapshots, locations).map { snapshot, locations in
                Self.place(of: key, in: locations, file: Self.fileName(snapshot))
            }
            return Change(key: key, values: values, places: places)
        }
    }

    /// The experiment as user-facing keys: `model.C` → its value or its search domain (`{"searched": …}`),
    /// every other section flattened with dots (`name`, `description` and `execution` too: they change no
    /// result, but a reader comparing runs wants to see them).
    static func flatten(_ resolved: JSONValue) -> [String: JSONValue] {
        var keys: [String: JSONValue] = [:]
        for (section, value) in resolved.objectValue ?? [:] {
            switch section {
            case "model", "schedule":
                if let blocks = value["choice"]?.arrayValue {
                    for block in blocks {
                        guard let type = block["type"]?.stringValue else { continue }
                        keys["\(section).\(type).type"] = .string(type)
                        for (option, fixed) in block["fixed"]?.objectValue ?? [:] { keys["\(section).\(type).\(option)"] = fixed }
                    }
                } else {
                    for (option, fixed) in value["fixed"]?.objectValue ?? [:] { keys["\(section).\(option)"] = fixed }
                    if let type = value["type"] { keys["\(section).type"] = type }
                    if let run = value["run"], run != .null { keys["\(section).run"] = run }
                }
                for entry in value["space"]?.arrayValue ?? [] {
                    guard let name = entry["name"]?.stringValue, let domain = entry["domain"] else { continue }
                    keys[name] = domain
                }
                if value == .null { keys[section] = .null }
            default:
                flattenObject(value, path: section, into: &keys)
            }
        }
        return keys
    }

    private static func flattenObject(_ value: JSONValue, path: String, into keys: inout [String: JSONValue]) {
        guard case .object(let fields) = value, !fields.isEmpty else {
            keys[path] = value
            return
        }
        for (key, child) in fields { flattenObject(child, path: "\(path).\(key)", into: &keys) }
    }

    private static func locations(_ snapshot: BundleSnapshot) -> [String: SourceLocation] {
        guard let text = snapshot.experimentText, case .success(let root?) = YAMLReader.parse(text, file: fileName(snapshot))
        else { return [:] }
        return root.keyLocations()
    }

    /// The experiment file's name as the run was given it (its bundle keeps a copy as `experiment.yaml`).
    static func fileName(_ snapshot: BundleSnapshot) -> String {
        snapshot.environment?["experiment_file"]?.stringValue ?? snapshot.directory.appendingPathComponent("experiment.yaml").relativePath
    }

    /// `file:line` of the key, or of the nearest written key above it (`schedule.learning_rate: 0.01` sets
    /// `schedule.learning_rate.initial`); `default` when the file does not write it.
    static func place(of key: String, in locations: [String: SourceLocation], file: String) -> String {
        var candidate = key
        while true {
            if let location = locations[candidate] { return "\(file):\(location.line)" }
            // `model.space` names searched options as written; `model.fixed` options as well.
            guard let dot = candidate.lastIndex(of: ".") else { return "default" }
            candidate = String(candidate[..<dot])
            if candidate == "model" || candidate == "schedule" || candidate == "dataset" || candidate == "cv"
                || candidate == "search" || candidate == "execution"
            {
                return locations[candidate] != nil ? "default (\(candidate) at \(file):\(locations[candidate]?.line ?? 0))" : "default"
            }
        }
    }

    /// A value for a line of text: JSON in its compact form, a missing key as `absent`.
    static func display(_ value: JSONValue?) -> String {
        guard let value else { return "absent" }
        if case .string(let text) = value { return text }
        return value.canonicalString()
    }
}
