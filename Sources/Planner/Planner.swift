package import ExperimentSpec
import HyperplanCore
import Search

/// Compiles a validated `Experiment` into its `TrialGraph`.
///
/// The graph shares work wherever inputs are equal: data is loaded and split once, preprocessing is
/// fitted once per fold and used by every configuration, and identical proposals become one trial.
package enum Planner {
    /// Why an experiment could not be planned.
    package struct PlanError: Error, Sendable, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }

    /// Plans the trials (`TrialPlan`), then builds the graph stage by stage (`PlanBuilder`): the data and fold
    /// nodes, each trial's nodes, then selection, refit, test and the bundle.
    ///
    /// - Throws: `PlanError` when the search strategy cannot search the space.
    package static func plan(_ experiment: Experiment) throws(PlanError) -> TrialGraph {
        let trialPlan = try TrialPlan(experiment)
        var builder = PlanBuilder(experiment: experiment)
        let data = try builder.addDataNodes()
        let aggregates = builder.addTrialNodes(trialPlan, data: data)
        builder.addFinalNodes(aggregates: aggregates, data: data)
        return TrialGraph(
            nodes: builder.nodes, trials: trialPlan.trials, sequenced: trialPlan.sequenced,
            foldCount: data.foldCount, experimentIdentity: experiment.identity)
    }
}
