import HyperplanCore

extension YAMLNode {
    /// Where each key of a mapping tree was written, by dotted path (`model.C`, `schedule.learning_rate.initial`),
    /// for messages that point at a value in the file. Items of a list are `path[i]`; a list of model blocks
    /// (`model.choice`) also names each block's keys by its type (`model.knn.n_neighbors`), as the search space
    /// names them.
    public func keyLocations() -> [String: SourceLocation] {
        var locations: [String: SourceLocation] = [:]
        collect(into: &locations, path: "")
        return locations
    }

    private func collect(into locations: inout [String: SourceLocation], path: String) {
        switch content {
        case .mapping(let pairs):
            for pair in pairs {
                guard let key = pair.key.text else { continue }
                let child = path.isEmpty ? key : "\(path).\(key)"
                locations[child] = pair.key.location
                pair.value.collect(into: &locations, path: child)
            }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                let child = "\(path)[\(index)]"
                locations[child] = item.location
                item.collect(into: &locations, path: child)
                // A model block of a choice: its keys also under `model.<type>.<key>`.
                if path.hasSuffix(".choice"), let type = item.pairs?.first(where: { $0.key.text == "type" })?.value.text {
                    let block = String(path.dropLast(".choice".count)) + ".\(type)"
                    locations[block] = item.location
                    item.collect(into: &locations, path: block)
                }
            }
        case .scalar:
            break
        }
    }
}
