package import HyperplanCore

/// A problem with a dataset file or its contents, with the file position where there is one.
package struct DatasetError: Error, Sendable, Hashable, CustomStringConvertible {
    package var id: DiagnosticID
    package var message: String
    /// The position in the CSV file (1-based line and column), when the problem is at one.
    package var location: SourceLocation?

    package init(_ id: DiagnosticID, _ message: String, at location: SourceLocation? = nil) {
        self.id = id
        self.message = message
        self.location = location
    }

    package var description: String {
        guard let location else { return message }
        return "\(location): \(message)"
    }

    /// The error as a diagnostic; `fallback` is used when the error has no position of its own
    /// (for example the experiment file's `source:` line for a missing file).
    package func diagnostic(fallback: SourceLocation?) -> Diagnostic {
        Diagnostic(id, .error, message, at: location ?? fallback)
    }
}
