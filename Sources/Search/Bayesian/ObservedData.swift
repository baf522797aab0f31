import HyperplanCore

/// What one Bayesian suggestion learns from: the encoded configurations and standardised losses of the
/// trials that count as data, and the configurations to add as believed observations.
///
/// - Completed trials with a finite loss are the data.
/// - Failed trials (and completed ones whose loss is infinite or NaN) are believed, not data.
/// - Pruned trials are believed too; their partial losses become the data only when no trial completed.
/// - Pending configurations are believed.
/// - A configuration that does not belong to the space (a value outside its domain) is skipped.
///
/// Losses are standardised to mean 0 and standard deviation 1 (population), so the kernel's priors and
/// bounds, ξ and κ mean the same whatever the loss's units; a single loss or all-equal losses keep scale 1.
///
/// Size: fitting the GP costs O(n³) in the number of data, so beyond `limit` completed trials the data are the
/// best ⌈limit/2⌉ (lowest loss, earliest first on ties) and the most recent of the others up to `limit`, in
/// trial order; believed failed and pruned trials are the most recent ⌈limit/4⌉. The standardisation uses the
/// kept losses.
package struct ObservedData {
    /// Encoded rows, `count × columns`.
    var inputs: [Double] = []
    /// Standardised losses.
    var targets: [Double] = []
    var believedInputs: [Double] = []
    var believedCount = 0
    /// Encoded configurations of the best trials, lowest loss first.
    var incumbents: [[Double]] = []

    var count: Int { targets.count }
    /// The trials that count as data before the size limit.
    var available = 0

    init(encoding: SpaceEncoding, history: [TrialObservation], pending: [Configuration], limit: Int = .max) {
        var completed: [([Double], Double)] = []
        var pruned: [([Double], Double)] = []
        for observation in history {
            guard let point = encoding.encode(observation.configuration) else { continue }
            switch observation.outcome {
            case .completed(let loss) where loss.isFinite:
                completed.append((point, loss))
            case .pruned(let loss?, _) where loss.isFinite:
                pruned.append((point, loss))
                believe(point)
            case .completed, .failed, .pruned:
                believe(point)
            }
        }
        if completed.isEmpty, !pruned.isEmpty {
            completed = pruned
            believedInputs = []
            believedCount = 0
            for observation in history {
                guard let point = encoding.encode(observation.configuration) else { continue }
                switch observation.outcome {
                case .pruned(let loss?, _) where loss.isFinite: continue
                default: believe(point)
                }
            }
        }
        let believedLimit = limit == .max ? .max : (limit + 3) / 4
        if believedCount > believedLimit {
            let columns = encoding.columnCount
            believedInputs = Array(believedInputs.suffix(believedLimit * columns))
            believedCount = believedLimit
        }
        for configuration in pending {
            if let point = encoding.encode(configuration) { believe(point) }
        }
        available = completed.count
        completed = Self.kept(completed, limit: limit)
        guard !completed.isEmpty else { return }
        let losses = completed.map(\.1)
        let mean = losses.reduce(0) { $0 + $1 / Double(losses.count) }
        var variance = 0.0
        for loss in losses { variance += (loss - mean) * (loss - mean) }
        variance /= Double(losses.count)
        let scale = variance > 0 && variance.isFinite ? variance.squareRoot() : 1
        for (point, loss) in completed {
            inputs += point
            targets.append((loss - mean) / scale)
        }
        let order = completed.indices.sorted {
            completed[$0].1 != completed[$1].1 ? completed[$0].1 < completed[$1].1 : $0 < $1
        }
        incumbents = order.prefix(5).map { completed[$0].0 }
    }

    /// At most `limit` of `data` (in trial order): the best ⌈limit/2⌉, then the most recent others.
    package static func kept(_ data: [([Double], Double)], limit: Int) -> [([Double], Double)] {
        guard data.count > limit, limit > 0 else { return data }
        let best = (limit + 1) / 2
        let byLoss = data.indices.sorted { data[$0].1 != data[$1].1 ? data[$0].1 < data[$1].1 : $0 < $1 }
        var keep = Set(byLoss.prefix(best))
        for index in data.indices.reversed() where keep.count < limit { keep.insert(index) }
        return data.indices.filter(keep.contains).map { data[$0] }
    }

    private mutating func believe(_ point: [Double]) {
        believedInputs += point
        believedCount += 1
    }
}
