import Foundation
import HyperplanCore
import Testing

@testable import Executor

/// User programs as trials: real processes, real signals, real timeouts.
@Suite("Trial commands")
struct ChildProcessTests {
    static func workspace() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hyperplan-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func run(_ arguments: [String], timeout: Double? = nil, in directory: URL) throws -> ChildProcess.Result {
        try ChildProcess(
            arguments: arguments, environment: ["PATH": "/usr/local/bin:/usr/bin:/bin", "GREETING": "hello"],
            workingDirectory: directory, logDirectory: directory, timeout: timeout
        ).run()
    }

    @Test("arguments reach the program unchanged: no shell interprets them")
    func noShell() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let hostile = "$(touch pwned); `touch pwned2` && echo injected"
        let result = try Self.run(
            ["/bin/sh", "-c", "printf '%s|%s' \"$1\" \"$GREETING\"", "sh", hostile], in: directory)
        #expect(result.termination == .exited(0))
        #expect(String(decoding: result.standardOutput, as: UTF8.self) == "\(hostile)|hello")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("pwned").path))
        #expect(
            try String(contentsOf: directory.appendingPathComponent("stdout.log"), encoding: .utf8)
                == "\(hostile)|hello")
    }

    @Test("the working directory is the one given; exit statuses and signals are reported")
    func exitAndSignals() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pwd = try Self.run(["pwd"], in: directory)
        #expect(
            String(decoding: pwd.standardOutput, as: UTF8.self).trimmingCharacters(in: .newlines)
                == directory.resolvingSymlinksInPath().path)
        let failing = try Self.run(["/bin/sh", "-c", "echo boom >&2; exit 3"], in: directory)
        #expect(failing.termination == .exited(3))
        #expect(CommandTrial.tail(failing.standardError) == "boom")
        let crashing = try Self.run(["/bin/sh", "-c", "kill -SEGV $$"], in: directory)
        #expect(crashing.termination == .signaled(SIGSEGV))
    }

    @Test("a timeout kills the whole process group, children included")
    func timeoutKillsGroup() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Every process of the group holds the write end of the FIFO 'alive' (the shell opens it as fd 3 and
        // its background child inherits it), so the test's read end sees end-of-file exactly when the last of
        // them is gone: no guess at how long a kill takes.
        let fifo = directory.appendingPathComponent("alive").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        // The shell starts a background sleeper that would outlive the shell if only the shell were killed.
        let result = try Self.run(
            ["/bin/sh", "-c", "exec 3<>alive; sleep 30 & echo $! > child.pid; sleep 30"], timeout: 0.5, in: directory)
        #expect(result.termination == .timedOut(seconds: 0.5))
        let childPID = try #require(
            Int32(
                String(contentsOf: directory.appendingPathComponent("child.pid"), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
        // End-of-file once every writer has exited; the 20 s limit only keeps a failing test from hanging (the
        // sleeper, if it survived, would hold the FIFO open for 30 s).
        #expect(Self.readsEndOfFile(reader, within: 20), "the background child still holds the FIFO open")
        // Gone, or a zombie waiting for whoever adopted it to reap it: either way it no longer runs.
        let state = (try? String(contentsOfFile: "/proc/\(childPID)/stat", encoding: .utf8))?
            .split(separator: ")").last?.split(separator: " ").first
        #expect(
            state == nil || state == "Z", "the background child is gone too (state \(state.map(String.init) ?? "none"))"
        )
    }

    /// Waits on `descriptor` (non-blocking, read end of a FIFO) until a read returns end-of-file, discarding
    /// any data; `false` if `seconds` pass first.
    static func readsEndOfFile(_ descriptor: Int32, within seconds: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, seconds * 1000) > 0 else { return false }
            let count = read(descriptor, &buffer, buffer.count)
            if count == 0 { return true }
            if count < 0, errno != EAGAIN, errno != EINTR { return false }
        }
    }

    @Test("a missing program is a launch error, not a crash")
    func missingProgram() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: ChildProcess.LaunchError.self) { try Self.run(["no-such-program-here"], in: directory) }
    }

    @Test("placeholders substitute per argument; braces escape; unknown names are reported")
    func placeholders() throws {
        let values = ["lr": "0.001", "train": "/tmp/fold 0/train.csv"]
        #expect(try ArgumentTemplate("--lr={lr}").substituted(values).get() == "--lr=0.001")
        #expect(try ArgumentTemplate("{train}").substituted(values).get() == "/tmp/fold 0/train.csv")
        #expect(try ArgumentTemplate("{{literal}} {lr}").substituted(values).get() == "{literal} 0.001")
        #expect(ArgumentTemplate("{lrr}").substituted(values) == .failure(.init(name: "lrr")))
        #expect(ArgumentTemplate("--a {lr} {{x}} {train}").placeholders == ["lr", "train"])
        // Validation (`placeholders`) and substitution read malformed braces alike: what one sees as a
        // placeholder the other substitutes, and nothing else.
        for template in ["{lr}}", "{a{{b}", "}{lr}{", "{{lr}}}", "x{lr"] {
            let names = ArgumentTemplate(template).placeholders
            let substituted = try ArgumentTemplate(template).substituted(
                Dictionary(uniqueKeysWithValues: names.map { ($0, "V") })
            ).get()
            #expect(substituted.components(separatedBy: "V").count - 1 == names.count, "\(template) → \(substituted)")
        }
        #expect(ArgumentTemplate("{lr}}").placeholders == ["lr"])
        #expect(try ArgumentTemplate("{lr}}").substituted(values).get() == "0.001}")
        #expect(ArgumentTemplate("{a{{b}").placeholders == ["a{{b"])
        #expect(CommandTrial.argument(for: .list([.int(64), .int(32)])) == "[64,32]")
        #expect(CommandTrial.argument(for: .double(0.001)) == "0.001")
    }

    @Test("JSON lines: intermediate reports by epoch or step, the last other object is final, the rest ignored")
    func parsing() {
        let output = """
            loading data…
            {"epoch": 1, "val_loss": 0.9}
            {"epoch": 2, "val_loss": 0.5}
            not json {
            {"accuracy": 0.5}
            {"accuracy": 0.93, "train_accuracy": 0.97}
            """
        let report = CommandTrial.parse(Data(output.utf8))
        #expect(report.intermediate.count == 2)
        #expect(report.intermediate.last?["val_loss"] == .double(0.5))
        #expect(report.final?["accuracy"] == .double(0.93))
        #expect(report.final?["train_accuracy"] == .double(0.97))
    }
}
