package import HyperplanCore

/// A cross-validation scheme: how the training rows are split into train/validation pairs.
///
/// A new scheme is one file with a conforming type plus a line in `ResamplingRegistry.schemes`. Its options
/// (besides `scheme`) are declared in `schema` and validated by the spec stage before `init` sees them.
package protocol ResamplingScheme: Sendable {
    /// The name used in `cv.scheme`.
    static var name: String { get }
    static var summary: String { get }
    /// The options of `cv` this scheme reads.
    static var schema: OptionSchema { get }
    /// Whether the scheme needs class labels (stratification).
    static var needsClasses: Bool { get }

    /// A scheme from validated options (every option of `schema` present, defaults filled in).
    init(options: Hyperparameters)

    /// The number of splits this scheme yields.
    var splitCount: Int { get }

    /// Splits positions `0..<rowCount`.
    ///
    /// - Parameters:
    ///   - strata: class index of each position, for stratified schemes; `nil` for regression.
    ///   - generator: the randomness for shuffling; unused when the scheme does not shuffle.
    /// - Throws: `ResamplingError` when the rows cannot be split as configured.
    func splits(rowCount: Int, strata: [Int]?, generator: inout SeededGenerator) throws(ResamplingError) -> [Split]
}

/// Every registered CV scheme.
package enum ResamplingRegistry {
    package static let schemes: [any ResamplingScheme.Type] = [
        KFold.self,
        StratifiedKFold.self,
        Holdout.self,
    ]

    package static func scheme(named name: String) -> (any ResamplingScheme.Type)? {
        schemes.first { $0.name == name }
    }

    package static var names: [String] { schemes.map { $0.name } }

    /// The scheme used when `cv.scheme` is not given.
    package static func defaultScheme(for task: TaskKind) -> any ResamplingScheme.Type {
        task == .classification ? StratifiedKFold.self : KFold.self
    }
}

/// Options shared by the k-fold schemes.
enum FoldOptions {
    static let folds = OptionSpec(
        "folds", .integer(min: 2, max: 10_000), default: .int(5), searchable: false,
        summary: "number of folds")
    static let shuffle = OptionSpec(
        "shuffle", .boolean, default: .bool(false), searchable: false,
        summary: "shuffle rows (seeded) before splitting; without it folds equal scikit-learn's")
}
