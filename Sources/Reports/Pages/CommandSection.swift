import ExperimentSpec
import Foundation
import HyperplanCore
import ResultBundle

/// For trial commands (`model.type: command`): what the program reported, and the end of each failed trial's
/// standard error, escaped (a program's output is a user's text like any other).
enum CommandSection {
    /// The failed trials shown, and the lines of each one's standard error.
    static let failedTrialsShown = 20
    static let tailLines = 15

    static func render(_ model: ReportModel) -> String {
        guard model.snapshot.resolved["model"]?["type"]?.stringValue == CommandSpec.typeName else { return "" }
        var html = "<section id=\"commands\"><h2>Trial commands</h2>"
        if let run = model.snapshot.resolved["model"]?["run"]?.arrayValue?.compactMap(\.stringValue) {
            html +=
                "<p>Each trial ran <code>\(HTML.escape(run.joined(separator: " ")))</code> once per fold; its files are in <code>trials/&lt;i&gt;/fold-&lt;f&gt;/</code> of the bundle.</p>"
        }
        let reporting = model.trials.filter { $0.folds.contains { !$0.reports.isEmpty } }.count
        html +=
            "<p>\(reporting) of \(model.trials.count) trials printed intermediate reports (lines with <code>epoch</code> or <code>step</code>); the learning curves above draw them.</p>"
        let failed = model.trials.filter { $0.status == .failed }
        if failed.isEmpty {
            html += "<p class=\"note\">No trial failed.</p>"
        } else {
            html += "<h3>Failed trials (\(failed.count))</h3>"
            for trial in failed.prefix(failedTrialsShown) {
                html +=
                    "<p><strong>trial \(trial.trial)</strong> · \(HTML.escape(trial.parameterSummary(order: model.dimensionOrder))) · \(HTML.escape(trial.reason ?? "failed"))</p>"
                for fold in trial.folds where fold.status == .failed {
                    let log = model.snapshot.directory.appendingPathComponent(
                        "trials/\(trial.trial)/fold-\(fold.fold)/stderr.log")
                    guard let data = FileManager.default.contents(atPath: log.path), !data.isEmpty else { continue }
                    let lines = String(decoding: data, as: UTF8.self).split(
                        separator: "\n", omittingEmptySubsequences: false)
                    let tail = lines.suffix(tailLines + 1).joined(separator: "\n").trimmingCharacters(
                        in: .whitespacesAndNewlines)
                    html += "<pre>fold \(fold.fold), stderr (last \(tailLines) lines):\n\(HTML.escape(tail))</pre>"
                }
            }
            if failed.count > failedTrialsShown {
                html +=
                    "<p class=\"note\">\(failed.count - failedTrialsShown) more failed trials are listed in trials.csv.</p>"
            }
        }
        return html + "</section>"
    }
}
