import HyperplanCore
import Metrics
import Resampling
import Search

extension ExperimentValidator {
    static let searchKeys = [
        "strategy", "metric", "metrics", "goal", "pruning", "concurrency", "seed_points", "stop_when", "patience",
    ]

    mutating func readCrossValidation(_ entry: SpecReader.Entry?, data: DatasetResult?) -> CrossValidationSpec? {
        guard let entries = reader.optionalSection(entry, named: "cv") else { return nil }
        let schemeEntry = entries.first { $0.key == "scheme" }
        let scheme: any ResamplingScheme.Type
        if let schemeEntry {
            guard
                let name = reader.enumeration(
                    schemeEntry.value, named: "cv scheme", allowed: ResamplingRegistry.names, id: "unknown-scheme"),
                let found = ResamplingRegistry.scheme(named: name)
            else { return nil }
            scheme = found
        } else {
            guard let task = data?.spec.task else { return nil }
            scheme = ResamplingRegistry.defaultScheme(for: task)
        }
        let options = OptionReader.read(
            entries.filter { $0.key != "scheme" }, schema: scheme.schema, section: "cv",
            owner: "scheme '\(scheme.name)'",
            allowSearch: false, reader: &reader)
        guard options.valid else { return nil }
        let resolved = options.resolved(with: scheme.schema)
        if let data {
            if scheme.needsClasses, data.spec.task == .regression, let node = schemeEntry?.value {
                reader.error(
                    "scheme-task-mismatch", "'\(scheme.name)' stratifies by class, but this experiment does regression",
                    at: node, hint: "use 'kfold'")
                return nil
            }
            if let folds = resolved.int("folds") {
                let node = options.nodes["folds"] ?? schemeEntry?.value ?? entry?.keyNode ?? data.testSizeNode ?? root
                let defaulted = options.nodes["folds"] == nil ? " (the default)" : ""
                // Class counts after the test split, rounded up: only a certain shortfall is an error here.
                let share = Double(data.trainingRows) / Double(max(data.spec.rowCount, 1))
                let trainingClassCounts = data.classCounts.map { Int((Double($0) * share).rounded(.up)) }
                if folds > data.trainingRows, let node {
                    reader.error(
                        "too-few-rows",
                        "'cv.folds' is \(folds)\(defaulted) but only \(data.trainingRows) row\(data.trainingRows == 1 ? " is" : "s are") left for cross-validation",
                        at: node)
                    return nil
                }
                if scheme.needsClasses, !trainingClassCounts.isEmpty, trainingClassCounts.allSatisfy({ $0 < folds }),
                    let node
                {
                    reader.error(
                        "too-few-rows",
                        "'cv.folds' is \(folds)\(defaulted) but no class has \(folds) rows to split (largest: \(trainingClassCounts.max() ?? 0))",
                        at: node)
                    return nil
                }
            }
            if let size = resolved["validation_size"].flatMap(SplitSize.init),
                let node = options.nodes["validation_size"]
                    ?? schemeEntry?.value ?? entry?.keyNode ?? root
            {
                guard let count = try? size.count(of: data.trainingRows, purpose: "validation") else {
                    reader.error(
                        "invalid-value",
                        "'cv.validation_size' \(size) leaves an empty side of \(data.trainingRows) rows", at: node)
                    return nil
                }
                let classes = data.classCounts.filter { $0 > 0 }.count
                if resolved.bool("shuffle") == true, classes > 0,
                    count < classes || data.trainingRows - count < classes
                {
                    reader.error(
                        "stratified-split-too-small",
                        "a shuffled holdout is stratified and needs a row of each of the \(classes) classes on both sides, "
                            + "but 'cv.validation_size' \(size) gives \(count) validation and \(data.trainingRows - count) training rows",
                        at: node)
                    return nil
                }
            }
        }
        return CrossValidationSpec(scheme: scheme.name, options: resolved)
    }

    /// - Parameter reportedMetrics: the model reports its own metrics (a trial command): any name is accepted,
    ///   `metric` is required, and `goal` too unless the name is a known metric.
    mutating func readSearch(
        _ entry: SpecReader.Entry?, space: SearchSpace?, task: TaskKind?, classCount: Int?,
        reportedMetrics: Bool = false, defaultMetric: String? = nil, defaultGoal: OptimizationGoal? = nil,
        pruningResource: PruningResource? = nil
    ) -> SearchSpec? {
        guard let entries = reader.optionalSection(entry, named: "search") else { return nil }
        func field(_ key: String) -> SpecReader.Entry? { entries.first { $0.key == key } }
        let strategyEntry = field("strategy")
        let strategy: any SearchStrategy.Type
        if let strategyEntry {
            guard
                let name = reader.enumeration(
                    strategyEntry.value, named: "search strategy", allowed: SearchStrategyRegistry.names,
                    id: "unknown-strategy"),
                let found = SearchStrategyRegistry.strategy(named: name)
            else { return nil }
            strategy = found
        } else {
            strategy = (space?.gridSize != nil) ? GridSearch.self : RandomSearch.self
        }
        let strategyEntries = entries.filter { !Self.searchKeys.contains($0.key) }
        let options = OptionReader.read(
            strategyEntries, schema: strategy.schema, section: "search", owner: "strategy '\(strategy.name)'",
            allowSearch: false, reader: &reader)
        let metrics = readMetrics(
            objective: field("metric"), extra: field("metrics"), task: task, classCount: classCount,
            reportedMetrics: reportedMetrics, defaultMetric: defaultMetric)
        var goal: OptimizationGoal?
        if let goalEntry = field("goal") {
            goal = reader.enumeration(
                goalEntry.value, named: "goal", allowed: OptimizationGoal.allCases.map(\.rawValue)
            )
            .flatMap(OptimizationGoal.init(rawValue:))
            if goal == nil { return nil }
            if let goal, let metric = metrics?.first.flatMap(MetricRegistry.metric(named:)), goal != metric.goal {
                reader.warning(
                    "goal-against-metric",
                    "goal '\(goal.rawValue)' is the opposite of '\(metric.name)', for which \(metric.goal == .maximize ? "larger" : "smaller") is better",
                    at: goalEntry.value)
            }
        }
        if let space, strategy.needsFiniteSpace { checkFinite(space, strategyNode: strategyEntry?.value) }
        var pruning: PruningSpec?
        if let pruningEntry = field("pruning") {
            pruning = readPruning(pruningEntry, resource: pruningResource)
            if pruning == nil { return nil }
        }
        var concurrency = SearchConcurrency.default
        if let concurrencyEntry = field("concurrency") {
            guard let value = reader.integer(concurrencyEntry.value, named: "search.concurrency", min: 1, max: 4096)
            else { return nil }
            concurrency = value
        }
        var seedPoints: [Configuration] = []
        if let seedEntry = field("seed_points") {
            guard let points = readSeedPoints(seedEntry, space: space ?? SearchSpace()) else { return nil }
            seedPoints = points
        }
        var stopWhen: Double?
        if let stopEntry = field("stop_when") {
            guard let value = readStopWhen(stopEntry) else { return nil }
            stopWhen = value
        }
        var patience: Int?
        if let patienceEntry = field("patience") {
            guard let value = reader.integer(patienceEntry.value, named: "search.patience", min: 1, max: 1_000_000)
            else { return nil }
            patience = value
        }
        guard options.valid, let metrics, let objective = metrics.first else { return nil }
        guard let resolvedGoal = goal ?? MetricRegistry.metric(named: objective)?.goal ?? defaultGoal else {
            reader.error(
                "missing-key",
                "missing 'goal' in 'search': '\(objective)' is not a known metric, so its direction is unknown",
                at: field("metric")?.value ?? entry?.keyNode ?? root ?? YAMLNode.placeholder(file: file),
                hint: "add 'goal: minimize' or 'goal: maximize'")
            return nil
        }
        return SearchSpec(
            strategy: strategy.name, options: options.resolved(with: strategy.schema), metric: objective,
            metrics: metrics, goal: resolvedGoal, pruning: pruning, concurrency: concurrency, seedPoints: seedPoints,
            stopWhen: stopWhen, patience: patience)
    }

    private mutating func readMetrics(
        objective: SpecReader.Entry?, extra: SpecReader.Entry?, task: TaskKind?, classCount: Int?,
        reportedMetrics: Bool, defaultMetric: String?
    )
        -> [String]?
    {
        var names: [String] = []
        var valid = true
        func check(_ name: String, at node: YAMLNode) {
            if reportedMetrics {
                // The program reports what it reports: any key of its final JSON object.
                guard !name.isEmpty else {
                    reader.error("invalid-value", "a metric name must not be empty", at: node)
                    valid = false
                    return
                }
                if !names.contains(name) { names.append(name) }
                return
            }
            guard let metric = MetricRegistry.metric(named: name) else {
                let all = MetricRegistry.all.map(\.name)
                let candidates = task.map { MetricRegistry.names(for: $0) } ?? all
                reader.error(
                    "unknown-metric", "unknown metric '\(name)'", at: node,
                    hint: Suggestion.hint(for: name, among: all) ?? "metrics: \(Suggestion.list(candidates))")
                valid = false
                return
            }
            if let task, metric.task != task {
                reader.error(
                    "metric-task-mismatch",
                    "'\(name)' is a \(metric.task.rawValue) metric, but this experiment does \(task.rawValue)",
                    at: node, hint: "\(task.rawValue) metrics: \(Suggestion.list(MetricRegistry.names(for: task)))")
                valid = false
                return
            }
            if metric.requiresBinary, let classCount, classCount != 2 {
                let averaged = ["\(name)_macro", "\(name)_weighted"].filter { MetricRegistry.metric(named: $0) != nil }
                reader.error(
                    "metric-needs-two-classes",
                    "'\(name)' scores a binary task, but the target has \(classCount) classes",
                    at: node, hint: averaged.isEmpty ? nil : "use \(Suggestion.list(averaged))")
                valid = false
                return
            }
            if !names.contains(name) { names.append(name) }
        }
        if let objective {
            if let name = reader.string(objective.value, named: "search.metric") {
                check(name, at: objective.value)
            } else {
                valid = false
            }
        } else if let defaultMetric {
            names.append(defaultMetric)
        } else if reportedMetrics {
            reader.error(
                "missing-key",
                "missing 'metric' in 'search': name the key of the program's final JSON object to optimise",
                at: root ?? YAMLNode.placeholder(file: file),
                hint: "for example 'metric: val_loss' with 'goal: minimize'")
            valid = false
        } else if let task {
            names.append(MetricRegistry.defaultMetric(for: task))
        }
        if let extra, let list = reader.stringList(extra.value, named: "search.metrics") {
            for (name, node) in list { check(name, at: node) }
        } else if extra != nil {
            valid = false
        }
        return valid && (task != nil || reportedMetrics) ? names : nil
    }

    private mutating func checkFinite(_ space: SearchSpace, strategyNode: YAMLNode?) {
        var infinite = false
        for dimension in space.dimensions where !dimension.domain.isFinite {
            infinite = true
            let hint: String
            switch dimension.domain {
            case .integer: hint = "add 'grid: N' for N evenly spaced integers, or use strategy 'random'"
            default: hint = "add 'grid: N' for N points, or use strategy 'random'"
            }
            // Point at the domain in the file; the dimension name carries the section path.
            reader.diagnostics.error(
                "grid-needs-finite-domain", "grid search needs a finite domain, but '\(dimension.name)' is continuous",
                // A benchmark function's coordinate that the file does not write has no domain node: point at
                // the strategy instead.
                at: domainLocations[dimension.name] ?? strategyNode?.location, hint: hint)
        }
        if !infinite, let size = space.gridSize, size > GridSearch.maximumSize {
            reader.diagnostics.error(
                "grid-too-large",
                "the grid has \(size == Int.max ? "too many" : String(size)) points, more than \(GridSearch.maximumSize)",
                at: strategyNode?.location ?? domainLocations.values.min(), hint: "use strategy 'random' with 'trials'")
        }
    }
}
