import HyperplanCore

/// A model family the user can tune (`model.type`), and how to fit it.
///
/// A new learner is one file with a conforming type plus a line in `LearnerRegistry.all`. Its
/// hyperparameters are declared in `schema`; the spec stage validates the file against it (and against
/// `problems(with:)` for rules that span options) before `init` sees them, so `init` may assume valid values.
public protocol Learner: Sendable {
    /// The name used in `model.type`.
    static var name: String { get }
    static var summary: String { get }
    static var schema: OptionSchema { get }
    /// The tasks the learner can do. A learner with one task decides the experiment's task.
    static var tasks: [TaskKind] { get }
    /// Whether the learner trains by gradient descent and therefore accepts a `schedule`.
    static var trainsIteratively: Bool { get }

    /// Problems that involve several options (for example an option that has no effect with another's value),
    /// checked on every configuration the search space can produce.
    /// `given` names the options the file sets explicitly (the others hold defaults).
    static func problems(with hyperparameters: Hyperparameters, given: Set<String>) -> [OptionProblem]

    /// A learner for validated hyperparameters (defaults filled in).
    init(hyperparameters: Hyperparameters, task: TaskKind)

    /// Fits the learner's parameters to rows of features and their targets.
    ///
    /// - Throws: `FitFailure` when fitting cannot produce a usable model (non-finite values, a singular system).
    func fit(features: Matrix, targets: Targets, context: FitContext) throws(FitFailure) -> any FittedModel
}

extension Learner {
    public static func problems(with hyperparameters: Hyperparameters, given: Set<String>) -> [OptionProblem] { [] }
}

/// A problem with one option of a configuration, reported at that option's place in the file.
public struct OptionProblem: Sendable, Hashable {
    public var option: String
    public var message: String
    public var severity: Diagnostic.Severity

    public init(option: String, message: String, severity: Diagnostic.Severity = .error) {
        self.option = option
        self.message = message
        self.severity = severity
    }
}

/// What a fit may use besides the data: the randomness keyed to this fit.
public struct FitContext: Sendable {
    public var generator: SeededGenerator

    public init(generator: SeededGenerator) { self.generator = generator }
}

/// A learner's fitted state.
public protocol FittedModel: Sendable {
    /// Predictions for rows of features with the same columns as the training features.
    func predict(_ features: Matrix) -> Predictions
    /// The learned parameters (coefficients, intercepts, ...) as JSON, for the bundle's `model.json`.
    var parameters: JSONValue { get }
    /// How the fit went: iterations, convergence.
    var report: FitReport { get }
}

/// How a fit went, recorded with each fold's scores.
public struct FitReport: Sendable, Hashable {
    public var iterations: Int?
    /// `false` when an iterative solver stopped at its iteration limit before meeting its tolerance.
    public var converged: Bool
    /// The final value of the training objective, when the learner minimises one.
    public var objective: Double?

    public init(iterations: Int? = nil, converged: Bool = true, objective: Double? = nil) {
        self.iterations = iterations
        self.converged = converged
        self.objective = objective
    }

    public var json: JSONValue {
        var fields: [String: JSONValue] = ["converged": .bool(converged)]
        if let iterations { fields["iterations"] = .int(iterations) }
        if let objective { fields["objective"] = .number(objective) }
        return .object(fields)
    }
}

/// Why a fit produced no usable model; the trial is recorded as failed with `reason` and the run goes on.
public struct FitFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Every registered learner.
public enum LearnerRegistry {
    public static let all: [any Learner.Type] = [
        LinearRegression.self,
        LogisticRegression.self,
    ]

    public static func learner(named name: String) -> (any Learner.Type)? { all.first { $0.name == name } }

    public static var names: [String] { all.map { $0.name } }
}
