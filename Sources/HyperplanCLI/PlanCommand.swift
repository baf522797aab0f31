import ArgumentParser
import ExperimentSpec
import HyperplanCore
import Planner

/// `hyperplan plan FILE`: compiles the experiment into its trial DAG and prints it.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the trial DAG an experiment compiles to.",
        discussion:
            "Text shows node counts by kind and the critical path; json and dot print the whole DAG (dot is Graphviz: hyperplan plan FILE --format dot | dot -Tsvg > plan.svg)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, dot
    }

    @Argument(help: "The experiment file.")
    var file: String

    @Option(help: "Output format: text, json or dot.")
    var format: Format = .text

    func run() async throws {
        let loaded = try ExperimentPreparation.load(file)
        let graph = try ExperimentPreparation.plan(loaded)
        switch format {
        case .text: Terminal.standardOutput.write(graph.textSummary(name: loaded.experiment.name))
        case .json: Terminal.standardOutput.write(graph.json.prettyString())
        case .dot: Terminal.standardOutput.write(graph.dot)
        }
    }
}
