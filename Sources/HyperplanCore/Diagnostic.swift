/// One problem found in user input, as data: a stable ID, a severity, a message and where it is.
///
/// Tests match `id` and `location`; people read `message`, `hint` and `notes`. Messages follow the Swift
/// compiler's style: a terse phrase without a trailing period that states the rule and quotes names.
package struct Diagnostic: Sendable, Hashable {
    package enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: return 0
            case .warning: return 1
            case .note: return 2
            }
        }

        package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A related place, rendered as a `note:` line under the diagnostic.
    package struct Note: Sendable, Hashable {
        package var message: String
        package var location: SourceLocation?

        package init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    package var id: DiagnosticID
    package var severity: Severity
    package var message: String
    package var location: SourceLocation?
    /// A likely fix, appended to the message after a semicolon ("did you mean 'learning_rate'?").
    package var hint: String?
    package var notes: [Note]

    package init(
        _ id: DiagnosticID, _ severity: Severity = .error, _ message: String, at location: SourceLocation?,
        hint: String? = nil, notes: [Note] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.hint = hint
        self.notes = notes
    }

    /// The message with its hint, as the first line of the rendered diagnostic shows it.
    package var fullMessage: String {
        guard let hint else { return message }
        return "\(message); \(hint)"
    }
}

/// The stable identity of a kind of diagnostic, such as `unknown-key` or `inverted-range`.
///
/// IDs never change once released: tests, editors and scripts key on them, while messages may be reworded.
package struct DiagnosticID: RawRepresentable, Sendable, Hashable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package init(stringLiteral value: String) { rawValue = value }
    package var description: String { rawValue }
    package static func < (lhs: DiagnosticID, rhs: DiagnosticID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Collects diagnostics while validation keeps going, so that every problem is reported at once.
package struct DiagnosticList: Sendable {
    package private(set) var diagnostics: [Diagnostic] = []

    package init() {}

    package mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    package mutating func append(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }

    package mutating func error(
        _ id: DiagnosticID, _ message: String, at location: SourceLocation?, hint: String? = nil,
        notes: [Diagnostic.Note] = []
    ) {
        diagnostics.append(Diagnostic(id, .error, message, at: location, hint: hint, notes: notes))
    }

    package mutating func warning(
        _ id: DiagnosticID, _ message: String, at location: SourceLocation?, hint: String? = nil
    ) {
        diagnostics.append(Diagnostic(id, .warning, message, at: location, hint: hint))
    }

    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The diagnostics in source order (file, line, column), errors before warnings at one place.
    package var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let left = lhs.element
            let right = rhs.element
            switch (left.location, right.location) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return true
            case (_?, nil): return false
            default:
                if left.severity != right.severity { return left.severity < right.severity }
                return lhs.offset < rhs.offset
            }
        }.map(\.element)
    }
}

/// A diagnostic can be thrown where one problem ends a step (a YAML syntax error stops the parser).
extension Diagnostic: Error {}
