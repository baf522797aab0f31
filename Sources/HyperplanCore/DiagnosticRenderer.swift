/// Renders diagnostics like a compiler: `file:line:column: error: message`, the source line and a caret.
package struct DiagnosticRenderer: Sendable {
    /// Whether to use ANSI colours (only when writing to a terminal and `NO_COLOR` is unset).
    package var colored: Bool
    /// The text of each file that diagnostics point into, for the source line under the message.
    package var sources: [String: String]

    package init(colored: Bool = false, sources: [String: String] = [:]) {
        self.colored = colored
        self.sources = sources
    }

    /// Renders every diagnostic, each followed by its source excerpt and notes, ending with a newline.
    package func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    package func render(_ diagnostic: Diagnostic) -> String {
        var output = headline(
            location: diagnostic.location, severity: diagnostic.severity.rawValue, message: diagnostic.fullMessage)
        output += excerpt(at: diagnostic.location)
        for note in diagnostic.notes {
            output += headline(location: note.location, severity: "note", message: note.message)
            output += excerpt(at: note.location)
        }
        return output
    }

    private func headline(location: SourceLocation?, severity: String, message: String) -> String {
        let prefix = location.map { "\($0): " } ?? ""
        let label: String
        if colored {
            let code = severity == "error" ? "31" : (severity == "warning" ? "35" : "36")
            label = "\u{1B}[1;\(code)m\(severity):\u{1B}[0m\u{1B}[1m"
            return "\u{1B}[1m\(prefix)\(label) \(message)\u{1B}[0m\n"
        }
        label = "\(severity):"
        return "\(prefix)\(label) \(message)\n"
    }

    private func excerpt(at location: SourceLocation?) -> String {
        guard let location, let text = sources[location.file], location.line >= 1 else { return "" }
        var lineNumber = 1
        var lineText: Substring?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if lineNumber == location.line { lineText = line; break }
            lineNumber += 1
        }
        guard var line = lineText else { return "" }
        if line.hasSuffix("\r") { line = line.dropLast() }
        // Columns count Unicode scalars; tabs are kept so the caret lines up under them.
        var caretPrefix = ""
        for (index, scalar) in line.unicodeScalars.enumerated() where index < location.column - 1 {
            caretPrefix.append(scalar == "\t" ? "\t" : " ")
        }
        let caret = colored ? "\u{1B}[1;32m^\u{1B}[0m" : "^"
        return "\(line)\n\(caretPrefix)\(caret)\n"
    }
}
