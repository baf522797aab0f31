package import HyperplanCore

extension YAMLNode {
    /// Where each key of a mapping tree was written, by dotted path (`model.C`, `schedule.learning_rate.initial`),
    /// for messages that point at a value in the file. Items of a list are `path[i]`; a list of model blocks
    /// (`model.choice`) also names each block's keys by its type (`model.knn.n_neighbors`), as the search space
    /// names them.
    ///
    /// - Returns: each path's location and whether its value is a mapping (a section whose unwritten keys take
    ///   defaults) rather than a value written there.
    package func keyLocations() -> [String: (location: SourceLocation, isSection: Bool)] {
        var locations: [String: (location: SourceLocation, isSection: Bool)] = [:]
        collect(into: &locations, path: "")
        return locations
    }

    private var isSection: Bool {
        if case .mapping = content { return true }
        return false
    }

    private func collect(into locations: inout [String: (location: SourceLocation, isSection: Bool)], path: String) {
        switch content {
        case .mapping(let pairs):
            for pair in pairs {
                guard let key = pair.key.text else { continue }
                let child = path.isEmpty ? key : "\(path).\(key)"
                locations[child] = (pair.key.location, pair.value.isSection)
                pair.value.collect(into: &locations, path: child)
            }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                let child = "\(path)[\(index)]"
                locations[child] = (item.location, item.isSection)
                item.collect(into: &locations, path: child)
                // A model block of a choice: its keys also under `model.<type>.<key>`.
                if path.hasSuffix(".choice"), let type = item.pairs?.first(where: { $0.key.text == "type" })?.value.text
                {
                    let block = String(path.dropLast(".choice".count)) + ".\(type)"
                    locations[block] = (item.location, true)
                    item.collect(into: &locations, path: block)
                }
            }
        case .scalar:
            break
        }
    }
}
