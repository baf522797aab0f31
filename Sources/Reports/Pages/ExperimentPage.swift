import Foundation
import HyperplanCore
import ResultBundle

/// One bundle's page: the summary and environment, the best trials, and every chart, with the chart data as
/// CSV files in `data/`.
struct ExperimentPage {
    let model: ReportModel
    /// Importance of each dimension, when there are enough finished trials.
    let importances: [(name: String, value: Double)]
    let importanceNote: String
    /// How to get from this page to the report's root (`""` or `"../../"`).
    let root: String
    /// A link back to the index, for a report of several bundles.
    let backLink: String?

    var snapshot: BundleSnapshot { model.snapshot }

    /// The page and its CSV files.
    func render() -> (html: String, data: [CSVTable]) {
        var data = [ReportData.trials(model), ReportData.folds(model)]
        var sections: [String] = [summary(), topTrials()]
        var figures: [Figure] = []
        let history = HistoryChart.figure(model)
        figures += [history, DistributionChart.figure(model), DiagnosisChart.figure(model)].compactMap { $0 }
        if let figure = ImportanceChart.figure(
            importances, trials: model.objective.compactMap { $0 }.count, note: importanceNote)
        {
            figures.append(figure)
            var table = CSVTable(name: "importance.csv", header: ["dimension", "importance"])
            for entry in importances { table.append([entry.name, CSVTable.number(entry.value)]) }
            data.append(table)
        }
        sections.append(chartSection("Search", figures))
        sections.append(validationCurves())
        var shape: [Figure] = []
        if let figure = ParallelCoordinatesChart.figure(model) { shape.append(figure) }
        for (index, pair) in contourPairs().enumerated() {
            if let figure = ContourChart.figure(model, x: pair.0, y: pair.1, index: index) { shape.append(figure) }
        }
        sections.append(chartSection("The shape of the search space", shape))
        let selected = LearningCurveChart.selection(model)
        var training = [FoldSpreadChart.figure(model)].compactMap { $0 }
        let curves = LearningCurveChart.figures(model)
        if !curves.isEmpty {
            training += curves
            data.append(ReportData.learningCurves(model, selected: selected))
        }
        sections.append(
            chartSection(
                "Folds and training", training,
                note: curves.isEmpty ? "No learning curves: no trial trains by epochs or reports steps." : nil))
        if let timings = snapshot.timings, let figure = TimelineChart.figure(model) {
            sections.append(chartSection("Timeline", [figure]))
            data.append(ReportData.timeline(timings))
        }
        let (testSection, testData) = testSplit()
        sections.append(testSection)
        data += testData
        sections.append(CommandSection.render(model))
        sections.append(filesSection(data))
        let title = "\(snapshot.name) · Hyperplan report"
        return (
            PageShell.html(title: title, root: root, header: header(), body: sections.joined(separator: "\n")), data
        )
    }

    private func header() -> String {
        var parts: [String] = []
        if let backLink {
            parts.append("<nav class=\"back\"><a href=\"\(HTML.escape(backLink))\">← all experiments</a></nav>")
        }
        let state = snapshot.isPartial ? "partial" : snapshot.status.state.rawValue
        parts.append(
            "<h1>\(HTML.escape(snapshot.name)) <span class=\"badge \(HTML.escape(state))\">\(HTML.escape(snapshot.isPartial ? "partial: \(snapshot.status.state)" : state))</span></h1>"
        )
        if let description = snapshot.resolved["description"]?.stringValue {
            parts.append("<p>\(HTML.escape(description))</p>")
        }
        let bundle = snapshot.directory.lastPathComponent
        parts.append(
            "<p>bundle <code>\(HTML.escape(bundle))</code> · experiment <code>\(HTML.escape(String(snapshot.experiment.prefix(12))))</code> · \(HTML.escape(snapshot.resolved["search"]?["strategy"]?.stringValue ?? "")) search of \(snapshot.plannedTrials) trials × \(snapshot.foldCount) folds</p>"
        )
        if snapshot.isPartial {
            parts.append(
                "<p><strong>Partial:</strong> the run has not finished; this shows the \(snapshot.trials.count) trials whose folds were all done when the report was made.</p>"
            )
        }
        return parts.joined(separator: "\n")
    }

    private func summary() -> String {
        let metric = model.metric
        var cards: [(String, String)] = []
        if let best = snapshot.bestTrial {
            cards.append(("best trial", String(best.trial)))
            if let validation = best.validation[metric], let mean = validation.mean {
                cards.append(
                    (
                        "cv \(metric) (mean ± std over \(best.folds.count) folds)",
                        "\(ReportModel.number(mean)) ± \(ReportModel.number(validation.std ?? 0))"
                    ))
            }
            if let train = best.train[metric]?.mean { cards.append(("train \(metric)", ReportModel.number(train))) }
        }
        if let test = snapshot.summary?["test"]?[metric]?.doubleValue {
            cards.append(("test \(metric)", ReportModel.number(test)))
        }
        let counts = [OutcomeStatus.ok, .failed, .pruned].map { "\(snapshot.count($0)) \($0.rawValue)" }
        var skipped = ""
        if let planned = Optional(snapshot.plannedTrials), planned > snapshot.trials.count, !snapshot.isPartial {
            skipped = ", \(planned - snapshot.trials.count) not run"
        }
        cards.append(("trials", counts.joined(separator: ", ") + skipped))
        if let seconds = elapsedSeconds() { cards.append(("time taken", Self.duration(seconds))) }
        var html = "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">"
        html += cards.map {
            "<div class=\"card\"><div class=\"label\">\(HTML.escape($0.0))</div><div class=\"value\">\(HTML.escape($0.1))</div></div>"
        }.joined()
        html += "</div>"
        if let best = snapshot.bestTrial {
            html += "<h3>Best configuration</h3><table><tr><th>hyperparameter</th><th>value</th></tr>"
            for name in snapshot.dimensions.map(\.name) where best.parameters[name] != nil {
                html +=
                    "<tr><td><code>\(HTML.escape(name))</code></td><td>\(HTML.escape(best.parameters[name]?.displayText ?? ""))</td></tr>"
            }
            html += "</table>"
            if !best.flags.isEmpty {
                html += "<p>Flags of the best trial: \(HTML.escape(best.flags.joined(separator: ", ")))</p>"
            }
        }
        if let scores = snapshot.summary?["test"]?.objectValue, !scores.isEmpty {
            html +=
                "<h3>Test split (the refitted best model)</h3><table><tr>"
                + scores.keys.sorted().map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr><tr>"
            html +=
                scores.keys.sorted().map {
                    "<td class=\"num\">\(HTML.escape(scores[$0]?.doubleValue.map(ReportModel.number) ?? "–"))</td>"
                }.joined() + "</tr></table>"
        }
        if let stopped = snapshot.summary?["stopped"]?["reason"]?.stringValue {
            html += "<p class=\"note\">The run stopped early: \(HTML.escape(stopped)).</p>"
        }
        if let stopped = snapshot.summary?["search_stopped"]?.stringValue {
            html += "<p class=\"note\">The search stopped: \(HTML.escape(stopped)).</p>"
        }
        html += dataTable()
        html += environment()
        return html + "</section>"
    }

    /// The data the experiment learned from: source, target, task, features, split and preprocessing.
    private func dataTable() -> String {
        guard let dataset = snapshot.resolved["dataset"], dataset != .null else { return "" }
        let features = dataset["features"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let shown =
            features.prefix(30).joined(separator: ", ") + (features.count > 30 ? ", … (\(features.count) in all)" : "")
        let rows: [(String, String)] = [
            ("source", dataset["source"]?.stringValue ?? "?"), ("target", dataset["target"]?.stringValue ?? "?"),
            ("task", dataset["task"]?.stringValue ?? "?"), ("features", shown),
            ("test split", dataset["test_size"]?.doubleValue.map { "\(ReportModel.number($0)) of the rows" } ?? "none"),
            ("preprocessing", (dataset["preprocess"]?.arrayValue ?? []).map(\.displayText).joined(separator: ", ")),
        ]
        return "<h3>Data</h3><table>"
            + rows.map { "<tr><th>\(HTML.escape($0.0))</th><td>\(HTML.escape($0.1))</td></tr>" }.joined() + "</table>"
    }

    private func environment() -> String {
        guard let environment = snapshot.environment else { return "" }
        var rows: [(String, String)] = []
        rows.append(("Hyperplan", environment["hyperplan_version"]?.stringValue ?? "?"))
        rows.append(("Swift", environment["swift_version"]?.stringValue ?? "?"))
        rows.append(
            ("system", "\(environment["os"]?.stringValue ?? "?") \(environment["architecture"]?.stringValue ?? "")"))
        let commit = environment["git"]?["commit"]?.stringValue
        var git = commit ?? "not in a git checkout"
        if case .bool(true)? = environment["git"]?["dirty"] { git += " (the experiment file had uncommitted changes)" }
        if case .bool(false)? = environment["git"]?["dirty"] { git += " (clean)" }
        rows.append(("git commit", git))
        rows.append(("data SHA-256", environment["dataset_sha256"]?.stringValue ?? "no dataset"))
        rows.append(("experiment file", environment["experiment_file"]?.stringValue ?? "?"))
        return "<h3>Environment</h3><table>"
            + rows.map { "<tr><th>\(HTML.escape($0.0))</th><td><code>\(HTML.escape($0.1))</code></td></tr>" }.joined()
            + "</table>"
    }

    /// Wall-clock time of the runs, from the timings: the sum over sessions of each session's span.
    private func elapsedSeconds() -> Double? {
        guard let timings = snapshot.timings, !timings.nodes.isEmpty else { return nil }
        var total = 0.0
        for session in 0..<timings.sessions {
            let nodes = timings.nodes.filter { $0.session == session }
            guard let start = nodes.map(\.start).min(), let end = nodes.map({ $0.start + $0.seconds }).max() else {
                continue
            }
            total += end - min(start, 0)
        }
        return total
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(NumberFormatting.fixed(seconds * 1000, digits: 0)) ms" }
        if seconds < 90 { return "\(NumberFormatting.fixed(seconds, digits: 1)) s" }
        return DurationText.describe(seconds)
    }

    private func topTrials() -> String {
        let metric = model.metric
        let ranked = model.trials.filter { $0.rank != nil }.sorted {
            ($0.rank ?? 0, $0.trial) < ($1.rank ?? 0, $1.trial)
        }.prefix(10)
        guard !ranked.isEmpty else {
            return "<section id=\"top\"><h2>Best trials</h2><p class=\"note\">No trial succeeded.</p></section>"
        }
        var html =
            "<section id=\"top\"><h2>Best trials</h2><table><tr><th>rank</th><th>trial</th><th>configuration</th><th>validation \(HTML.escape(metric))</th><th>train</th><th>flags</th></tr>"
        for trial in ranked {
            let validation = trial.validation[metric]
            let cells = [
                String(trial.rank ?? 0), String(trial.trial), trial.parameterSummary(order: model.dimensionOrder),
                validation?.mean.map { "\(ReportModel.number($0)) ± \(ReportModel.number(validation?.std ?? 0))" }
                    ?? "",
                trial.train[metric]?.mean.map(ReportModel.number) ?? "", trial.flags.joined(separator: ", "),
            ]
            html +=
                "<tr>"
                + cells.enumerated().map {
                    "<td\([0, 1, 3, 4].contains($0.offset) ? " class=\"num\"" : "")>\(HTML.escape($0.element))</td>"
                }.joined() + "</tr>"
        }
        return html + "</table></section>"
    }

    private var parameterNote: String? {
        snapshot.dimensions.isEmpty ? "Nothing was searched: the experiment has no search space." : nil
    }

    /// One validation curve per dimension. With a choice of models, the dimensions every trial has come first
    /// and each block's own hyperparameters follow under the block's name, drawn from that block's trials.
    private func validationCurves() -> String {
        if let parameterNote { return chartSection("Validation curves", [], note: parameterNote) }
        let indexed = Array(snapshot.dimensions.enumerated())
        let blockParent = "model.type"
        let shared = indexed.filter { $0.element.condition?.parent != blockParent }
        var html = chartSection(
            "Validation curves",
            shared.compactMap { ParameterChart.figure(model, dimension: $0.element, index: $0.offset) })
        guard case .choice(let blocks)? = snapshot.dimensions.first(where: { $0.name == blockParent })?.kind else {
            return html
        }
        for block in blocks {
            let own = indexed.filter {
                $0.element.condition?.parent == blockParent && $0.element.condition?.values.contains(block) == true
            }
            let figures = own.compactMap { ParameterChart.figure(model, dimension: $0.element, index: $0.offset) }
            guard !figures.isEmpty else { continue }
            let trials = model.trials.filter { $0.parameters[blockParent] == block }.count
            html +=
                "\n<section><h3>\(HTML.escape(block.displayText)) (\(trials) trials)</h3><div class=\"charts\">"
                + figures.map(\.html).joined(separator: "\n") + "</div></section>"
        }
        return html
    }

    /// Pairs of the most important numeric or choice dimensions (by importance when known, else in order),
    /// from the three most important.
    private func contourPairs() -> [(RecordedDimension, RecordedDimension)] {
        let rank = Dictionary(importances.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let candidates = snapshot.dimensions.filter { $0.name != "model.type" }
            .sorted { (rank[$0.name] ?? 0) > (rank[$1.name] ?? 0) }.prefix(3)
        var pairs: [(RecordedDimension, RecordedDimension)] = []
        let list = Array(candidates)
        for first in list.indices {
            for second in list.indices where second > first {
                let (a, b) = (list[first], list[second])
                // Dimensions of different model blocks never meet in one trial.
                if let ca = a.condition, let cb = b.condition, ca.parent == cb.parent,
                    Set(ca.values).isDisjoint(with: cb.values)
                {
                    continue
                }
                pairs.append((a, b))
            }
        }
        return pairs
    }

    private func testSplit() -> (String, [CSVTable]) {
        guard let predictions = TestSplitCharts.read(snapshot.directory) else {
            let reason =
                snapshot.resolved["dataset"]?["test_size"] == .null || snapshot.resolved["dataset"] == nil
                ? "The experiment has no test split (dataset.test_size)."
                : "The bundle has no test-split predictions (predictions.csv)."
            return (
                "<section id=\"test\"><h2>The final model on the test split</h2><p class=\"note\">\(HTML.escape(reason))</p></section>",
                []
            )
        }
        let classes =
            snapshot.resolved["dataset"]?["task"]?.stringValue == "classification"
            ? (snapshot.model?["classes"]?.arrayValue?.compactMap(\.stringValue)
                ?? Array(Set(predictions.truth)).sorted()) : nil
        let figures = TestSplitCharts.figures(model, classes: classes, predictions: predictions)
        var data: [CSVTable] = []
        if let classes {
            var table = CSVTable(name: "confusion_matrix.csv", header: ["true", "predicted", "rows"])
            var counts: [String: Int] = [:]
            for (truth, predicted) in zip(predictions.truth, predictions.predicted) {
                counts["\(truth)\u{0}\(predicted)", default: 0] += 1
            }
            for truth in classes {
                for predicted in classes {
                    table.append([truth, predicted, String(counts["\(truth)\u{0}\(predicted)"] ?? 0)])
                }
            }
            data.append(table)
        } else {
            var table = CSVTable(name: "residuals.csv", header: ["true", "predicted", "residual"])
            for (truth, predicted) in zip(predictions.truth, predictions.predicted) {
                guard let t = Double(truth), let p = Double(predicted) else { continue }
                table.append([truth, predicted, CSVTable.number(t - p)])
            }
            data.append(table)
        }
        return (chartSection("The final model on the test split", figures), data)
    }

    private func filesSection(_ data: [CSVTable]) -> String {
        let links = data.map { "<a href=\"data/\(HTML.escape($0.name))\">\(HTML.escape($0.name))</a>" }.joined(
            separator: " · ")
        return
            "<section id=\"files\"><h2>Data</h2><p>Every chart's data, as CSV: \(links). The bundle's own files (<code>trials.jsonl</code>, <code>results.csv</code>, <code>summary.json</code>, …) are in its folder <code>\(HTML.escape(snapshot.name))/\(HTML.escape(snapshot.directory.lastPathComponent))</code>.</p></section>"
    }

    func chartSection(_ title: String, _ figures: [Figure], note: String? = nil) -> String {
        var html = "<section><h2>\(HTML.escape(title))</h2>"
        if let note { html += "<p class=\"note\">\(HTML.escape(note))</p>" }
        if figures.isEmpty, note == nil { html += "<p class=\"note\">Not enough finished trials to draw this yet.</p>" }
        if !figures.isEmpty {
            html += "<div class=\"charts\">" + figures.map(\.html).joined(separator: "\n") + "</div>"
        }
        return html + "</section>"
    }
}

/// The HTML around a page's body: the document head, the stylesheet link, the header.
enum PageShell {
    static func html(title: String, root: String, header: String, body: String, bodyAttributes: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Hyperplan \(HyperplanVersion.current)">
        <title>\(HTML.escape(title))</title>
        <link rel="stylesheet" href="\(root)assets/\(PageStyle.fileName)">
        </head>
        <body\(bodyAttributes)>
        <header class="page">
        \(header)
        </header>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }
}
