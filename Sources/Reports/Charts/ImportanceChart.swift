/// Hyperparameter importance: the share of the objective's variance each searched dimension explains (fANOVA,
/// as Optuna's default `FanovaImportanceEvaluator`), largest first.
enum ImportanceChart {
    static func figure(_ importances: [(name: String, value: Double)], trials: Int, note: String) -> Figure? {
        guard !importances.isEmpty else { return nil }
        let ordered = importances.sorted { ($0.value, $1.name) > ($1.value, $0.name) }
        let rowHeight = 24.0
        let height = Double(ordered.count) * rowHeight + 70
        var frame = PlotFrame(
            width: 560, height: height, margins: (left: 190, right: 60, top: 10, bottom: 50),
            xAxis: { Scale(kind: .linear, domain: 0...max(1, ordered.first?.value ?? 1), range: $0) },
            yAxis: { Scale(kind: .linear, domain: 0...Double(ordered.count), range: $0) })
        frame.drawAxesForRows(
            ordered.map(\.name), xTitle: "importance (share of the objective's variance, 0–1)",
            yTitle: "")
        let pixelsPerRow = frame.plotHeight / Double(ordered.count)
        for (index, entry) in ordered.enumerated() {
            let top = frame.y(Double(ordered.count - index)) + pixelsPerRow * 0.2
            let width = frame.x(entry.value) - frame.left
            frame.canvas.rect(
                x: frame.left, y: top, width: max(width, 1), height: pixelsPerRow * 0.6, fill: Palette.blue,
                title: "\(entry.name): \(ReportModel.number(entry.value))")
            frame.canvas.text(
                ReportModel.number(entry.value), x: frame.left + max(width, 1) + 4, y: top + pixelsPerRow * 0.45,
                cssClass: "tick")
        }
        return Figure(
            id: "importance", title: "Hyperparameter importance",
            caption: "fANOVA over \(trials) ok trials, as Optuna's default importance evaluator. \(note)",
            svg: frame.canvas.render(label: "hyperparameter importance"), data: ["importance.csv"])
    }
}
