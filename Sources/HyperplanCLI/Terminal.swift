import Foundation
import HyperplanCore

/// Standard output and error, and whether they are terminals (for colour and live progress).
struct Terminal: Sendable {
    let descriptor: Int32

    static let standardOutput = Terminal(descriptor: STDOUT_FILENO)
    static let standardError = Terminal(descriptor: STDERR_FILENO)

    var isInteractive: Bool { isatty(descriptor) == 1 }

    /// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
    var usesColor: Bool {
        isInteractive && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Whether a status block can be redrawn in place (a terminal that understands cursor movement).
    var supportsLiveUpdates: Bool {
        isInteractive && ProcessInfo.processInfo.environment["TERM"].map { $0 != "dumb" } ?? false
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress, buffer.count)
            }
            if written <= 0 {
                if written < 0, errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

/// Prints diagnostics to standard error in compiler style.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic], sources: [String: String]) {
        guard !diagnostics.isEmpty else { return }
        let renderer = DiagnosticRenderer(colored: Terminal.standardError.usesColor, sources: sources)
        Terminal.standardError.write(renderer.render(diagnostics))
    }
}
