/// How a trial or a fold ended, as the bundle's records spell it: `status` in `trials.jsonl`, in the
/// journal's fold and trial records, in `results.csv` and in `--events jsonl`.
///
/// The details (a failure's reason, the resource a pruned fold reached) live beside it in each record; this is
/// the name the readers compare, so that no reader spells a status as a string of its own.
package enum OutcomeStatus: String, Codable, Sendable, CaseIterable {
    /// Every fold was fitted and scored.
    case ok
    /// A fold failed (the trial's reason names it).
    case failed
    /// The pruning rule stopped it at a checkpoint.
    case pruned
    /// Not run because the search had stopped (`search.stop_when`, `search.patience`).
    case skipped
}
