import Foundation
package import HyperplanCore
import Search

extension TrialGraph {
    /// The DAG as JSON: nodes in topological order with their IDs, parents and inputs, and the trials.
    package var json: JSONValue {
        .object([
            "experiment": .string(experimentIdentity.hex),
            "folds": .int(foldCount),
            "nodes": .array(nodes.map(\.json)),
            "trials": .array(
                trials.map { trial in
                    .object([
                        "index": .int(trial.index), "configuration": trial.configuration.json,
                        "hyperparameters": trial.hyperparameters.json, "proposals": .int(trial.proposals),
                    ])
                }),
            "counts": .object(
                Dictionary(uniqueKeysWithValues: countsByKind.map { ($0.kind, JSONValue.int($0.count)) })),
        ])
    }

    /// The DAG in Graphviz's DOT language (`hyperplan plan FILE --format dot | dot -Tsvg`).
    package var dot: String {
        var lines = ["digraph plan {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\", fontsize=10];"]
        for node in nodes {
            let label = "\(node.task.label)\\n\(node.id.short)"
            lines.append("  \"\(node.id.short)\" [label=\"\(label)\"];")
        }
        for node in nodes {
            for parent in node.parents { lines.append("  \"\(parent.short)\" -> \"\(node.id.short)\";") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A summary for people: node counts by kind and the critical path.
    package func textSummary(name: String) -> String {
        var output = "plan for '\(name)' (experiment \(experimentIdentity.short))\n"
        output +=
            "  \(trials.count) configuration\(trials.count == 1 ? "" : "s") × \(foldCount) fold\(foldCount == 1 ? "" : "s") = \(trials.count * foldCount) fits\n"
        output += "  \(nodes.count) nodes:\n"
        let width = countsByKind.map(\.kind.count).max() ?? 0
        for (kind, count) in countsByKind {
            output +=
                "    \(kind.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(count).leftPadded(to: 6))\n"
        }
        let path = criticalPath
        output += "  critical path (\(path.count) nodes): " + path.map(\.task.label).joined(separator: " → ") + "\n"
        return output
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
