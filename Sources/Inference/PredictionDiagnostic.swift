package import HyperplanCore

/// A message about a prediction: an error, a warning (rows with unseen categories) or a note (columns ignored).
///
/// Rendered like the compiler's diagnostics: `rows.csv:12:7: error: …`, the offending CSV line with a caret
/// under the field, then `note:` lines. A problem with a whole file starts with the file's name alone.
package struct PredictionDiagnostic: Sendable, Hashable {
    package var id: DiagnosticID
    package var severity: Diagnostic.Severity
    package var message: String
    /// The file the message is about, when it has no line (a bundle's `model.json`, the input as a whole).
    package var file: String?
    package var location: SourceLocation?
    /// The source line at `location`, shown under the message with a caret.
    package var sourceLine: String?
    package var notes: [String]

    package init(
        _ id: DiagnosticID, _ severity: Diagnostic.Severity, _ message: String, file: String? = nil,
        at location: SourceLocation? = nil, sourceLine: String? = nil, notes: [String] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.file = file
        self.location = location
        self.sourceLine = sourceLine
        self.notes = notes
    }

    /// The diagnostic as text ending with a newline; ANSI colours when `colored`.
    package func rendered(colored: Bool) -> String {
        var sources: [String: String] = [:]
        if let location, let sourceLine, location.line >= 1 {
            // The renderer finds the excerpt by line number: the one line, at its place (errors only, so the
            // blank lines before it cost nothing that matters).
            sources[location.file] = String(repeating: "\n", count: location.line - 1) + sourceLine
        }
        let renderer = DiagnosticRenderer(colored: colored, sources: sources)
        var text = renderer.render(Diagnostic(id, severity, message, at: location))
        if location == nil, let file { text = "\(file): " + text }
        for note in notes { text += renderer.render(Diagnostic(id, .note, note, at: nil)) }
        return text
    }
}
