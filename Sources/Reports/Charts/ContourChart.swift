import Foundation
import HyperplanCore
import ResultBundle

/// The objective over a pair of hyperparameters: the plane is cut into cells, each coloured by the mean
/// validation objective of the trials that fell in it (viridis: yellow is best), with the trials as dots. Empty
/// cells stay white: nothing was tried there. Optuna's `plot_contour`, without interpolating where no trial ran.
enum ContourChart {
    static let dotLimit = 600

    static func figure(_ model: ReportModel, x: RecordedDimension, y: RecordedDimension, index: Int) -> Figure? {
        var points: [(x: Double, y: Double, value: Double, trial: RecordedTrial)] = []
        let xNames = categoryNames(x), yNames = categoryNames(y)
        for (trial, objective) in zip(model.trials, model.objective) {
            guard let objective, let xValue = position(trial, x, xNames), let yValue = position(trial, y, yNames)
            else { continue }
            points.append((xValue, yValue, objective, trial))
        }
        guard points.count >= 3 else { return nil }
        var frame = PlotFrame(
            width: 420, height: 340, rotatedXLabels: xNames.count > 4,
            xAxis: { range in
                xNames.isEmpty
                    ? Scale.fitting(points.map(\.x), log: x.isLog, range: range)
                    : Scale.categories(xNames, range: range)
            },
            yAxis: { range in
                yNames.isEmpty
                    ? Scale.fitting(points.map(\.y), log: y.isLog, range: range)
                    : Scale.categories(yNames, range: range)
            })
        let values = points.map(\.value)
        let (low, high) = (values.min() ?? 0, values.max() ?? 1)
        func goodness(_ value: Double) -> Double {
            guard high > low else { return 1 }
            return model.goal == .maximize ? (value - low) / (high - low) : (high - value) / (high - low)
        }
        // Cells: categories keep their bands; numeric axes get √(n/2) cells, between 4 and 24.
        let cells = max(4, min(24, Int((Double(points.count) / 2).squareRoot())))
        let columns = xNames.isEmpty ? cells : xNames.count
        let rows = yNames.isEmpty ? cells : yNames.count
        var sums = [Double](repeating: 0, count: columns * rows)
        var counts = [Int](repeating: 0, count: columns * rows)
        for point in points {
            let column = min(
                columns - 1, max(0, Int((frame.x(point.x) - frame.left) / frame.plotWidth * Double(columns))))
            let row = min(rows - 1, max(0, Int((frame.bottom - frame.y(point.y)) / frame.plotHeight * Double(rows))))
            sums[row * columns + column] += point.value
            counts[row * columns + column] += 1
        }
        // Axes first: the cells cover the grid lines.
        frame.drawAxes(
            xTitle: AxisTitle.dimension(x), yTitle: AxisTitle.dimension(y), xTickRotation: xNames.count > 4 ? -30 : nil)
        let cellWidth = frame.plotWidth / Double(columns), cellHeight = frame.plotHeight / Double(rows)
        for row in 0..<rows {
            for column in 0..<columns where counts[row * columns + column] > 0 {
                let mean = sums[row * columns + column] / Double(counts[row * columns + column])
                let cellLeft = frame.left + Double(column) * cellWidth
                let cellTop = frame.bottom - Double(row + 1) * cellHeight
                let xRange =
                    "\(Scale.label(frame.x.invert(cellLeft)))–\(Scale.label(frame.x.invert(cellLeft + cellWidth)))"
                let yRange =
                    "\(Scale.label(frame.y.invert(cellTop + cellHeight)))–\(Scale.label(frame.y.invert(cellTop)))"
                frame.canvas.rect(
                    x: cellLeft, y: cellTop, width: cellWidth + 0.2, height: cellHeight + 0.2,
                    fill: Palette.sequential(goodness(mean)),
                    title:
                        "\(x.shortName) \(xNames.isEmpty ? xRange : xNames[column]), \(y.shortName) \(yNames.isEmpty ? yRange : yNames[row]): mean \(model.metric) \(ReportModel.number(mean)) over \(counts[row * columns + column]) trials"
                )
            }
        }
        // The best trials as dots on top.
        let shown = points.sorted { goodness($0.value) > goodness($1.value) }.prefix(dotLimit)
        // Dots shaded by rank among the pair's trials (black best, white worst), as Optuna's `plot_rank`.
        let count = Double(max(shown.count - 1, 1))
        for (position, point) in shown.enumerated().reversed() {
            let level = Int((Double(position) / count * 255).rounded())
            let shade = String(repeating: String(format: "%02X", level), count: 3)
            frame.canvas.circle(
                x: frame.x(point.x)
                    + ParameterChart.jitter(point.trial.trial, frame: frame, categorical: !xNames.isEmpty),
                y: frame.y(point.y), radius: 3, fill: "#" + shade, stroke: "#333333", title: model.describe(point.trial)
            )
        }
        return Figure(
            id: "contour-\(index)", title: "\(x.shortName) × \(y.shortName)",
            caption:
                "Mean validation \(model.metric) per cell (yellow best); dots are trials\(points.count > dotLimit ? " (the \(dotLimit) best)" : ""), shaded by rank (black best); white cells were never tried.",
            svg: frame.canvas.render(label: "\(model.metric) over \(x.name) and \(y.name)"), data: ["trials.csv"])
    }

    static func categoryNames(_ dimension: RecordedDimension) -> [String] {
        if case .choice(let values) = dimension.kind { return values.map(\.displayText) }
        return []
    }

    static func position(_ trial: RecordedTrial, _ dimension: RecordedDimension, _ names: [String]) -> Double? {
        guard let value = trial.parameters[dimension.name] else { return nil }
        if names.isEmpty { return value.doubleValue }
        return names.firstIndex(of: value.displayText).map(Double.init)
    }
}
