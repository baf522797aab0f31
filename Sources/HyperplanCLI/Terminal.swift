import Foundation
import HyperplanCore
import Synchronization

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

    /// Writes all of `text`. Once the reader has closed the stream (EPIPE), this stream is left alone for the rest
    /// of the process: the run goes on and writes its bundle; only what it would have printed there is dropped.
    func write(_ text: String) { write(bytes: Array(text.utf8)) }

    /// Writes all of `bytes`, as `write(_:)` does.
    func write(bytes: [UInt8]) {
        guard !Terminal.isClosed(descriptor) else { return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress, buffer.count)
            }
            if written <= 0 {
                if written < 0, errno == EINTR { continue }
                if written < 0, errno == EPIPE { Terminal.markClosed(descriptor) }
                return
            }
            offset += written
        }
    }

    /// Standard output's and standard error's reader has gone away (bit 0: output, bit 1: error).
    private static let closedStreams = Atomic<UInt8>(0)

    private static func bit(_ descriptor: Int32) -> UInt8 {
        descriptor == STDOUT_FILENO ? 1 : descriptor == STDERR_FILENO ? 2 : 0
    }

    private static func isClosed(_ descriptor: Int32) -> Bool {
        closedStreams.load(ordering: .relaxed) & bit(descriptor) != 0
    }

    private static func markClosed(_ descriptor: Int32) {
        closedStreams.bitwiseOr(bit(descriptor), ordering: .relaxed)
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
