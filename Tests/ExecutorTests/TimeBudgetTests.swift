import Executor
import ExperimentSpec
import HyperplanCore
import Learners
import Planner
import Synchronization
import Testing

/// `execution.budget.time` on a clock the test advances: every fit takes exactly one second of it, so the test
/// knows which nodes start before the budget is used, and nothing depends on how fast the machine is.
@Suite("Time budget")
struct TimeBudgetTests {
    /// Seven configurations × three folds with a test split: 21 fits, in trial order with `-j 1`.
    static func experiment(budget: String) -> String {
        """
        name: budgeted
        seed: 3
        dataset: {source: builtin:iris, target: species, test_size: 0.2, preprocess: [standardize]}
        model:
          type: logistic_regression
          C: {loguniform: [0.001, 1000], grid: 7}
        cv: {scheme: stratified_kfold, folds: 3}
        search: {strategy: grid, metric: accuracy}
        execution: {budget: {time: \(budget)}}
        """
    }

    /// Runs `experiment(budget:)` one node at a time, advancing the clock by a second as each fit finishes;
    /// returns the outcome and how many fits started.
    static func run(budget: String) async throws -> (outcome: RunOutcome, fitsStarted: Int) {
        try await run(experiment: experiment(budget: budget))
    }

    /// Runs `yaml` as `run(budget:)` does.
    static func run(experiment yaml: String) async throws -> (outcome: RunOutcome, fitsStarted: Int) {
        let loaded = try PipelineHarness.load(yaml)
        let graph = try Planner.plan(loaded.experiment)
        let clock = ManualClock()
        let fitsStarted = Mutex(0)
        let options = ExperimentRunner.Options(
            jobs: 1, stop: StopRequest(),
            progress: { event in
                switch event {
                case .nodeStarted(let node):
                    if node.task is FitScoreNode { fitsStarted.withLock { $0 += 1 } }
                case .nodeFinished(let node, _, _):
                    if node.task is FitScoreNode { clock.advance(by: .seconds(1)) }
                default: break
                }
            }, budgetClock: clock)
        let outcome = try await ExperimentRunner.run(loaded, graph: graph, options: options, sink: nil)
        return (outcome, fitsStarted.withLock { $0 })
    }

    @Test(
        "no fit starts once the budget is used; the trials whose folds are all done are refitted and tested",
        arguments: [
            (budget: 3, trials: 1), (budget: 6, trials: 2), (budget: 7, trials: 2), (budget: 20, trials: 6),
            // Every fit starts, but the budget is used when the last one ends: selecting the best is not started.
            (budget: 21, trials: 7),
        ])
    func stopsWhenUsed(budget: Int, trials: Int) async throws {
        let (outcome, fitsStarted) = try await Self.run(budget: "\(budget)s")
        // A fit starts at second 0, 1, …; the one that would start at second `budget` does not.
        #expect(fitsStarted == budget)
        #expect(outcome.completion == .stopped(reason: "time budget of \(budget)s used", kind: .budget))
        #expect(outcome.selection.trials.map(\.trial) == Array(0..<trials))
        #expect(outcome.refit != nil, "the best trial so far is refitted")
        #expect(outcome.testScores?["accuracy"] != nil, "and tested")
    }

    @Test("a budget the run does not use up changes nothing")
    func unusedBudget() async throws {
        let (outcome, fitsStarted) = try await Self.run(budget: "22s")
        #expect(fitsStarted == 21)
        #expect(outcome.completion == .complete)
        #expect(outcome.selection.trials.count == 7)
    }

    /// A trial command's refit reads the training split's exported files (`export_fold`), which a stopped run
    /// may not have written yet: it must take the refit's own plan parents, not a learner's prepared rows.
    @Test("a budget-stopped trial command with preprocessing is refitted and tested from its exported files")
    func stoppedCommandRefits() async throws {
        let yaml = #"""
            name: budgeted-command
            seed: 3
            dataset: {source: builtin:iris, target: species, test_size: 0.2, preprocess: [standardize]}
            model:
              type: command
              run: [sh, -c, 'test -s "$2" && echo "{{\"loss\": $1}}"', sh, "{lr}", "{train}"]
              params:
                lr: {choice: [4, 3, 2, 1]}
            cv: {scheme: kfold, folds: 2}
            search: {strategy: grid, metric: loss, goal: minimize}
            execution: {budget: {time: 4s}}
            """#
        let (outcome, fitsStarted) = try await Self.run(experiment: yaml)
        #expect(fitsStarted == 4)
        #expect(outcome.completion == .stopped(reason: "time budget of 4s used", kind: .budget))
        #expect(outcome.selection.trials.map(\.trial) == [0, 1])
        #expect(outcome.refit?.trial == 1, "the better of the two finished trials (lr 3) is refitted")
        #expect(outcome.testScores?["loss"] == 3, "and tested on the exported test split")
    }
}
