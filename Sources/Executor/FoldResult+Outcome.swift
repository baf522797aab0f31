package import HyperplanCore

extension FoldResult.Status {
    /// The status's name in records.
    package var outcome: OutcomeStatus {
        switch self {
        case .ok: return .ok
        case .failed: return .failed
        case .pruned: return .pruned
        case .skipped: return .skipped
        }
    }
}
