/// The empirical distribution of the objective: for each score, the share of ok trials that reached at least
/// that good a score. A steep curve near the best score means many configurations are nearly as good; a long
/// tail means the search spent many trials far from it. Optuna's `plot_edf`.
enum DistributionChart {
    static func figure(_ model: ReportModel) -> Figure? {
        let values = model.objective.compactMap { $0 }.filter(\.isFinite)
        guard values.count >= 2 else { return nil }
        // Best first: the share of trials at least this good.
        let ordered = values.sorted { model.isBetter($0, than: $1) }
        var frame = PlotFrame(
            xAxis: { Scale.fitting(values, log: model.objectiveIsLogScaled, range: $0) },
            yAxis: { Scale(kind: .linear, domain: 0...1.02, range: $0) })
        frame.drawAxes(xTitle: model.objectiveTitle, yTitle: "share of ok trials at least this good")
        var points: [(Double, Double)?] = []
        for (index, value) in ordered.enumerated() {
            let share = Double(index + 1) / Double(ordered.count)
            if let last = points.last, let (x, _) = last { points.append((x, frame.y(share))) }
            points.append((frame.x(value), frame.y(share)))
        }
        frame.canvas.polyline(points, stroke: Palette.validation, width: 2, title: "\(ordered.count) ok trials")
        for quantile in [0.1, 0.5, 0.9] {
            let index = min(ordered.count - 1, Int((Double(ordered.count) * quantile).rounded(.up)) - 1)
            let value = ordered[max(0, index)]
            frame.canvas.circle(
                x: frame.x(value), y: frame.y(Double(max(0, index) + 1) / Double(ordered.count)), radius: 3.5,
                fill: Palette.black,
                title:
                    "the best \(Int(quantile * 100)) % of ok trials reach \(model.metric) \(ReportModel.number(value))")
        }
        return Figure(
            id: "distribution", title: "Distribution of scores",
            caption:
                "For each validation \(model.metric), the share of ok trials at least that good (dots: the best 10 %, 50 % and 90 %).",
            svg: frame.canvas.render(label: "empirical distribution of the objective"), data: ["trials.csv"])
    }
}
