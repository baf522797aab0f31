package import HyperplanCore

/// How the run is executed; nothing here may change results.
package struct ExecutionSpec: Sendable {
    /// Parallel nodes from the file (`execution.jobs`); `nil` means the number of cores. `-j` overrides it.
    package var jobs: Int?
    /// `execution.budget.time` in seconds: after it, no new trial starts and the run finishes with the
    /// trials done.
    package var timeBudget: Double?
    /// `execution.max_failed_trials`: beyond it the sweep stops.
    package var maxFailedTrials: FailureLimit?
    /// `execution.retries`: how many times a failed trial fold is tried again.
    package var retries: Int
    /// `execution.trial_timeout` in seconds: a trial command running longer is killed and the trial fails.
    package var trialTimeout: Double?

    package init(
        jobs: Int? = nil, timeBudget: Double? = nil, maxFailedTrials: FailureLimit? = nil, retries: Int = 0,
        trialTimeout: Double? = nil
    ) {
        self.trialTimeout = trialTimeout
        self.jobs = jobs
        self.timeBudget = timeBudget
        self.maxFailedTrials = maxFailedTrials
        self.retries = retries
    }

    /// A count of failed trials, or a fraction of the planned trials.
    package enum FailureLimit: Sendable, Hashable {
        case count(Int)
        case fraction(Double)

        /// Whether `failed` failures out of `planned` trials exceed the limit.
        package func isExceeded(failed: Int, planned: Int) -> Bool {
            switch self {
            case .count(let limit): return failed > limit
            case .fraction(let share): return Double(failed) > share * Double(planned)
            }
        }

        package var json: JSONValue {
            switch self {
            case .count(let limit): return .int(limit)
            case .fraction(let share): return .double(share)
            }
        }
    }
}

extension ExecutionSpec {
    /// The `execution` section as written to `resolved.json` (never into the identity: nothing here changes
    /// results).
    package var json: JSONValue {
        .object([
            "jobs": jobs.map(JSONValue.int) ?? .string("auto"),
            "budget": .object(["time": timeBudget.map(JSONValue.double) ?? .null]),
            "max_failed_trials": maxFailedTrials?.json ?? .null,
            "retries": .int(retries),
            "trial_timeout": trialTimeout.map(JSONValue.double) ?? .null,
        ])
    }
}
