/// Whether a search wants the objective metric large or small.
package enum OptimizationGoal: String, Sendable, Hashable, CaseIterable {
    case maximize
    case minimize

    /// Whether `candidate` is strictly better than `incumbent` under this goal; NaN is never better.
    package func isBetter(_ candidate: Double, than incumbent: Double) -> Bool {
        guard !candidate.isNaN else { return false }
        guard !incumbent.isNaN else { return true }
        return self == .maximize ? candidate > incumbent : candidate < incumbent
    }
}
