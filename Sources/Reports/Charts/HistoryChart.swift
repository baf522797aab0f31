import HyperplanCore
import ResultBundle

/// Optimisation history: each trial's objective in trial order, the best so far as a step line, and pruned and
/// failed trials marked along the bottom. Optuna's `plot_optimization_history`.
enum HistoryChart {
    /// Above this many trials, points are drawn as one path without hover text; the improvements of the best so
    /// far and the top trials keep theirs.
    static let individualMarkLimit = 2000

    static func figure(_ model: ReportModel) -> Figure? {
        guard !model.trials.isEmpty else { return nil }
        let values = model.objective.compactMap { $0 }
        let lastTrial = Double(model.trials.last?.trial ?? 0)
        var frame = PlotFrame(
            xAxis: { Scale.fitting([0, max(lastTrial, 1)], log: false, range: $0) },
            yAxis: { Scale.fitting(values, log: model.objectiveIsLogScaled, range: $0) })
        frame.drawAxes(xTitle: "trial number (order the search proposed them)", yTitle: model.objectiveTitle)
        let best = model.bestSoFar
        // Best so far: a step line.
        var steps: [(Double, Double)?] = []
        for (trial, value) in zip(model.trials, best) {
            guard let value else { continue }
            let y = frame.y(value)
            if let last = steps.last, let (_, lastY) = last { steps.append((frame.x(Double(trial.trial)), lastY)) }
            steps.append((frame.x(Double(trial.trial)), y))
        }
        frame.canvas.polyline(steps, stroke: Palette.black, width: 1.5, title: "best so far")
        let many = model.trials.count > individualMarkLimit
        let topRanked = Set(model.trials.filter { ($0.rank ?? .max) <= 50 }.map(\.trial))
        var bulk = ""
        var previousBest: Double?
        for (index, trial) in model.trials.enumerated() {
            let x = frame.x(Double(trial.trial))
            if let value = model.objective[index] {
                let y = frame.y(value)
                let improves = best[index] == value && previousBest != value
                if many, !improves, !topRanked.contains(trial.trial) {
                    bulk += "M\(SVGCanvas.number(x)) \(SVGCanvas.number(y))h0"
                } else {
                    frame.canvas.circle(
                        x: x, y: y, radius: 3, fill: Palette.validation, opacity: 0.75, title: model.describe(trial))
                }
            } else {
                // Pruned and failed trials have no objective: a marker along the bottom edge.
                let y = frame.bottom - 5
                let color = trial.status == .pruned ? Palette.orange : Palette.vermillion
                let d =
                    "M\(SVGCanvas.number(x - 3)) \(SVGCanvas.number(y - 3))L\(SVGCanvas.number(x + 3)) \(SVGCanvas.number(y + 3))M\(SVGCanvas.number(x - 3)) \(SVGCanvas.number(y + 3))L\(SVGCanvas.number(x + 3)) \(SVGCanvas.number(y - 3))"
                frame.canvas.path(d, stroke: color, width: 1.5, title: many ? nil : model.describe(trial))
            }
            previousBest = best[index] ?? previousBest
        }
        if !bulk.isEmpty {
            frame.canvas.path(bulk, stroke: Palette.validation, width: 4, opacity: 0.6, linecap: "round")
        }
        let pruned = model.trials.filter { $0.status == .pruned }.count
        let failed = model.trials.filter { $0.status == .failed }.count
        var caption = "Each trial's mean validation \(model.metric) (blue), and the best so far (black line)."
        if pruned + failed > 0 {
            caption += " Along the bottom: ✕ orange = pruned (\(pruned)), ✕ red = failed (\(failed))."
        }
        if many { caption += " Hover text on the improvements and the 50 best trials only." }
        return Figure(
            id: "history", title: "Optimisation history", caption: caption,
            svg: frame.canvas.render(label: "optimisation history"), data: ["trials.csv"])
    }
}
