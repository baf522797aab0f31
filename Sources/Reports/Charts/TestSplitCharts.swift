import Foundation
import ResultBundle

/// The refitted model on the test split, from the bundle's `predictions.csv`: a confusion matrix for
/// classification, predicted against true values and the residuals for regression.
enum TestSplitCharts {
    struct Predictions {
        var truth: [String]
        var predicted: [String]
    }

    /// Reads `predictions.csv` (`row`, `true`, `predicted`, …); `nil` when the bundle has none.
    static func read(_ directory: URL) -> Predictions? {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("predictions.csv").path)
        else { return nil }
        let rows = CSVLines.parse(String(decoding: data, as: UTF8.self))
        guard let header = rows.first, let truthColumn = header.firstIndex(of: "true"),
            let predictedColumn = header.firstIndex(of: "predicted")
        else { return nil }
        var result = Predictions(truth: [], predicted: [])
        for row in rows.dropFirst() where row.count > max(truthColumn, predictedColumn) {
            result.truth.append(row[truthColumn])
            result.predicted.append(row[predictedColumn])
        }
        return result.truth.isEmpty ? nil : result
    }

    static func figures(_ model: ReportModel, classes: [String]?, predictions: Predictions) -> [Figure] {
        if let classes, !classes.isEmpty { return confusion(predictions, classes: classes).map { [$0] } ?? [] }
        return regression(model, predictions)
    }

    static func confusion(_ predictions: Predictions, classes: [String]) -> Figure? {
        let index = Dictionary(
            classes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classes.count), count: classes.count)
        for (truth, predicted) in zip(predictions.truth, predictions.predicted) {
            guard let row = index[truth], let column = index[predicted] else { continue }
            counts[row][column] += 1
        }
        let size = min(420, max(200, Double(classes.count) * 46))
        var frame = PlotFrame(
            width: size + 150, height: size + 70, margins: (left: 130, right: 20, top: 10, bottom: 60),
            rotatedXLabels: classes.count > 4,
            xAxis: { Scale.categories(classes, range: $0) }, yAxis: { Scale.categories(classes.reversed(), range: $0) })
        // Axes first: the cells cover the grid lines, and their counts stay readable.
        frame.drawAxes(xTitle: "predicted class", yTitle: "true class", xTickRotation: classes.count > 4 ? -30 : nil)
        let cellWidth = frame.x.bandWidth, cellHeight = frame.y.bandWidth
        for (row, truth) in classes.enumerated() {
            let total = max(1, counts[row].reduce(0, +))
            for (column, predicted) in classes.enumerated() {
                let count = counts[row][column]
                let share = Double(count) / Double(total)
                let x = frame.x(Double(column)) - cellWidth / 2
                let y = frame.y(Double(classes.count - 1 - row)) - cellHeight / 2
                frame.canvas.rect(
                    x: x, y: y, width: cellWidth - 1, height: cellHeight - 1, fill: Palette.sequential(share),
                    title:
                        "true \(truth), predicted \(predicted): \(count) of \(total) rows (\(Int((share * 100).rounded())) %)"
                )
                frame.canvas.text(
                    String(count), x: x + cellWidth / 2, y: y + cellHeight / 2 + 4, anchor: .middle,
                    cssClass: share > 0.6 ? "cell dark" : "cell")
            }
        }
        return Figure(
            id: "confusion-matrix", title: "Confusion matrix on the test split",
            caption:
                "Rows are the true classes, columns the predicted ones; colour is the share of the row (yellow = all of it).",
            svg: frame.canvas.render(label: "confusion matrix"), data: ["confusion_matrix.csv"])
    }

    static func regression(_ model: ReportModel, _ predictions: Predictions) -> [Figure] {
        let pairs = zip(predictions.truth, predictions.predicted).compactMap { truth, predicted -> (Double, Double)? in
            guard let t = Double(truth), let p = Double(predicted) else { return nil }
            return (t, p)
        }
        guard pairs.count >= 2 else { return [] }
        let all = pairs.flatMap { [$0.0, $0.1] }
        var scatter = PlotFrame(
            width: 420, height: 340, xAxis: { Scale.fitting(all, log: false, range: $0) },
            yAxis: { Scale.fitting(all, log: false, range: $0) })
        scatter.drawAxes(xTitle: "true value (target units)", yTitle: "predicted value (target units)")
        let (low, high) = (scatter.x.domain.lowerBound, scatter.x.domain.upperBound)
        scatter.canvas.line(
            x1: scatter.x(low), y1: scatter.y(low), x2: scatter.x(high), y2: scatter.y(high), stroke: "#777777",
            dash: "4 3")
        var residual = PlotFrame(
            width: 420, height: 340, xAxis: { Scale.fitting(pairs.map(\.1), log: false, range: $0) },
            yAxis: { Scale.fitting(pairs.map { $0.0 - $0.1 }, log: false, range: $0, includeZero: true) })
        residual.drawAxes(xTitle: "predicted value (target units)", yTitle: "residual: true − predicted (target units)")
        residual.canvas.line(
            x1: residual.left, y1: residual.y(0), x2: residual.right, y2: residual.y(0), stroke: "#777777", dash: "4 3")
        for (truth, predicted) in pairs.prefix(5000) {
            let title = "true \(ReportModel.number(truth)), predicted \(ReportModel.number(predicted))"
            scatter.canvas.circle(
                x: scatter.x(truth), y: scatter.y(predicted), radius: 2.5, fill: Palette.blue, opacity: 0.6,
                title: title)
            residual.canvas.circle(
                x: residual.x(predicted), y: residual.y(truth - predicted), radius: 2.5, fill: Palette.vermillion,
                opacity: 0.6, title: title)
        }
        return [
            Figure(
                id: "predicted-vs-true", title: "Predicted against true values on the test split",
                caption: "Each dot a test row; on the dashed line the prediction is exact.",
                svg: scatter.canvas.render(label: "predicted against true"), data: ["residuals.csv"]),
            Figure(
                id: "residuals", title: "Residuals on the test split",
                caption:
                    "True minus predicted value against the prediction; a pattern (a slope, a funnel) is structure the model missed.",
                svg: residual.canvas.render(label: "residuals"), data: ["residuals.csv"]),
        ]
    }
}

/// Minimal CSV splitting (RFC 4180 quotes) for the bundle's own CSV files.
enum CSVLines {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            if next == "," {
                                row.append(field); field = ""
                            } else if next == "\n" {
                                row.append(field); rows.append(row); row = []; field = ""
                            } else {
                                field.append(next)
                            }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
