package import HyperplanCore

// Synthetic datasets: seeded generators of tables with scikit-learn's `make_*` semantics, for tests and
// benchmarks at any scale. A generator declares its options like any extension point (`OptionSchema`), draws
// only from `SeededGenerator` streams keyed by what they produce, and returns the same `LoadedDataset` a CSV
// gives: numeric feature columns `x0`…`x{p−1}` and the target `y`. It knows nothing of experiments.

/// A named generator of synthetic datasets (`synthetic:classification`).
///
/// A new generator is one file with a conforming type plus a line in `SyntheticRegistry.all`. Its options are
/// declared in `schema` (every generator takes `seed`); rules spanning several options are
/// `problems(with:)`, which the spec stage can report at the option's line and `generate` rejects anyway.
package protocol SyntheticGenerator: Sendable {
    /// The name after `synthetic:`.
    static var name: String { get }
    static var summary: String { get }
    /// The task of the target `y` (as `BuiltinDataset.task`): class labels 0…k−1, or real values. The spec
    /// stage should take it rather than infer it: from 21 classes on, `TaskInference` finds the labels
    /// ambiguous, and from 50 on it reads them as a regression target.
    static var task: TaskKind { get }
    /// The options, `seed` included.
    static var schema: OptionSchema { get }
    /// The algorithm's version, part of the dataset's identity (`LoadedDataset.sha256`).
    ///
    /// Bump it with any change that alters the numbers drawn for the same options and seed, so that results
    /// computed from the old data are never mistaken for results on the new.
    static var version: Int { get }

    /// Problems involving several options (`informative + redundant + repeated > features`), for options
    /// whose values each satisfy their kind and with defaults filled in. Defaults to none.
    static func problems(with options: Hyperparameters) -> [SyntheticOptionProblem]

    /// The table for resolved options: defaults filled in, every value valid for its kind, no `problems`.
    ///
    /// - Parameter seed: the seed to draw with (already resolved from the `seed` option).
    /// - Throws: `DatasetError` only for options that `generate` would have rejected.
    static func table(options: Hyperparameters, seed: UInt64) throws(DatasetError) -> DataTable
}

/// A rule on a combination of options that a configuration breaks, reported at `option`.
package struct SyntheticOptionProblem: Sendable, Hashable, CustomStringConvertible {
    /// The option the message is about (where the spec stage points).
    package var option: String
    package var message: String

    package init(option: String, message: String) {
        self.option = option
        self.message = message
    }

    package var description: String { message }
}

extension SyntheticGenerator {
    package static func problems(with options: Hyperparameters) -> [SyntheticOptionProblem] { [] }

    /// Generates the dataset for `options`, drawing with the `seed` option when it is given and with `seed`
    /// otherwise: the integrator passes the experiment's seed, so a file without `seed:` follows the
    /// experiment's and one with it stays fixed while the experiment's seed varies.
    ///
    /// The result's `source` is `.synthetic(name:options:)` with every option's value (defaults filled in,
    /// `seed` only if given), so loading that source again gives the same table. Its `sha256` is the SHA-256
    /// of the canonical JSON `{"generator", "options" (defaults filled in, without seed), "seed" (a decimal
    /// string), "version"}` — no table bytes are hashed.
    ///
    /// - Throws: `DatasetError` for an unknown option (`unknown-key`), a value of the wrong type
    ///   (`wrong-type`), out of range or breaking a rule between options (`invalid-value`); messages name
    ///   the option.
    /// - Complexity: O(samples × features) time and memory for the table, plus each generator's setup.
    package static func generate(options: Hyperparameters, seed: UInt64) throws(DatasetError) -> LoadedDataset {
        let resolved = try resolve(options)
        let effectiveSeed = resolved.int("seed").map { UInt64($0) } ?? seed
        let table = try table(options: resolved, seed: effectiveSeed)
        var withoutSeed = resolved
        withoutSeed["seed"] = nil
        let identity = JSONValue.object([
            "generator": .string(name), "options": withoutSeed.json, "seed": .string(String(effectiveSeed)),
            "version": .int(version),
        ])
        return LoadedDataset(
            source: .synthetic(name: name, options: resolved.json), table: table, sha256: ContentHash(json: identity),
            fileDescription: DatasetSource.syntheticPrefix + name)
    }

    /// `options` checked against the schema and `problems(with:)`, defaults filled in, values canonical
    /// (integers given for real options become real numbers).
    ///
    /// - Throws: `DatasetError` as described in `generate(options:seed:)`.
    package static func resolve(_ options: Hyperparameters) throws(DatasetError) -> Hyperparameters {
        let place = "synthetic dataset '\(name)'"
        for key in options.values.keys.sorted() where schema[key] == nil {
            throw DatasetError(
                "unknown-key", "unknown option '\(key)' for \(place); options: \(schema.names.joined(separator: ", "))")
        }
        var resolved = options.withDefaults(from: schema)
        for option in schema.options {
            guard let value = resolved[option.name] else { continue }
            if let problem = option.kind.problem(with: value) {
                let id: DiagnosticID = problem.hasPrefix("expected") ? "wrong-type" : "invalid-value"
                let phrase = problem.hasPrefix("must") ? "'\(option.name)' \(problem)" : "'\(option.name)': \(problem)"
                throw DatasetError(id, "\(phrase) (\(place))")
            }
            resolved[option.name] = option.kind.canonical(value)
        }
        let problems = problems(with: resolved)
        if !problems.isEmpty {
            throw DatasetError("invalid-value", problems.map(\.message).joined(separator: "; ") + " (\(place))")
        }
        return resolved
    }
}

/// Options shared by several generators.
enum SyntheticOptions {
    /// At most this many values in a table (8 GB of `Double`s), so a typo cannot exhaust memory.
    static let maximumCells = 1_000_000_000
    static let maximumSamples = 100_000_000
    static let maximumFeatures = 100_000

    static let seed = OptionSpec(
        "seed", .integer(min: 0, max: Int.max), searchable: false,
        summary: "seed of the random streams; the experiment's seed when not given")

    static func shuffle(_ summary: String = "draw the rows in random order") -> OptionSpec {
        OptionSpec("shuffle", .boolean, default: .bool(true), searchable: false, summary: summary)
    }

    static func samples(default value: Int) -> OptionSpec {
        OptionSpec(
            "samples", .integer(min: 1, max: maximumSamples), default: .int(value), searchable: false,
            summary: "number of rows")
    }

    static func features(default value: Int, min: Int = 1) -> OptionSpec {
        OptionSpec(
            "features", .integer(min: min, max: maximumFeatures), default: .int(value), searchable: false,
            summary: "number of feature columns")
    }

    static func noise(default value: Double, summary: String) -> OptionSpec {
        OptionSpec("noise", .real(.nonNegative), default: .double(value), searchable: false, summary: summary)
    }

    /// The size rule shared by generators whose width is an option.
    static func sizeProblems(samples: Int, features: Int) -> [SyntheticOptionProblem] {
        // In real numbers, so that no pair of integers can overflow.
        guard Double(samples) * (Double(features) + 1) > Double(maximumCells) else { return [] }
        return [
            SyntheticOptionProblem(
                option: "samples",
                message: "'samples' × ('features' + 1) must be at most \(maximumCells) values, not \(samples) × "
                    + "\(features + 1)")
        ]
    }
}

/// Typed reads of resolved options; a missing value is a programming error reported as a `DatasetError`.
struct ResolvedOptions {
    let values: Hyperparameters
    let generator: String

    func int(_ name: String) throws(DatasetError) -> Int {
        guard let value = values.int(name) else { throw missing(name) }
        return value
    }

    func double(_ name: String) throws(DatasetError) -> Double {
        guard let value = values.double(name) else { throw missing(name) }
        return value
    }

    func bool(_ name: String) throws(DatasetError) -> Bool {
        guard let value = values.bool(name) else { throw missing(name) }
        return value
    }

    /// A list of numbers, or `nil` when the option has no value.
    func numbers(_ name: String) -> [Double]? { values[name].flatMap(numberList) }

    private func missing(_ name: String) -> DatasetError {
        DatasetError("invalid-value", "option '\(name)' of synthetic dataset '\(generator)' has no valid value")
    }
}

/// The numbers of a list value (integers or reals), or `nil` for any other value.
func numberList(_ value: ParameterValue) -> [Double]? {
    guard case .list(let items) = value else { return nil }
    var numbers: [Double] = []
    for item in items {
        guard let number = item.doubleValue else { return nil }
        numbers.append(number)
    }
    return numbers
}

extension DataTable {
    /// A synthetic table: feature columns `x0`…`x{p−1}` in order, then the target `y`; row `i` is
    /// "line" `i + 1` (there is no file; messages that point at a row show its 1-based number).
    static func synthetic(features: [[Double]], target: [Double]) -> DataTable {
        var columns: [DataColumn] = []
        columns.reserveCapacity(features.count + 1)
        for (index, values) in features.enumerated() { columns.append(DataColumn(name: "x\(index)", numeric: values)) }
        columns.append(DataColumn(name: "y", numeric: target))
        return DataTable(columns: columns, rowCount: target.count, rowLines: Array(1..<(target.count + 1)))
    }
}
