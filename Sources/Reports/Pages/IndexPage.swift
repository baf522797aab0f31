import Foundation
import HyperplanCore
import ResultBundle

/// The first page of a report of several bundles (an experiment's folder, a batch, a whole `runs/`): every
/// bundle with its state, trials, best score and a link to its page; bundles that could not be read, with why.
struct IndexPage {
    struct Entry {
        var experiment: String
        var bundle: String
        /// The bundle's page, relative to the index; `nil` when it could not be read.
        var link: String?
        var state: String
        var trials: String
        var best: String
        var problem: String?
    }

    var title: String
    var entries: [Entry]

    func render() -> String {
        var html =
            "<section><h2>Experiments</h2><table><tr><th>experiment</th><th>bundle</th><th>state</th><th>trials</th><th>best</th></tr>"
        for entry in entries {
            let name =
                entry.link.map { "<a href=\"\(HTML.escape($0))\">\(HTML.escape(entry.experiment))</a>" }
                ?? HTML.escape(entry.experiment)
            html += "<tr><td>\(name)</td><td><code>\(HTML.escape(entry.bundle))</code></td>"
            html += "<td><span class=\"badge \(HTML.escape(entry.state))\">\(HTML.escape(entry.state))</span></td>"
            html += "<td class=\"num\">\(HTML.escape(entry.trials))</td><td>\(HTML.escape(entry.best))</td></tr>"
            if let problem = entry.problem {
                html += "<tr><td></td><td colspan=\"4\" class=\"note\">\(HTML.escape(problem))</td></tr>"
            }
        }
        html += "</table></section>"
        let readable = entries.filter { $0.link != nil }.count
        let header =
            "<h1>\(HTML.escape(title))</h1><p>\(entries.count) bundle\(entries.count == 1 ? "" : "s"), \(readable) with a page</p>"
        return PageShell.html(
            title: "\(title) · Hyperplan report", root: "", header: header, body: html,
            bodyAttributes: " data-charts=\"none\"")
    }
}
