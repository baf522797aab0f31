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
}
