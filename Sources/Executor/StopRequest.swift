import Synchronization

/// A request to stop launching nodes (Ctrl-C, a time budget, too many failures), shared by whoever decides
/// and the scheduler that obeys.
package final class StopRequest: Sendable {
    /// Why a run stops early, which decides how it ends.
    package enum Kind: String, Sendable, Hashable {
        /// Ctrl-C or SIGTERM: write what is done and exit; a rerun continues.
        case interrupted
        /// The time budget is used: finish with the trials done (select, refit, test) — a complete bundle.
        case budget
        /// Too many trials failed: stop as a failed run.
        case failures
    }

    private let state = Mutex<(reason: String, kind: Kind)?>(nil)

    package init() {}

    /// Asks the run to stop; the first request wins.
    package func request(_ reason: String, kind: Kind) {
        state.withLock { current in if current == nil { current = (reason, kind) } }
    }

    /// Why the run should stop, or `nil` while it should go on.
    package var reason: String? { state.withLock { $0?.reason } }

    package var kind: Kind? { state.withLock { $0?.kind } }
}
