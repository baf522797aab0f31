import HyperplanCore

/// `execution.budget.time` measured on a clock: used once the clock has advanced by the budget since the run
/// started.
///
/// The runner asks `isUsed` before each launch, so no node starts once the budget is used, and a timer also
/// marks the `StopRequest` the moment the budget runs out, while nodes are still running. A run measures on the
/// continuous clock; a test passes a clock it advances by hand, and then knows exactly which nodes start.
struct TimeBudget: Sendable {
    let seconds: Double
    private let isPast: @Sendable () -> Bool
    private let wait: @Sendable () async throws -> Void

    /// A budget of `seconds` that starts now on `clock`.
    init<C: Clock>(seconds: Double, clock: C) where C.Duration == Duration {
        self.seconds = seconds
        let deadline = clock.now.advanced(by: .seconds(seconds))
        isPast = { clock.now >= deadline }
        wait = { try await clock.sleep(until: deadline, tolerance: nil) }
    }

    /// Whether the clock has reached the end of the budget.
    var isUsed: Bool { isPast() }

    /// Asks `stop` to stop the run for this budget (the first request wins, as always).
    func request(_ stop: StopRequest) {
        stop.request("time budget of \(DurationText.describe(seconds)) used", kind: .budget)
    }

    /// A task that requests the stop when the budget runs out, unless it is cancelled first.
    func timer(_ stop: StopRequest) -> Task<Void, Never> {
        Task {
            try? await wait()
            if !Task.isCancelled { request(stop) }
        }
    }
}
