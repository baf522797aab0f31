import ResultBundle

/// The per-fold scores of the best configurations: for each, its folds' validation scores (blue dots) and
/// training scores (orange dots), and the mean ± one standard deviation of the validation scores. A wide spread
/// means the score depends on which rows fell in the fold; the gap between orange and blue is the overfit.
enum FoldSpreadChart {
    static let configurations = 15

    static func figure(_ model: ReportModel) -> Figure? {
        let metric = model.metric
        let top = model.trials.filter { $0.rank != nil }.sorted { ($0.rank ?? 0, $0.trial) < ($1.rank ?? 0, $1.trial) }
            .prefix(configurations)
        guard !top.isEmpty, model.snapshot.foldCount > 1 else { return nil }
        let names = top.map { "#\($0.rank ?? 0) t\($0.trial)" }
        var values: [Double] = []
        for trial in top {
            for fold in trial.folds {
                if let value = fold.validation[metric] ?? nil { values.append(value) }
                if let value = fold.train[metric] ?? nil { values.append(value) }
            }
        }
        guard !values.isEmpty else { return nil }
        var frame = PlotFrame(
            width: 640, height: 320, rotatedXLabels: names.count > 6,
            xAxis: { Scale.categories(names, range: $0) },
            yAxis: { Scale.fitting(values, log: model.objectiveIsLogScaled, range: $0) })
        frame.drawAxes(
            xTitle: "configuration (rank and trial number)",
            yTitle: "\(metric) per fold (\(AxisTitle.unit(of: metric)))",
            xTickRotation: names.count > 6 ? -30 : nil)
        let band = frame.x.bandWidth
        for (index, trial) in top.enumerated() {
            let center = frame.x(Double(index))
            if let mean = trial.validation[metric]?.mean, let std = trial.validation[metric]?.std {
                frame.canvas.line(
                    x1: center, y1: frame.y(mean - std), x2: center, y2: frame.y(mean + std), stroke: "#555555",
                    width: 1.5)
                frame.canvas.line(
                    x1: center - band * 0.25, y1: frame.y(mean), x2: center + band * 0.25, y2: frame.y(mean),
                    stroke: "#333333", width: 2)
            }
            let count = Double(max(trial.folds.count, 1))
            for (position, fold) in trial.folds.enumerated() {
                let offset = (Double(position) - (count - 1) / 2) / max(count, 2) * band * 0.5
                let description = "\(model.describe(trial)) · fold \(fold.fold)"
                if let value = fold.train[metric] ?? nil {
                    frame.canvas.circle(
                        x: center + offset, y: frame.y(value), radius: 2.5, fill: Palette.train, opacity: 0.7,
                        title: "\(description): train \(ReportModel.number(value))")
                }
                if let value = fold.validation[metric] ?? nil {
                    frame.canvas.circle(
                        x: center + offset, y: frame.y(value), radius: 3, fill: Palette.validation, opacity: 0.8,
                        title: "\(description): validation \(ReportModel.number(value))")
                }
            }
        }
        return Figure(
            id: "fold-spread", title: "Fold spread of the best configurations",
            caption:
                "Each dot a fold: validation (blue) and training (orange) \(metric); the bar is the mean ± one standard deviation of the validation scores.",
            svg: frame.canvas.render(label: "per-fold scores of the best configurations"), data: ["folds.csv"])
    }
}
