import HyperplanCore
import ResultBundle

/// Parallel coordinates: one vertical axis per searched dimension and one for the objective; each trial is a
/// line across them, coloured by its objective (viridis: yellow is best). A dimension a trial does not have (a
/// hyperparameter of another model block) sits on the "absent" mark below its axis. Optuna's
/// `plot_parallel_coordinate`.
enum ParallelCoordinatesChart {
    /// Lines drawn one by one, with hover text; the rest share one path per colour band.
    static let individualLines = 300

    static func figure(_ model: ReportModel) -> Figure? {
        let dimensions = model.snapshot.dimensions
        let entries = zip(model.trials, model.objective).compactMap { trial, value in value.map { (trial, $0) } }
        guard !dimensions.isEmpty, entries.count >= 2 else { return nil }
        let axisCount = dimensions.count + 1
        let width = max(560, min(1200, Double(axisCount) * 110 + 80))
        let height = 360.0
        var canvas = SVGCanvas(width: width, height: height)
        let (top, bottom, left, right) = (40.0, height - 64, 56.0, width - 56)
        let step = (right - left) / Double(max(axisCount - 1, 1))
        let absentY = bottom + 18
        // One scale per axis, mapping a trial's value to a y position.
        var scales: [(RecordedTrial) -> Double?] = []
        var axisTicks: [[(Double, String)]] = []
        for dimension in dimensions {
            let range = (bottom, top)
            if case .choice(let values) = dimension.kind {
                let names = values.map(\.displayText)
                let scale = Scale.categories(names, range: range)
                scales.append { trial in
                    guard let value = trial.parameters[dimension.name],
                        let index = names.firstIndex(of: value.displayText)
                    else { return nil }
                    return scale(Double(index))
                }
                axisTicks.append(scale.ticks().map { (scale($0.value), $0.label) })
            } else {
                let numbers = entries.compactMap { $0.0.parameters[dimension.name]?.doubleValue }
                let scale = Scale.fitting(numbers, log: dimension.isLog, range: range)
                scales.append { trial in trial.parameters[dimension.name]?.doubleValue.map { scale($0) } }
                axisTicks.append(scale.ticks(count: 5).map { (scale($0.value), $0.label) })
            }
        }
        let objectiveScale = Scale.fitting(entries.map(\.1), log: model.objectiveIsLogScaled, range: (bottom, top))
        axisTicks.append(objectiveScale.ticks(count: 5).map { (objectiveScale($0.value), $0.label) })
        // Colour: 1 for the best objective, 0 for the worst.
        let values = entries.map(\.1)
        let (low, high) = (values.min() ?? 0, values.max() ?? 1)
        func goodness(_ value: Double) -> Double {
            guard high > low else { return 1 }
            let t = (value - low) / (high - low)
            return model.goal == .maximize ? t : 1 - t
        }
        // Worst first, so the best lines are drawn on top.
        let ordered = entries.sorted { goodness($0.1) < goodness($1.1) }
        var bands = [String](repeating: "", count: 8)
        for (position, (trial, value)) in ordered.enumerated() {
            var points: [(Double, Double)?] = []
            for (axis, scale) in scales.enumerated() {
                points.append((left + Double(axis) * step, scale(trial) ?? absentY))
            }
            points.append((left + Double(scales.count) * step, objectiveScale(value)))
            let color = Palette.sequential(goodness(value))
            if position >= ordered.count - individualLines {
                canvas.polyline(points, stroke: color, width: 1.2, opacity: 0.8, title: model.describe(trial))
            } else {
                let band = min(7, Int(goodness(value) * 8))
                for (index, point) in points.enumerated() {
                    guard let (x, y) = point else { continue }
                    bands[band] += (index == 0 ? "M" : "L") + SVGCanvas.number(x) + " " + SVGCanvas.number(y)
                }
            }
        }
        for (band, data) in bands.enumerated() where !data.isEmpty {
            canvas.path(data, stroke: Palette.sequential((Double(band) + 0.5) / 8), width: 1, opacity: 0.35)
        }
        // Axes on top of the lines.
        let titles = dimensions.map(\.shortName) + ["\(model.metric) (validation)"]
        for axis in 0..<axisCount {
            let x = left + Double(axis) * step
            canvas.line(x1: x, y1: top, x2: x, y2: bottom, stroke: "#444444", cssClass: "axis")
            for (y, label) in axisTicks[axis] {
                canvas.line(x1: x - 3, y1: y, x2: x + 3, y2: y, stroke: "#444444")
                canvas.text(
                    label.count > 14 ? String(label.prefix(13)) + "…" : label, x: x + 5, y: y + 4, cssClass: "tick")
            }
            if axis < dimensions.count, dimensions[axis].condition != nil {
                canvas.text("absent", x: x + 5, y: absentY + 4, cssClass: "tick")
            }
            let title = titles[axis] + (axis < dimensions.count && dimensions[axis].isLog ? " (log)" : "")
            // Neighbouring titles alternate between two lines, so long names do not run into each other.
            canvas.text(title, x: x, y: top - (axis % 2 == 0 ? 8 : 22), anchor: .middle, cssClass: "axis-title")
        }
        canvas.text(
            "each line a trial; colour: validation \(model.metric) (yellow best, purple worst)", x: width / 2,
            y: height - 10, anchor: .middle, cssClass: "axis-title")
        let hover = ordered.count > individualLines ? " Hover text on the \(individualLines) best trials." : ""
        return Figure(
            id: "parallel-coordinates", title: "Parallel coordinates",
            caption:
                "Every searched dimension and the objective, one line per ok trial, coloured by the objective.\(hover)",
            svg: canvas.render(label: "parallel coordinates"), data: ["trials.csv"])
    }
}
