import ExperimentSpec
import HyperplanCore
import Search

/// The trials of an experiment before the graph is built: a planned strategy's proposals (identical ones
/// merged, `search.seed_points` first), or an adaptive strategy's placeholders, whose configurations its
/// `suggest` nodes decide.
struct TrialPlan {
    var trials: [TrialGraph.Trial] = []
    /// How trials are sequenced through `suggest` nodes; `nil` when every trial is independent.
    var sequenced: TrialGraph.SequencedSearch?

    init(_ experiment: Experiment) throws(Planner.PlanError) {
        let strategy = try Self.searchStrategy(experiment)
        if let planned = strategy as? any PlannedSearch {
            trials = try Self.plannedTrials(planned, experiment)
        } else if let search = strategy as? any AdaptiveSearch {
            sequenced = TrialGraph.SequencedSearch(
                strategy: experiment.search.strategy, concurrency: experiment.search.concurrency,
                suggestsConfigurations: true)
            let empty = Configuration()
            trials = (0..<search.trials).map { index in
                TrialGraph.Trial(
                    index: index, configuration: empty, hyperparameters: experiment.model.hyperparameters(for: empty),
                    schedule: experiment.scheduleOptions(for: empty), proposals: 0)
            }
        } else {
            throw Planner.PlanError(
                message: "search strategy '\(experiment.search.strategy)' is neither planned nor adaptive")
        }
        if sequenced == nil, experiment.search.isSequenced {
            sequenced = TrialGraph.SequencedSearch(
                strategy: experiment.search.strategy, concurrency: experiment.search.concurrency,
                suggestsConfigurations: false)
        }
    }

    private static func plannedTrials(_ planned: any PlannedSearch, _ experiment: Experiment) throws(Planner.PlanError)
        -> [TrialGraph.Trial]
    {
        var proposals: [Configuration]
        do {
            proposals = try planned.proposals(for: experiment.space, seed: experiment.seed)
        } catch {
            throw Planner.PlanError(message: error.message)
        }
        // `search.seed_points` first; they count towards `trials` where the strategy has a number of trials.
        let seeds = experiment.search.seedPoints
        if !seeds.isEmpty {
            let total = experiment.search.options.int("trials").map { max($0, seeds.count) }
            proposals = Array((seeds + proposals).prefix(total ?? seeds.count + proposals.count))
        }
        var trials: [TrialGraph.Trial] = []
        var trialIndex: [Configuration: Int] = [:]
        for configuration in proposals {
            if let existing = trialIndex[configuration] {
                trials[existing].proposals += 1
                continue
            }
            trialIndex[configuration] = trials.count
            trials.append(
                TrialGraph.Trial(
                    index: trials.count, configuration: configuration,
                    hyperparameters: experiment.model.hyperparameters(for: configuration),
                    schedule: experiment.scheduleOptions(for: configuration), proposals: 1))
        }
        return trials
    }

    private static func searchStrategy(_ experiment: Experiment) throws(Planner.PlanError) -> any SearchStrategy {
        guard let strategyType = SearchStrategyRegistry.strategy(named: experiment.search.strategy) else {
            throw Planner.PlanError(message: "unknown search strategy '\(experiment.search.strategy)'")
        }
        return strategyType.init(options: experiment.search.options)
    }
}
