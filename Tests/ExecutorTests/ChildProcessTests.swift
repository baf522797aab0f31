import Foundation
import HyperplanCore
import HyperplanTestSupport
import Synchronization
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

    static func run(
        _ arguments: [String], timeout: Double? = nil, environment: [String: String] = ["GREETING": "hello"],
        in directory: URL
    ) async throws -> ChildProcess.Result {
        try await ChildProcess(
            arguments: arguments,
            environment: environment.merging(["PATH": "/usr/local/bin:/usr/bin:/bin"]) { $1 },
            workingDirectory: directory, logDirectory: directory, timeout: timeout
        ).run()
    }

    @Test("arguments reach the program unchanged: no shell interprets them")
    func noShell() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let hostile = "$(touch pwned); `touch pwned2` && echo injected"
        let result = try await Self.run(
            ["/bin/sh", "-c", "printf '%s|%s' \"$1\" \"$GREETING\"", "sh", hostile], in: directory)
        #expect(result.termination == .exited(0))
        #expect(String(decoding: result.standardOutput, as: UTF8.self) == "\(hostile)|hello")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("pwned").path))
        #expect(
            try String(contentsOf: directory.appendingPathComponent("stdout.log"), encoding: .utf8)
                == "\(hostile)|hello")
    }

    @Test("the working directory is the one given; exit statuses and signals are reported")
    func exitAndSignals() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pwd = try await Self.run(["pwd"], in: directory)
        #expect(
            String(decoding: pwd.standardOutput, as: UTF8.self).trimmingCharacters(in: .newlines)
                == directory.resolvingSymlinksInPath().path)
        let failing = try await Self.run(["/bin/sh", "-c", "echo boom >&2; exit 3"], in: directory)
        #expect(failing.termination == .exited(3))
        #expect(CommandTrial.tail(failing.standardError) == "boom")
        let crashing = try await Self.run(["/bin/sh", "-c", "kill -SEGV $$"], in: directory)
        #expect(crashing.termination == .signaled(SIGSEGV))
    }

    @Test("argv and environment entries end at a NUL, as C strings do; argv[0] is the program as written")
    func nulAndArgumentZero() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await Self.run(
            ["sh", "-c", "printf '%s|%s|%s' \"$0\" \"$1\" \"$GREETING\"", "zero\u{0}cut", "one\u{0}cut"],
            environment: ["GREETING": "hi\u{0}cut"], in: directory)
        #expect(result.termination == .exited(0))
        #expect(String(decoding: result.standardOutput, as: UTF8.self) == "zero|one|hi")
        let named = try await Self.run(["sh", "-c", "printf '%s' \"$0\""], in: directory)
        #expect(String(decoding: named.standardOutput, as: UTF8.self) == "sh", "not the resolved /usr/bin/sh")
    }

    @Test("a timeout kills the whole process group, children included")
    func timeoutKillsGroup() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let alive = try NamedPipe(at: directory.appendingPathComponent("alive"))
        // The shell starts a background subshell that would outlive the shell if only the shell were killed.
        // The subshell holds the pipe open for as long as it lives, and says so if it outlives its sleep.
        async let result = Self.run(
            ["/bin/sh", "-c", "(exec 3>alive; echo started >&3; sleep 30; echo survived >&3) & sleep 30"], timeout: 1,
            in: directory)
        let started = await alive.text { $0.contains("started") }
        #expect(try await result.termination == .timedOut(seconds: 1))
        // The pipe ends when its last holder is gone: the subshell was killed with the group, not left running.
        let written = await alive.textAtEnd()
        #expect(started == "started\n" && written == "started\n")
    }

    @Test("a missing program is a launch error, not a crash")
    func missingProgram() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        await #expect(throws: ChildProcess.LaunchError.self) {
            try await Self.run(["no-such-program-here"], in: directory)
        }
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

    /// A program printing 30 MB as one line, then 30 MB of plain lines, then its report and metrics: the whole
    /// reaches the log, but memory keeps only the reports and the end of the stream.
    @Test("output is bounded in memory: an overlong line and a flood of text are only logged, reports are kept")
    func boundedCapture() async throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            head -c 30000000 /dev/zero | tr '\\0' a; echo
            echo '{"epoch": 1, "loss": 2}'
            yes 'plain text, only logged' | head -c 30000000
            echo '{"loss": 1}'
            """
        let result = try await Self.run(["/bin/sh", "-c", script], in: directory)
        #expect(result.termination == .exited(0))
        let logged = try FileManager.default.attributesOfItem(
            atPath: directory.appendingPathComponent("stdout.log").path)
        #expect((logged[.size] as? Int) == 30_000_001 + 24 + 30_000_000 + 12, "the log has every byte")
        #expect(result.standardOutput.count <= 2 * OutputCapture.tailLimit)
        #expect(String(decoding: result.standardOutput.suffix(12), as: UTF8.self) == "{\"loss\": 1}\n")
        #expect(String(decoding: result.objectLines, as: UTF8.self) == "{\"epoch\": 1, \"loss\": 2}\n{\"loss\": 1}\n")
        let report = CommandTrial.parse(result.objectLines)
        #expect(report.intermediate.count == 1 && report.final?["loss"] == .int(1))
    }

    @Test("line splitting: a line longer than the limit is dropped whole, the lines around it are kept and seen")
    func lineSplitter() {
        let seen = Mutex<[String]>([])
        var splitter = OutputCapture.LineSplitter { line in seen.withLock { $0.append(String(line)) } }
        let long = Data(repeating: UInt8(ascii: "x"), count: OutputCapture.lineLimit + 1)
        // Chunks cut mid-line, as pipes deliver them.
        for chunk in [
            Data("  {\"a\": 1}\nbe".utf8), Data("fore\n".utf8), long.prefix(100), long.dropFirst(100),
            Data("\nafter".utf8),
        ] {
            splitter.append(chunk)
        }
        splitter.finish()
        #expect(seen.withLock { $0 } == [#"  {"a": 1}"#, "before", "after"])
        #expect(String(decoding: splitter.kept.objectLines, as: UTF8.self) == "  {\"a\": 1}\n")
        #expect(String(decoding: splitter.kept.tail, as: UTF8.self) == "  {\"a\": 1}\nbefore\nafter")
    }
}
