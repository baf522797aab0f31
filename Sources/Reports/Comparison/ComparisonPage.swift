package import Foundation
import HyperplanCore
package import ResultBundle

extension BundleComparison {
    /// Writes the comparison as a report page (`index.html`, `assets/`, `data/`) into `output`.
    ///
    /// - Throws: `BundleError` when a file cannot be written.
    package func writePage(to output: URL) throws(BundleError) {
        try ReportWriter.write(PageStyle.css, to: output.appendingPathComponent("assets/\(PageStyle.fileName)"))
        let (html, data) = page()
        try ReportWriter.write(html, to: output.appendingPathComponent("index.html"))
        for table in data {
            try ReportWriter.write(table.text, to: output.appendingPathComponent("data/\(table.name)"))
        }
    }

    func page() -> (String, [CSVTable]) {
        guard let base = snapshots.first else { return ("", []) }
        var body: [String] = []
        var bundles =
            "<section><h2>Bundles</h2><table><tr><th></th><th>bundle</th><th>experiment file</th><th>state</th></tr>"
        for (index, snapshot) in snapshots.enumerated() {
            bundles +=
                "<tr><td class=\"num\">\(index + 1)</td><td><code>\(HTML.escape(snapshot.name))/\(HTML.escape(snapshot.directory.lastPathComponent))</code></td>"
            bundles +=
                "<td><code>\(HTML.escape(ExperimentChanges.fileName(snapshot)))</code></td><td>\(HTML.escape(snapshot.isPartial ? "partial" : snapshot.status.state.rawValue))</td></tr>"
        }
        body.append(
            bundles + "</table><p class=\"note\">Bundle 1 is the baseline the others are compared with.</p></section>")
        if !warnings.isEmpty {
            body.append(
                "<section><h2>Warnings</h2>" + warnings.map { "<p>\(HTML.escape($0))</p>" }.joined() + "</section>")
        }
        var diff = "<section><h2>Experiment differences</h2>"
        if changes.changes.isEmpty {
            diff += "<p>The experiments are identical once defaults are filled in.</p>"
        } else {
            diff += "<table><tr><th>key</th>" + snapshots.indices.map { "<th>bundle \($0 + 1)</th>" }.joined() + "</tr>"
            for change in changes.changes {
                diff += "<tr><td><code>\(HTML.escape(change.key))</code></td>"
                for (value, place) in zip(change.values, change.places) {
                    diff +=
                        "<td><code>\(HTML.escape(ExperimentChanges.display(value)))</code><br><span class=\"note\">\(HTML.escape(place))</span></td>"
                }
                diff += "</tr>"
            }
            diff += "</table>"
        }
        body.append(diff + "</section>")
        var scores =
            "<section><h2>Best scores</h2><table><tr>" + scoreHeader.map { "<th>\(HTML.escape($0))</th>" }.joined()
            + "</tr>"
        for row in scoreRows { scores += "<tr>" + row.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>" }
        scores += "</table>"
        for pair in pairs {
            if let test = pair.test {
                scores +=
                    "<p><strong>Bundle \(pair.other + 1) against bundle 1</strong>, paired over the same \(pair.differences.count) folds: \(HTML.escape(verdict(test, pair: pair))).</p>"
            } else if let reason = pair.reason {
                scores += "<p><strong>Bundle \(pair.other + 1) against bundle 1</strong>: \(HTML.escape(reason)).</p>"
            }
        }
        body.append(scores + "</section>")
        var figures: [Figure] = []
        if let figure = historyOverlay() { figures.append(figure) }
        if let figure = foldPairs() { figures.append(figure) }
        body.append(
            "<section><h2>Charts</h2><div class=\"charts\">" + figures.map(\.html).joined(separator: "\n")
                + "</div></section>")
        var table = CSVTable(
            name: "comparison.csv", header: ["bundle", "trial", "status", "validation_\(base.metric)", "best_so_far"])
        for (index, snapshot) in snapshots.enumerated() {
            let model = ReportModel(snapshot: snapshot)
            for (trial, (value, best)) in zip(model.trials, zip(model.objective, model.bestSoFar)) {
                table.append([
                    String(index + 1), String(trial.trial), trial.status.rawValue, CSVTable.number(value),
                    CSVTable.number(best),
                ])
            }
        }
        var folds = CSVTable(name: "paired_folds.csv", header: ["bundle", "fold", "validation_\(base.metric)"])
        for (index, snapshot) in snapshots.enumerated() {
            for fold in snapshot.bestTrial?.folds ?? [] {
                folds.append([
                    String(index + 1), String(fold.fold), CSVTable.number(fold.validation[base.metric] ?? nil),
                ])
            }
        }
        let header =
            "<h1>Comparison of \(snapshots.count) bundles</h1><p>\(HTML.escape(snapshots.map(\.name).joined(separator: " · ")))</p>"
        let html = PageShell.html(
            title: "Comparison · Hyperplan report", root: "", header: header, body: body.joined(separator: "\n"))
        return (html, [table, folds])
    }

    /// The best objective so far of each bundle, by trial number, on one chart.
    private func historyOverlay() -> Figure? {
        let models = snapshots.map(ReportModel.init(snapshot:))
        let values = models.flatMap { $0.bestSoFar.compactMap { $0 } }
        guard let base = models.first, !values.isEmpty else { return nil }
        let last = Double(models.map { $0.trials.last?.trial ?? 0 }.max() ?? 1)
        var frame = PlotFrame(
            width: 700, height: 320, margins: (left: 64, right: 170, top: 14, bottom: 52),
            xAxis: { Scale.fitting([0, max(last, 1)], log: false, range: $0) },
            yAxis: { Scale.fitting(values, log: base.objectiveIsLogScaled, range: $0) })
        frame.drawAxes(xTitle: "trial number", yTitle: "best so far: \(base.objectiveTitle)")
        for (index, model) in models.enumerated() {
            let color = Palette.category(index)
            let points = zip(model.trials, model.bestSoFar).map { trial, value in
                value.map { (frame.x(Double(trial.trial)), frame.y($0)) }
            }
            frame.canvas.polyline(
                points, stroke: color, width: 2,
                title: "bundle \(index + 1): \(model.snapshot.directory.lastPathComponent)")
            frame.canvas.line(
                x1: frame.right + 12, y1: frame.top + 8 + Double(index) * 14, x2: frame.right + 30,
                y2: frame.top + 8 + Double(index) * 14, stroke: color, width: 2)
            frame.canvas.text(
                "bundle \(index + 1)", x: frame.right + 34, y: frame.top + 12 + Double(index) * 14, cssClass: "legend")
        }
        return Figure(
            id: "history-overlay", title: "Best so far, per bundle",
            caption: "The best validation \(base.metric) found after each trial, one line per bundle.",
            svg: frame.canvas.render(label: "best so far per bundle"), data: ["comparison.csv"])
    }

    /// Each fold's score of each bundle's best configuration, joined fold by fold when the folds are shared.
    private func foldPairs() -> Figure? {
        let metric = snapshots[0].metric
        let folds = snapshots.map { snapshot in
            (snapshot.bestTrial?.folds ?? []).map { ($0.fold, $0.validation[metric] ?? nil) }
        }
        let values = folds.flatMap { $0.compactMap(\.1) }
        guard values.count >= 2 else { return nil }
        let names = snapshots.indices.map { "bundle \($0 + 1)" }
        var frame = PlotFrame(
            width: 420, height: 320, xAxis: { Scale.categories(names, range: $0) },
            yAxis: { Scale.fitting(values, log: false, range: $0) })
        frame.drawAxes(
            xTitle: "bundle (its best configuration)",
            yTitle: "validation \(metric) per fold (\(AxisTitle.unit(of: metric)))")
        let foldNumbers = Set(folds.flatMap { $0.map(\.0) }).sorted()
        for (position, fold) in foldNumbers.enumerated() {
            let color = Palette.category(position)
            let points = folds.enumerated().map { index, entries -> (Double, Double)? in
                guard let value = entries.first(where: { $0.0 == fold })?.1 else { return nil }
                return (frame.x(Double(index)), frame.y(value))
            }
            frame.canvas.polyline(points, stroke: color, width: 1.2, opacity: 0.7, mark: false)
            for (index, point) in points.enumerated() {
                guard let (x, y) = point else { continue }
                frame.canvas.circle(
                    x: x, y: y, radius: 3.5, fill: color,
                    title: "bundle \(index + 1), fold \(fold): \(ReportModel.number(frame.y.invert(y)))")
            }
        }
        return Figure(
            id: "paired-folds", title: "Per-fold scores of the best configurations",
            caption:
                "One colour per fold; lines join a fold's scores across bundles (paired only when the folds are the same).",
            svg: frame.canvas.render(label: "per-fold scores"), data: ["paired_folds.csv"])
    }
}
