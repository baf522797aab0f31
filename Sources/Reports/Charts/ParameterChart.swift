import Foundation
import HyperplanCore
import ResultBundle

/// Validation curves: for one searched hyperparameter, each trial's objective on validation rows (blue) and on
/// training rows (orange) against the value it tried, with the mean of each in bins along the axis. Where the
/// orange line runs far above the blue one (for a score; below, for a loss) the model overfits; where both are
/// poor it underfits. Log axes for log domains, categories for choices.
enum ParameterChart {
    /// Above this many trials the points give way to bin means with a band from the lowest to the highest value.
    static let pointLimit = 1000

    static func figure(_ model: ReportModel, dimension: RecordedDimension, index: Int) -> Figure? {
        let metric = model.metric
        struct Point {
            var position: Double
            var validation: Double
            var train: Double?
            var trial: RecordedTrial
        }
        var categories: [String] = []
        if case .choice(let values) = dimension.kind { categories = values.map(\.displayText) }
        var points: [Point] = []
        for (trial, objective) in zip(model.trials, model.objective) {
            guard let objective, let value = trial.parameters[dimension.name] else { continue }
            let position: Double
            if dimension.isChoice {
                guard let category = categories.firstIndex(of: value.displayText) else { continue }
                position = Double(category)
            } else {
                guard let number = value.doubleValue else { continue }
                position = number
            }
            points.append(
                Point(position: position, validation: objective, train: trial.train[metric]?.mean, trial: trial))
        }
        guard !points.isEmpty else { return nil }
        let yValues = points.map(\.validation) + points.compactMap(\.train)
        let logY = model.objectiveIsLogScaled && yValues.allSatisfy { $0 > 0 }
        var frame = PlotFrame(
            width: 420, height: 300, rotatedXLabels: categories.count > 4,
            xAxis: { range in
                dimension.isChoice
                    ? Scale.categories(categories, range: range)
                    : Scale.fitting(points.map(\.position), log: dimension.isLog, range: range)
            },
            yAxis: { Scale.fitting(yValues, log: logY, range: $0) })
        frame.drawAxes(
            xTitle: AxisTitle.dimension(dimension), yTitle: "\(metric) (\(AxisTitle.unit(of: metric)))",
            xTickRotation: categories.count > 4 ? -30 : nil)
        let bins = binMeans(
            points.map { ($0.position, $0.validation, $0.train) }, frame: frame, categorical: dimension.isChoice)
        let individual = points.count <= pointLimit
        if individual {
            for point in points {
                let x =
                    frame.x(point.position) + jitter(point.trial.trial, frame: frame, categorical: dimension.isChoice)
                let title = model.describe(point.trial)
                if let train = point.train {
                    frame.canvas.circle(
                        x: x, y: frame.y(train), radius: 2.5, fill: Palette.train, opacity: 0.55, title: title)
                }
                frame.canvas.circle(
                    x: x, y: frame.y(point.validation), radius: 2.5, fill: Palette.validation, opacity: 0.7,
                    title: title)
            }
        } else {
            for side in [Side.train, .validation] {
                let color = side == .train ? Palette.train : Palette.validation
                var band = ""
                for bin in bins where side == .validation || bin.trainRange != nil {
                    guard let range = side == .validation ? bin.validationRange : bin.trainRange else { continue }
                    let (x0, x1) = (bin.left, bin.right)
                    band +=
                        "M\(SVGCanvas.number(x0)) \(SVGCanvas.number(frame.y(range.lowerBound)))"
                        + "H\(SVGCanvas.number(x1))V\(SVGCanvas.number(frame.y(range.upperBound)))H\(SVGCanvas.number(x0))Z"
                }
                if !band.isEmpty { frame.canvas.path(band, fill: color, opacity: nil, mark: true) }
            }
        }
        // Bin means of both sides, as lines (or, for choices, short bars) with hover text.
        for side in [Side.train, .validation] {
            let color = side == .train ? Palette.train : Palette.validation
            let means = bins.map { bin -> (Double, Double)? in
                guard let mean = side == .train ? bin.trainMean : bin.validationMean else { return nil }
                return (bin.center, frame.y(mean))
            }
            if dimension.isChoice {
                for (bin, point) in zip(bins, means) {
                    guard let (x, y) = point else { continue }
                    frame.canvas.line(
                        x1: x - frame.x.bandWidth * 0.3, y1: y, x2: x + frame.x.bandWidth * 0.3, y2: y, stroke: color,
                        width: 2.5)
                    _ = bin
                }
            } else {
                frame.canvas.polyline(means, stroke: color, width: 2, mark: !individual)
            }
            for (bin, point) in zip(bins, means) {
                guard let (x, y) = point else { continue }
                let label = side == .train ? "training" : "validation"
                let mean = (side == .train ? bin.trainMean : bin.validationMean) ?? .nan
                frame.canvas.circle(
                    x: x, y: y, radius: individual ? 0 : 3, fill: color, mark: !individual,
                    title:
                        "\(dimension.shortName) \(bin.label): mean \(label) \(metric) \(ReportModel.number(mean)) over \(bin.count) trials"
                )
            }
        }
        let pointText = individual ? "each dot a trial" : "bands from the lowest to the highest trial in each bin"
        return Figure(
            id: "parameter-\(index)", title: dimension.name,
            caption:
                "Validation (blue) and training (orange) \(metric) against \(dimension.shortName): \(pointText); lines join the means per bin. A wide gap between them is overfitting; both poor is underfitting.",
            svg: frame.canvas.render(label: "\(metric) against \(dimension.name)"), data: ["trials.csv"])
    }

    enum Side { case train, validation }

    struct Bin {
        var left: Double
        var right: Double
        var center: Double
        var label: String
        var count: Int
        var validationMean: Double?
        var trainMean: Double?
        var validationRange: ClosedRange<Double>?
        var trainRange: ClosedRange<Double>?
    }

    /// Means over bins of the x axis (at most 24 equal-width bins in pixels; one per category for choices).
    static func binMeans(
        _ points: [(x: Double, validation: Double, train: Double?)], frame: PlotFrame, categorical: Bool
    ) -> [Bin] {
        var groups: [Int: [(Double, Double?)]] = [:]
        var edges: [Int: (Double, Double, String)] = [:]
        let binCount = max(1, min(24, Int(Double(points.count).squareRoot().rounded(.up))))
        for point in points {
            let px = frame.x(point.x)
            let key: Int
            if categorical {
                key = Int(point.x)
                let half = frame.x.bandWidth / 2
                edges[key] = (px - half, px + half, "")
            } else {
                let t = (px - frame.left) / max(frame.plotWidth, 1)
                key = min(binCount - 1, max(0, Int(t * Double(binCount))))
                let width = frame.plotWidth / Double(binCount)
                edges[key] = (frame.left + Double(key) * width, frame.left + Double(key + 1) * width, "")
            }
            groups[key, default: []].append((point.validation, point.train))
        }
        return groups.keys.sorted().compactMap { key in
            guard let members = groups[key], let (left, right, _) = edges[key] else { return nil }
            let validation = members.map(\.0)
            let train = members.compactMap(\.1)
            let center = categorical ? (left + right) / 2 : (left + right) / 2
            let low = categorical ? nil : frame.x.invert(left)
            let high = categorical ? nil : frame.x.invert(right)
            let label =
                low.flatMap { l in high.map { "\(Scale.label(l))–\(Scale.label($0))" } } ?? frame.x.ticks()[safe: key]?
                .label ?? ""
            return Bin(
                left: left, right: right, center: center, label: label, count: members.count,
                validationMean: validation.reduce(0, +) / Double(validation.count),
                trainMean: train.isEmpty ? nil : train.reduce(0, +) / Double(train.count),
                validationRange: (validation.min() ?? 0)...(validation.max() ?? 0),
                trainRange: train.isEmpty ? nil : (train.min() ?? 0)...(train.max() ?? 0))
        }
    }

    /// A small, fixed horizontal offset per trial on category axes, so that equal values do not hide each other.
    static func jitter(_ trial: Int, frame: PlotFrame, categorical: Bool) -> Double {
        guard categorical else { return 0 }
        var state = UInt64(truncatingIfNeeded: trial) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 29
        let unit = Double(state % 1000) / 1000 - 0.5
        return unit * frame.x.bandWidth * 0.5
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
