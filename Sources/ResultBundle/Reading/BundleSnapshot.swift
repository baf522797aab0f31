package import Foundation
package import HyperplanCore

/// A result bundle read from disk for the commands that look at finished work (`report`, `show`, `compare`,
/// `export`): the experiment as resolved, the trials, the summary, the timings. Reading never changes the bundle.
///
/// A complete bundle is read from its result files. A bundle still being written, or whose run was killed, has
/// no `summary.json` yet (or an older one while a rerun holds the lock): its finished trials are rebuilt from the
/// journal and the snapshot is marked `isPartial`.
package struct BundleSnapshot: Sendable {
    /// The bundle format this version writes and reads: 2 since the reports (fit flags, timings per slot, the
    /// fitted pipeline in `model.json`). Bundles of format 1 lack what the reports draw.
    package static let format = 2

    package var directory: URL
    package var name: String
    /// The full identity hash.
    package var experiment: String
    /// `resolved.json`: the experiment with every default filled in.
    package var resolved: JSONValue
    /// `experiment.yaml`, as the run was given it.
    package var experimentText: String?
    package var metric: String
    package var metrics: [String]
    package var goal: OptimizationGoal
    package var dimensions: [RecordedDimension]
    package var trials: [RecordedTrial]
    package var plannedTrials: Int
    package var foldCount: Int
    /// `summary.json`; `nil` while partial.
    package var summary: JSONValue?
    package var environment: JSONValue?
    package var model: JSONValue?
    package var timings: RecordedTimings?
    /// The state as `hyperplan status` tells it: `ok`, `failed`, `stopped`, `running` or `incomplete`.
    package var status: BundleStatus
    /// Whether the results are those of a run that has not finished (still running, killed, interrupted).
    package var isPartial: Bool
    /// The cross-validation folds, when the journal recorded them: two bundles with the same `id` were scored
    /// on the same folds, row for row.
    package var folds: FoldLayout?

    /// Which rows the folds held out, as far as comparisons need it.
    package struct FoldLayout: Sendable, Hashable {
        /// A hash of the data's SHA-256 and every fold's validation rows: two bundles with the same `id` held
        /// out the same rows of the same data, whatever seed or scheme options produced them.
        package var id: String
        /// Each fold's validation rows.
        package var validationSizes: [Int]
        /// The rows the folds were made from (the training split).
        package var rowCount: Int

        /// n_test / n_train of an average fold, for the corrected resampled t-test.
        package var testToTrainingRatio: Double? {
            guard !validationSizes.isEmpty else { return nil }
            let test = Double(validationSizes.reduce(0, +)) / Double(validationSizes.count)
            let train = Double(rowCount) - test
            return train > 0 ? test / train : nil
        }
    }

    /// Reads the bundle in `directory`.
    ///
    /// - Throws: `BundleError` with one sentence when the folder is not a bundle, was written in another format
    ///   version, or a file is damaged (with its line).
    package init(directory: URL) throws(BundleError) {
        self.directory = directory
        let path = directory.relativePath
        let journalURL = directory.appendingPathComponent(Journal.fileName)
        let summaryURL = directory.appendingPathComponent(BundleLayout.File.summary.rawValue)
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: journalURL.path) || fileManager.fileExists(atPath: summaryURL.path)
        else {
            throw BundleError("'\(path)' is not a result bundle: it has no \(Journal.fileName) or summary.json")
        }
        let journal = try Journal.read(journalURL)
        let summary = try BundleSnapshot.json(directory, .summary, required: false)
        // The summary says when there is one; a partial bundle's journal header says otherwise.
        let format = summary.map { $0["format"]?.intValue ?? 1 } ?? journal.bundleFormat ?? 1
        guard format == BundleSnapshot.format else {
            let version = journal.toolVersion.map { " by Hyperplan \($0)" } ?? ""
            let advice =
                format < BundleSnapshot.format
                ? "rerun its experiment with this version to rewrite it" : "use a newer Hyperplan to read it"
            throw BundleError(
                "'\(path)' was written\(version) in bundle format \(format); this version reads format "
                    + "\(BundleSnapshot.format): \(advice)")
        }
        guard let resolved = try BundleSnapshot.json(directory, .resolved, required: true),
            let plan = try BundleSnapshot.json(directory, .plan, required: true)
        else { throw BundleError("'\(path)' is not a result bundle: resolved.json or plan.json is missing") }
        self.resolved = resolved
        status = BundleStatus(directory: directory, journal: journal, summary: summary, plan: plan, resolved: resolved)
        name = resolved["name"]?.stringValue ?? directory.deletingLastPathComponent().lastPathComponent
        experiment = plan["experiment"]?.stringValue ?? journal.experiment ?? ""
        metric = resolved["search"]?["metric"]?.stringValue ?? "score"
        metrics = resolved["search"]?["metrics"]?.arrayValue?.compactMap(\.stringValue) ?? [metric]
        goal = resolved["search"]?["goal"]?.stringValue == "minimize" ? .minimize : .maximize
        dimensions = RecordedDimension.all(in: resolved)
        plannedTrials = plan["trials"]?.arrayValue?.count ?? 0
        foldCount = plan["folds"]?.intValue ?? 1
        experimentText = fileManager.contents(atPath: directory.appendingPathComponent("experiment.yaml").path)
            .map { String(decoding: $0, as: UTF8.self) }
        environment = try BundleSnapshot.json(directory, .environment, required: false)
        timings = try BundleSnapshot.json(directory, .timings, required: false).map(RecordedTimings.init(json:))
        folds = BundleSnapshot.foldLayout(plan: plan, journal: journal, data: resolved["dataset"]?["sha256"])

        // A summary written by an earlier run while a new run holds the lock describes the earlier run.
        isPartial = summary == nil || status.state == .running
        if isPartial {
            self.summary = nil
            model = nil
            trials = try JournalTrials.read(
                journal: journal, plan: plan, metrics: metrics, metric: metric, goal: goal)
        } else {
            self.summary = summary
            model = try BundleSnapshot.json(directory, .model, required: false)
            trials = try BundleSnapshot.trialLines(directory)
        }
    }

    static func foldLayout(plan: JSONValue, journal: Journal.Contents, data: JSONValue?) -> FoldLayout? {
        let nodes = plan["nodes"]?.arrayValue ?? []
        guard let node = nodes.first(where: { $0["kind"]?.stringValue == "make_folds" })?["id"]?.stringValue,
            let record = journal.records[ContentHash(hex: node)],
            let validation = record["validation"]?.arrayValue
        else { return nil }
        let id = ContentHash(json: .object(["data": data ?? .null, "validation": .array(validation)])).hex
        let sizes = validation.map { $0.arrayValue?.count ?? 0 }
        var rows = sizes.reduce(0, +)
        if let split = nodes.first(where: { $0["kind"]?.stringValue == "split_test" })?["id"]?.stringValue,
            let train = journal.records[ContentHash(hex: split)]?["train"]?.arrayValue
        {
            rows = train.count
        }
        return FoldLayout(id: id, validationSizes: sizes, rowCount: rows)
    }

    /// The best trial: the summary's, or while partial the earliest of rank 1.
    package var bestTrial: RecordedTrial? {
        if let best = summary?["best"]?["trial"]?.intValue { return trials.first { $0.trial == best } }
        return trials.filter { $0.rank == 1 }.min { $0.trial < $1.trial }
    }

    /// Trials by status, for the summary's counts.
    package func count(_ status: OutcomeStatus) -> Int { trials.filter { $0.status == status }.count }

    /// A bundle file's JSON; `nil` when absent and not required.
    static func json(_ directory: URL, _ file: BundleLayout.File, required: Bool) throws(BundleError) -> JSONValue? {
        let url = directory.appendingPathComponent(file.rawValue)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            if required { throw BundleError("'\(url.relativePath)' is missing") }
            return nil
        }
        do {
            return try JSONValue.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw BundleError("'\(url.relativePath)':\(error.line):\(error.column): damaged JSON: \(error.message)")
        }
    }

    /// `trials.jsonl`, one record per line; a damaged line is an error naming it.
    static func trialLines(_ directory: URL) throws(BundleError) -> [RecordedTrial] {
        let url = directory.appendingPathComponent(BundleLayout.File.trials.rawValue)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw BundleError("'\(url.relativePath)' is missing, although summary.json says the run finished")
        }
        var trials: [RecordedTrial] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let place = "\(url.relativePath):\(number + 1)"
            let record: JSONValue
            do {
                record = try JSONValue.parse(String(line))
            } catch {
                throw BundleError("\(place):\(error.column): damaged JSON: \(error.message)")
            }
            trials.append(try RecordedTrial(record: record, place: place))
        }
        return trials
    }
}
