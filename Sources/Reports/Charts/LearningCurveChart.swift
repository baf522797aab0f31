import HyperplanCore
import ResultBundle

/// Learning curves of learners trained by a schedule (and of trial commands that report steps): per epoch, the
/// objective on the fold's validation rows, the training and validation losses, and the learning rate as it was
/// applied (warmup and restarts included). Drawn for the best trial and a few others: the next best, the worst,
/// and pruned trials, which end with a ✕ where they were stopped.
enum LearningCurveChart {
    struct Selected {
        var trial: RecordedTrial
        var role: String
        var curve: [CurvePoint]
    }

    /// The trials the curves are drawn for, each with its learning curve; empty when no trial has one.
    static func selection(_ model: ReportModel) -> [Selected] {
        let metric = model.metric
        let ranked = model.trials.filter { $0.rank != nil }.sorted {
            ($0.rank ?? 0, $0.trial) < ($1.rank ?? 0, $1.trial)
        }
        let pruned = model.trials.filter { $0.status == .pruned }
        var chosen: [(RecordedTrial, String)] = []
        if let best = model.snapshot.bestTrial { chosen.append((best, "best")) }
        for trial in ranked.dropFirst().prefix(2) { chosen.append((trial, "rank \(trial.rank ?? 0)")) }
        if let worst = ranked.last, ranked.count > 3 { chosen.append((worst, "worst")) }
        if let first = pruned.first { chosen.append((first, "pruned")) }
        if let last = pruned.last, pruned.count > 1 { chosen.append((last, "pruned")) }
        var seen = Set<Int>()
        return chosen.compactMap { trial, role in
            guard seen.insert(trial.trial).inserted else { return nil }
            let curve = trial.learningCurve(metric: metric)
            return curve.count >= 2 ? Selected(trial: trial, role: role, curve: curve) : nil
        }
    }

    static func figures(_ model: ReportModel) -> [Figure] {
        let selected = selection(model)
        guard !selected.isEmpty else { return [] }
        var figures: [Figure] = []
        let metricSeries = selected.map {
            ($0, $0.curve.map { point in point.validationMetric.map { (Double(point.step), $0) } })
        }
        if let figure = lines(
            model, id: "learning-curve", title: "Learning curves",
            caption:
                "Mean over folds of the validation \(model.metric) after each epoch (step), for the best trial and a few others; ✕ marks where a pruned trial was stopped.",
            yTitle: AxisTitle.metric(model.metric, goal: model.goal), series: metricSeries, log: false)
        {
            figures.append(figure)
        }
        if let best = selected.first {
            let loss: [(Selected, [(Double, Double)?])] = [
                (
                    Selected(trial: best.trial, role: "training loss", curve: best.curve),
                    best.curve.map { p in p.trainLoss.map { (Double(p.step), $0) } }
                ),
                (
                    Selected(trial: best.trial, role: "validation loss", curve: best.curve),
                    best.curve.map { p in p.validationLoss.map { (Double(p.step), $0) } }
                ),
            ]
            if let figure = lines(
                model, id: "loss-curve", title: "Losses of trial \(best.trial.trial)",
                caption:
                    "Training loss (mean over the epoch's batches) and loss on the fold's validation rows, mean over folds. Validation loss rising while training loss falls is overfitting.",
                yTitle: "loss (nats or target units²)", series: loss, log: false,
                colors: [Palette.train, Palette.validation])
            {
                figures.append(figure)
            }
        }
        let rates = selected.map { ($0, $0.curve.map { point in point.learningRate.map { (Double(point.step), $0) } }) }
        if let figure = lines(
            model, id: "learning-rate", title: "Learning-rate schedules",
            caption:
                "The learning rate each epoch trained with, as the schedule applied it (warmup and restarts included).",
            yTitle: "learning rate (log scale)", series: rates, log: true)
        {
            figures.append(figure)
        }
        return figures
    }

    static func lines(
        _ model: ReportModel, id: String, title: String, caption: String, yTitle: String,
        series: [(Selected, [(Double, Double)?])], log: Bool, colors: [String]? = nil
    ) -> Figure? {
        let points = series.flatMap { $0.1.compactMap { $0 } }
        guard points.count >= 2 else { return nil }
        let useLog = log && points.allSatisfy { $0.1 > 0 }
        var frame = PlotFrame(
            width: 700, height: 320, margins: (left: 64, right: 170, top: 14, bottom: 52),
            xAxis: { Scale.fitting(points.map(\.0), log: false, range: $0) },
            yAxis: { Scale.fitting(points.map(\.1), log: useLog, range: $0) })
        frame.drawAxes(xTitle: "epoch (or reported step)", yTitle: yTitle)
        var legendY = frame.top + 12
        for (index, (selected, line)) in series.enumerated() {
            let color = colors?[index % (colors?.count ?? 1)] ?? Palette.category(index)
            let label = colors == nil ? "trial \(selected.trial.trial) (\(selected.role))" : selected.role
            frame.canvas.polyline(
                line.map { point in point.map { (frame.x($0.0), frame.y($0.1)) } }, stroke: color, width: 1.8,
                dash: selected.trial.status == .pruned ? "5 3" : nil,
                title: "\(label) · \(model.describe(selected.trial))")
            if selected.trial.status == .pruned, let last = line.last(where: { $0 != nil }) ?? nil {
                let (x, y) = (frame.x(last.0), frame.y(last.1))
                frame.canvas.path(
                    "M\(SVGCanvas.number(x - 4)) \(SVGCanvas.number(y - 4))L\(SVGCanvas.number(x + 4)) \(SVGCanvas.number(y + 4))M\(SVGCanvas.number(x - 4)) \(SVGCanvas.number(y + 4))L\(SVGCanvas.number(x + 4)) \(SVGCanvas.number(y - 4))",
                    stroke: color, width: 2,
                    title: "trial \(selected.trial.trial) pruned at step \(selected.trial.prunedAt ?? Int(last.0))")
            }
            frame.canvas.line(
                x1: frame.right + 12, y1: legendY - 4, x2: frame.right + 30, y2: legendY - 4, stroke: color, width: 2,
                dash: selected.trial.status == .pruned ? "5 3" : nil)
            frame.canvas.text(label, x: frame.right + 34, y: legendY, cssClass: "legend")
            legendY += 14
        }
        return Figure(
            id: id, title: title, caption: caption, svg: frame.canvas.render(label: title),
            data: ["learning_curves.csv"])
    }
}
