import Foundation
import HyperplanCore
import Testing

@Suite("The system's reason for a failed file operation")
struct SystemReasonTests {
    @Test("a Foundation read error gives the POSIX reason alone, without Foundation's sentence")
    func foundationReadError() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("hyperplan-no-such-\(getpid())")
        do {
            _ = try Data(contentsOf: missing)
            Issue.record("reading a missing file succeeded")
        } catch {
            #expect(SystemReason.of(error) == String(cString: strerror(ENOENT)))
        }
    }

    @Test("a failed system call's errno gives its reason")
    func currentErrno() {
        #expect(open("/nonexistent-\(getpid())/x", O_RDONLY) == -1)
        #expect(SystemReason.current == String(cString: strerror(ENOENT)))
    }

    @Test("a Foundation error without a POSIX one, Hyperplan's own errors and others: never Foundation's dump")
    func otherErrors() {
        #expect(SystemReason.of(CocoaError(.fileWriteOutOfSpace)) == String(cString: strerror(ENOSPC)))
        #expect(SystemReason.of(CocoaError(.fileReadNoSuchFile)) == String(cString: strerror(ENOENT)))
        #expect(SystemReason.of(CocoaError(.fileReadCorruptFile)) == "the file's contents are damaged")
        #expect(SystemReason.of(Described()) == "cannot write '/x': y", "Hyperplan's errors say themselves")
        let foreign = NSError(domain: "SomeDomain", code: 7, userInfo: [NSLocalizedDescriptionKey: "dump"])
        #expect(SystemReason.of(foreign) == "an unexpected system error (SomeDomain 7)")
    }
}

/// An error of Hyperplan's own kind: a value that describes itself in one sentence.
private struct Described: Error, CustomStringConvertible {
    var description: String { "cannot write '/x': y" }
}
