package import HyperplanCore

/// Why `hyperplan predict` produced no output: one or more diagnostics, and whether the fault lies with the
/// input and command line (exit status 2) or with the bundle (exit status 1).
package struct PredictionError: Error, Sendable, CustomStringConvertible {
    /// Whose fault it is, which decides the exit status.
    package enum Cause: Sendable, Hashable {
        /// The rows, a path or an option (exit status 2).
        case input
        /// The bundle cannot be used: not fitted, a trial command, an older format, a damaged model (status 1).
        case bundle
    }

    package var cause: Cause
    /// Every problem found, errors first; at least one is an error.
    package var diagnostics: [PredictionDiagnostic]

    package init(_ cause: Cause, _ diagnostics: [PredictionDiagnostic]) {
        self.cause = cause
        self.diagnostics = diagnostics
    }

    /// One error.
    package init(
        _ cause: Cause, _ id: DiagnosticID, _ message: String, file: String? = nil, at location: SourceLocation? = nil,
        notes: [String] = []
    ) {
        self.init(cause, [PredictionDiagnostic(id, .error, message, file: file, at: location, notes: notes)])
    }

    package var description: String { diagnostics.map { $0.rendered(colored: false) }.joined() }
}
