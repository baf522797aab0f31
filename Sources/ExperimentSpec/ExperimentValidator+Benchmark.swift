import HyperplanCore
import Search

extension ExperimentValidator {
    static let benchmarkKeys = ["type", "function", "dims"]
    /// What a benchmark trial reports: the function's value, and its distance above the known minimum.
    static let benchmarkMetrics = ["value", "regret"]

    /// `model.type: benchmark_function`: a standard test function's coordinates are the search space; no data,
    /// no folds, each trial reports `value` (and `regret`), to be minimised.
    mutating func validateBenchmarkExperiment(
        entry: (String) -> SpecReader.Entry?, model: SpecReader.Entry, name: String?, description: String?,
        seed: UInt64
    ) -> Experiment? {
        for key in ["dataset", "cv", "schedule"] {
            if let section = entry(key) {
                reader.error(
                    "not-applicable", "a benchmark function takes no '\(key)'", at: section.keyNode,
                    hint: "its coordinates are the search space; each trial evaluates the function once")
            }
        }
        let benchmark = readBenchmarkModel(model)
        let space = benchmark?.space ?? SearchSpace()
        let search = readBenchmarkSearch(entry("search"), space: space)
        let execution = readExecution(entry("execution"))
        guard !reader.diagnostics.hasErrors, let name, let spec = benchmark?.spec, let search, let execution else {
            return nil
        }
        return Experiment(
            name: name, description: description, seed: seed, dataset: nil, model: spec, schedule: nil, space: space,
            cv: nil, search: search, execution: execution)
    }

    private mutating func readBenchmarkModel(_ entry: SpecReader.Entry) -> (spec: ModelSpec?, space: SearchSpace)? {
        guard let entries = reader.mapping(entry.value, named: "model") else { return nil }
        func field(_ key: String) -> SpecReader.Entry? { entries.first { $0.key == key } }
        guard let functionEntry = field("function") else {
            reader.missing(
                "function", in: "model", at: entry.keyNode, hint: "functions: \(Suggestion.list(TestFunction.names))")
            return nil
        }
        guard
            let functionName = reader.enumeration(
                functionEntry.value, named: "benchmark function", allowed: TestFunction.names, id: "unknown-function"),
            let function = TestFunction.named(functionName)
        else { return nil }
        var dimension = function.fixedDimension ?? TestFunction.defaultDimension
        if let dims = field("dims") {
            if let fixed = function.fixedDimension {
                reader.error(
                    "invalid-value", "'\(functionName)' is \(fixed)-dimensional; 'dims' does not apply",
                    at: dims.keyNode)
                return nil
            }
            guard let value = reader.integer(dims.value, named: "model.dims", min: 2, max: 1000) else { return nil }
            dimension = value
        }
        let coordinates = (0..<dimension).map { "x\($0)" }
        reader.rejectUnknownKeys(entries, allowed: Self.benchmarkKeys + coordinates, in: "model") { key in
            key.hasPrefix("x") ? "'\(functionName)' has coordinates x0…x\(dimension - 1)" : nil
        }
        var fixed = Hyperparameters(["function": .string(functionName), "dims": .int(dimension)])
        var dimensions: [SearchSpace.Dimension] = []
        var valid = true
        for (index, coordinate) in coordinates.enumerated() {
            let bounds = function.domain(index, dimension)
            let option = OptionSpec(coordinate, .real(.any), summary: "coordinate \(index)")
            let path = "\(ModelSpec.pathPrefix)\(coordinate)"
            guard let given = field(coordinate) else {
                dimensions.append(
                    SearchSpace.Dimension(
                        name: path, domain: .uniform(lower: bounds.lowerBound, upper: bounds.upperBound, grid: nil)))
                continue
            }
            if given.value.pairs != nil {
                guard let domain = DomainReader.read(given.value, option: option, path: path, reader: &reader) else {
                    valid = false
                    continue
                }
                dimensions.append(SearchSpace.Dimension(name: path, domain: domain))
                domainLocations[path] = given.value.location
            } else if let value = given.value.parameterValue?.doubleValue, value.isFinite {
                fixed[coordinate] = .double(value)
            } else {
                reader.error(
                    "wrong-type", "'\(path)' must be a number or a search domain, found \(given.value.kindDescription)",
                    at: given.value)
                valid = false
            }
        }
        let space = SearchSpace(dimensions)
        guard valid else { return (nil, space) }
        return (
            ModelSpec(benchmark: functionName, dimensions: dimension, fixed: fixed, space: space), space
        )
    }

    /// `search` for a benchmark: the metric is `value` (default) or `regret`, minimised.
    private mutating func readBenchmarkSearch(_ entry: SpecReader.Entry?, space: SearchSpace) -> SearchSpec? {
        if let entries = entry.flatMap({ reader.mapping($0.value, named: "search") }) {
            for field in entries where field.key == "metric" || field.key == "metrics" {
                let names = field.value.items ?? [field.value]
                for node in names {
                    if let name = node.text, !Self.benchmarkMetrics.contains(name) {
                        reader.error(
                            "unknown-metric", "unknown metric '\(name)' for a benchmark function", at: node,
                            hint: "benchmark functions report \(Suggestion.list(Self.benchmarkMetrics))")
                    }
                }
            }
        }
        guard !reader.diagnostics.hasErrors else { return nil }
        return readSearch(
            entry, space: space, task: nil, classCount: nil, reportedMetrics: true, defaultMetric: "value",
            defaultGoal: .minimize)
    }
}

/// The model type that evaluates a test function.
package enum BenchmarkFunctionModel {
    package static let typeName = "benchmark_function"
}
