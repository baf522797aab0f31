package import Foundation
import HyperplanCore
package import ResultBundle

/// Writes the HTML report of one or more bundles into a folder that opens offline from `file://`: `index.html`,
/// `assets/report.css`, and per bundle its page and `data/*.csv`. The same bundles give byte-identical files:
/// no timestamps, no absolute paths, numbers in fixed forms, rows in trial order.
///
/// One bundle's page is the report's `index.html`; several bundles get an index page listing them, each with a
/// page at `NAME/BUNDLE/index.html`.
package struct ReportWriter: Sendable {
    /// How one bundle fared.
    package struct Outcome: Sendable {
        package var bundle: URL
        /// The page written, relative to the output folder; `nil` when the bundle could not be read.
        package var page: String?
        package var partial: Bool
        /// Why the bundle has no page.
        package var problem: String?
    }

    package init() {}

    /// Writes the report of `bundles` into `output` (created if needed).
    ///
    /// - Parameter title: the index page's heading.
    /// - Throws: `BundleError` when a file cannot be written; unreadable bundles are reported in the outcomes.
    package func write(bundles: [URL], title: String, to output: URL) throws(BundleError) -> [Outcome] {
        let single = bundles.count == 1
        try Self.write(PageStyle.css, to: output.appendingPathComponent("assets/\(PageStyle.fileName)"))
        var outcomes: [Outcome] = []
        var entries: [IndexPage.Entry] = []
        for bundle in bundles {
            let experimentName = bundle.deletingLastPathComponent().lastPathComponent
            let relative = single ? "" : "\(Self.safeName(experimentName))/\(Self.safeName(bundle.lastPathComponent))/"
            let snapshot: BundleSnapshot
            do {
                snapshot = try BundleSnapshot(directory: bundle)
            } catch {
                outcomes.append(Outcome(bundle: bundle, page: nil, partial: false, problem: error.message))
                entries.append(
                    IndexPage.Entry(
                        experiment: experimentName, bundle: bundle.lastPathComponent, link: nil, state: "error",
                        trials: "", best: "", problem: error.message))
                continue
            }
            let model = ReportModel(snapshot: snapshot)
            let (importances, note) = ReportImportance.compute(model)
            let page = ExperimentPage(
                model: model, importances: importances, importanceNote: note, root: single ? "" : "../../",
                backLink: single ? nil : "../../index.html")
            let (html, data) = page.render()
            let folder = output.appendingPathComponent(relative)
            try Self.write(html, to: folder.appendingPathComponent("index.html"))
            for table in data { try Self.write(table.text, to: folder.appendingPathComponent("data/\(table.name)")) }
            outcomes.append(
                Outcome(bundle: bundle, page: relative + "index.html", partial: snapshot.isPartial, problem: nil))
            entries.append(Self.entry(snapshot, link: relative + "index.html"))
        }
        if !single {
            try Self.write(
                IndexPage(title: title, entries: entries).render(), to: output.appendingPathComponent("index.html"))
        } else if outcomes.first?.page == nil {
            // The one bundle could not be read: an index saying why, so that the folder still opens.
            try Self.write(
                IndexPage(title: title, entries: entries).render(), to: output.appendingPathComponent("index.html"))
        }
        return outcomes
    }

    static func entry(_ snapshot: BundleSnapshot, link: String) -> IndexPage.Entry {
        var best = ""
        if let trial = snapshot.bestTrial, let mean = trial.validation[snapshot.metric]?.mean {
            best = "\(snapshot.metric) \(ReportModel.number(mean)) (trial \(trial.trial))"
        }
        return IndexPage.Entry(
            experiment: snapshot.name, bundle: snapshot.directory.lastPathComponent, link: link,
            state: snapshot.isPartial ? "partial" : snapshot.status.state.rawValue,
            trials: "\(snapshot.count(.ok)) ok / \(snapshot.plannedTrials)", best: best, problem: nil)
    }

    /// A folder name that cannot climb out of the report (`..`, slashes) whatever an experiment is called.
    static func safeName(_ name: String) -> String {
        let cleaned = String(name.map { $0 == "/" || $0 == "\\" || $0 == "\0" ? "_" : $0 })
        return cleaned == "." || cleaned == ".." || cleaned.isEmpty ? "_\(cleaned)" : cleaned
    }

    static func write(_ text: String, to url: URL) throws(BundleError) {
        let manager = FileManager.default
        let folder = url.deletingLastPathComponent()
        if (try? manager.createDirectory(at: folder, withIntermediateDirectories: true)) == nil
            || !manager.createFile(atPath: url.path, contents: Data(text.utf8))
        {
            throw BundleError("cannot write '\(url.path)': \(SystemReason.current)")
        }
    }
}
