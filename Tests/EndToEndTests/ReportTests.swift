import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

/// `hyperplan report`: the pages and their CSV files, checked against the bundle's own files; determinism;
/// escaping of everything a user's files can put on a page; bundles left untouched.
@Suite("HTML reports", .serialized, .tags(.slow))
struct ReportTests {
    /// A small scheduled learner with pruning (learning curves, pruned trials), a test split and two metrics.
    static let scheduled = """
        name: report-mlp
        seed: 4
        dataset: {source: builtin:iris, test_size: 0.2, preprocess: [standardize]}
        model:
          type: mlp
          hidden_layers: [8]
          dropout: {uniform: [0.0, 0.3]}
        schedule:
          epochs: 6
          learning_rate: {initial: {loguniform: [1.0e-3, 0.3]}, decay: cosine, warmup_epochs: 1}
        cv: {scheme: stratified_kfold, folds: 3}
        search:
          strategy: tpe
          trials: 12
          metric: log_loss
          metrics: [log_loss, accuracy]
          pruning: {type: median, startup_trials: 3}
        """

    static func run(_ yaml: String, name: String = "experiment.yaml", in directory: URL) throws -> URL {
        try yaml.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let result = try HyperplanProcess.run(["run", name, "--quiet", "-j", "2"], in: directory)
        #expect(result.status == 0, "run failed: \(result.standardError)")
        let bundle = try #require(result.standardOutput.split(separator: "\n").last { $0.hasPrefix("bundle: ") })
        return directory.appendingPathComponent(String(bundle.dropFirst("bundle: ".count)))
    }

    /// SHA-256-free fingerprint of every file under `directory` (path → bytes), to show nothing changed.
    static func contents(of directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(directory.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    static func csv(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test(
        "every number in the chart CSVs equals the bundle's results.csv and trials.jsonl; the files are deterministic")
    func chartDataMatchesTheBundle() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bundle = try Self.run(Self.scheduled, in: directory)
        let before = try Self.contents(of: bundle)
        let result = try HyperplanProcess.run(["report", bundle.path, "--output", "report"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try Self.contents(of: bundle) == before, "report changed the bundle")
        let data = directory.appendingPathComponent("report/data")

        // trials.csv against results.csv: the same trials, and every shared column equal as numbers or text.
        let results = try Self.csv(bundle.appendingPathComponent("results.csv"))
        let trials = try Self.csv(data.appendingPathComponent("trials.csv"))
        #expect(trials.count == results.count && !results.isEmpty)
        for (expected, actual) in zip(results, trials) {
            for (column, value) in expected {
                let other = try #require(actual[column], "trials.csv lacks \(column)")
                if let x = Double(value), let y = Double(other) {
                    #expect(x == y, "\(column)")
                } else {
                    #expect(value == other, "\(column)")
                }
            }
        }
        #expect(trials.contains { $0["status"] == "pruned" }, "the search pruned some trial")

        // folds.csv and learning_curves.csv against trials.jsonl (parsed exactly: shortest round-trip numbers).
        let records = try String(contentsOf: bundle.appendingPathComponent("trials.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONValue.parse(String($0)) }
        let folds = try Self.csv(data.appendingPathComponent("folds.csv"))
        var expectedFolds = 0
        var epochs = 0
        let curves = try Self.csv(data.appendingPathComponent("learning_curves.csv"))
        for record in records {
            let trial = try #require(record["trial"]?.intValue)
            for fold in record["folds"]?.arrayValue ?? [] {
                expectedFolds += 1
                let number = try #require(fold["fold"]?.intValue)
                let row = try #require(folds.first { $0["trial"] == String(trial) && $0["fold"] == String(number) })
                for metric in ["log_loss", "accuracy"] {
                    #expect(Double(row["validation_\(metric)"] ?? "") == fold["validation"]?[metric]?.doubleValue)
                    #expect(Double(row["train_\(metric)"] ?? "") == fold["train"]?[metric]?.doubleValue)
                }
                for epoch in fold["fit"]?["history"]?.arrayValue ?? [] {
                    guard
                        let row = curves.first(where: {
                            $0["trial"] == String(trial) && $0["fold"] == String(number)
                                && $0["step"] == epoch["epoch"]?.intValue.map(String.init)
                        })
                    else { continue }
                    epochs += 1
                    for key in ["learning_rate", "train_loss", "validation_loss", "validation_metric"] {
                        #expect(
                            Double(row[key] ?? "") == epoch[key]?.doubleValue, "trial \(trial) fold \(number) \(key)")
                    }
                }
            }
        }
        #expect(folds.count == expectedFolds)
        #expect(epochs == curves.count && epochs > 0, "every learning-curve row is an epoch of trials.jsonl")

        // The page has the charts the issue lists.
        let page = try String(contentsOf: directory.appendingPathComponent("report/index.html"), encoding: .utf8)
        for chart in [
            "history", "fit-diagnosis", "importance", "parameter-0", "parallel-coordinates", "contour-0",
            "fold-spread", "learning-curve", "learning-rate", "timeline",
        ] {
            #expect(page.contains("data-chart=\"\(chart)\""), "no \(chart) chart")
        }

        // Deterministic: a second report, and a report of a copy of the bundle elsewhere, are the same bytes.
        let again = try HyperplanProcess.run(["report", bundle.path, "--output", "report-again"], in: directory)
        #expect(again.status == 0)
        #expect(
            try Self.contents(of: directory.appendingPathComponent("report"))
                == Self.contents(of: directory.appendingPathComponent("report-again")))
        let copy = directory.appendingPathComponent("elsewhere/report-mlp")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: bundle, to: copy.appendingPathComponent(bundle.lastPathComponent))
        _ = try HyperplanProcess.run(
            ["report", copy.appendingPathComponent(bundle.lastPathComponent).path, "--output", "report-copy"],
            in: directory)
        #expect(
            try Self.contents(of: directory.appendingPathComponent("report"))
                == Self.contents(of: directory.appendingPathComponent("report-copy")))
    }

    @Test(
        "text from a user's files is escaped: column names, category values, class labels, a description, a program's stderr"
    )
    func userTextIsEscaped() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The same files CI reports and loads in Chromium (Tests/Fixtures/hostile).
        let fixtures = HyperplanProcess.repository.appendingPathComponent("Tests/Fixtures/hostile")
        for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path) {
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        let data = try HyperplanProcess.run(["run", "hostile-data.yaml", "--quiet"], in: directory)
        #expect(data.status == 0, "\(data.standardError)")
        let line = try #require(data.standardOutput.split(separator: "\n").last { $0.hasPrefix("bundle: runs/") })
        let bundle = line.dropFirst("bundle: runs/".count)
        let command = try HyperplanProcess.run(["run", "hostile-command.yaml", "--quiet"], in: directory)
        #expect(command.standardOutput.contains("4 ok, 4 failed"), "\(command.standardOutput)")
        let result = try HyperplanProcess.run(["report", "runs", "--output", "report"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        var pages = 0
        let enumerator = FileManager.default.enumerator(
            at: directory.appendingPathComponent("report"), includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "html" else { continue }
            pages += 1
            let html = try String(contentsOf: url, encoding: .utf8)
            // The pages hold no script of their own, so any `<script`, `<img` or event handler would be injected.
            for raw in ["<script", "<img", "<svg onload", "<b>x", "<i>a"] {
                #expect(!html.contains(raw), "\(url.lastPathComponent) holds raw '\(raw)'")
            }
        }
        #expect(pages == 3, "an index and two bundle pages")
        let hostile = try String(
            contentsOf: directory.appendingPathComponent("report/\(bundle)/index.html"), encoding: .utf8)
        #expect(
            hostile.contains("&lt;script&gt;window.__hyperplan_injected=1&lt;/script&gt;"),
            "the column name is shown, escaped")
    }
}
