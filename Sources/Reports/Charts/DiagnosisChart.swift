import ResultBundle

/// Fit diagnosis: each ok trial's training score against its validation score. On the diagonal the model does
/// as well on rows it has not seen as on those it learned from; far to the training side it overfits; low on
/// both it underfits. Marks are coloured by the trial's flag (the rule is in `docs/reports.md#fit-diagnosis`).
enum DiagnosisChart {
    static let pointLimit = 2000

    static func figure(_ model: ReportModel) -> Figure? {
        let metric = model.metric
        let entries = model.trials.compactMap { trial -> (RecordedTrial, Double, Double)? in
            guard trial.isOK, let validation = trial.validation[metric]?.mean, let train = trial.train[metric]?.mean,
                validation.isFinite, train.isFinite
            else { return nil }
            return (trial, validation, train)
        }
        guard entries.count >= 2 else { return nil }
        let all = entries.flatMap { [$0.1, $0.2] }
        let log = model.objectiveIsLogScaled && all.allSatisfy { $0 > 0 }
        var frame = PlotFrame(
            width: 440, height: 340,
            xAxis: { Scale.fitting(all, log: log, range: $0) }, yAxis: { Scale.fitting(all, log: log, range: $0) })
        frame.drawAxes(
            xTitle: "validation \(metric) (\(AxisTitle.unit(of: metric)))",
            yTitle: "training \(metric) (\(AxisTitle.unit(of: metric)))")
        let low = max(frame.x.domain.lowerBound, frame.y.domain.lowerBound)
        let high = min(frame.x.domain.upperBound, frame.y.domain.upperBound)
        if low < high {
            frame.canvas.line(
                x1: frame.x(low), y1: frame.y(low), x2: frame.x(high), y2: frame.y(high), stroke: "#777777", dash: "4 3"
            )
        }
        let ordered = entries.sorted {
            ($0.0.flags.isEmpty ? 1 : 0, $0.0.trial) > ($1.0.flags.isEmpty ? 1 : 0, $1.0.trial)
        }
        for (trial, validation, train) in ordered.suffix(pointLimit) {
            let color: String
            if trial.flags.contains("overfitting") {
                color = Palette.vermillion
            } else if trial.flags.contains("underfitting") {
                color = Palette.blue
            } else if trial.flags.contains("unstable") {
                color = Palette.orange
            } else {
                color = Palette.grey
            }
            frame.canvas.circle(
                x: frame.x(validation), y: frame.y(train), radius: 3, fill: color, opacity: 0.75,
                title: model.describe(trial))
        }
        let counts = ["overfitting", "underfitting", "unstable"].map { flag in
            "\(model.trials.filter { $0.flags.contains(flag) }.count) \(flag)"
        }.joined(separator: ", ")
        return Figure(
            id: "fit-diagnosis", title: "Fit diagnosis",
            caption:
                "Training against validation \(metric) per trial; dashed: equal. Red overfitting, blue underfitting, orange unstable, grey none (\(counts)).",
            svg: frame.canvas.render(label: "training against validation score"), data: ["trials.csv"])
    }
}
