import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

/// Trial programs and everything they start end with their trial, even a descendant that called `setsid()`,
/// and a rerun after `kill -9` of Hyperplan ends what the dead run left behind. Real processes throughout;
/// the test waits on files the programs write, never on a clock.
@Suite("Trial processes never outlive their run", .serialized, .tags(.slow))
struct TrialProcessTests {
    /// A program that starts a daemon: a grandchild in a new session (outside the trial's process group),
    /// holding the trial's stdout open and sleeping for a minute, whose process ID it records in `daemons/`
    /// (`Popen` returns once the daemon runs). Told to hang, it then writes its own ID to `ready.fifo`, keeps
    /// that open and sleeps for a minute too.
    static let daemonizing = """
        import json, os, subprocess, sys, time
        os.makedirs('daemons', exist_ok=True)
        child = subprocess.Popen(
            [sys.executable, '-c', 'import time; time.sleep(60)'], start_new_session=True)
        open('daemons/%d' % child.pid, 'w').close()
        if sys.argv[1] == 'hang' or os.path.exists('hang.flag'):
            ready = open('ready.fifo', 'w')
            ready.write('%d\\n' % os.getpid())
            ready.flush()
            time.sleep(60)
        print(json.dumps({'score': float(sys.argv[2])}))
        """

    static func experiment(mode: String, extra: String = "") -> String {
        """
        name: daemons
        model:
          type: command
          run: [python3, daemon.py, "\(mode)", "{x}"]
          params:
            x: {choice: [1, 2]}
        search: {metric: score, goal: maximize}
        \(extra)
        """
    }

    /// The daemons' process IDs recorded so far.
    static func daemons(in directory: URL) -> [pid_t] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("daemons").path))
            ?? []
        return names.compactMap { pid_t($0) }
    }

    /// Whether `pid` is a live process (a zombie, exited but not yet reaped by its parent, counts as ended).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return false }
        let text = String(decoding: stat, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return false }
        return text[text.index(after: close)...].split(separator: " ").first != "Z"
    }

    func workspace(mode: String, extra: String = "") throws -> URL {
        let directory = try HyperplanProcess.temporaryDirectory()
        try Self.daemonizing.write(to: directory.appendingPathComponent("daemon.py"), atomically: true, encoding: .utf8)
        try Self.experiment(mode: mode, extra: extra)
            .write(to: directory.appendingPathComponent("daemons.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test("a descendant that left the trial's process group with setsid() ends when its trial does")
    func setsidDescendantEnds() throws {
        let directory = try workspace(mode: "exit")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try HyperplanProcess.run(["run", "daemons.yaml", "-j", "2"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let daemons = Self.daemons(in: directory)
        #expect(daemons.count == 2, "each trial started its daemon")
        #expect(daemons.filter(Self.isAlive).isEmpty, "daemons still running after the run: \(daemons)")
    }

    @Test(
        "trial_timeout is a deadline even when a setsid() descendant keeps stdout open; all of it ends",
        .timeLimit(.minutes(1)))
    func timeoutIsADeadline() throws {
        let directory = try workspace(mode: "hang", extra: "execution: {trial_timeout: 1s}")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Each program and its daemon would sleep a minute: the run ends within the time limit only if the
        // timeout ends the trial, not the end of its stdout.
        let result = try HyperplanProcess.run(["run", "daemons.yaml", "-j", "2"], in: directory)
        #expect(result.status == 1, "\(result.standardError)")
        #expect(result.standardError.contains("timed out after 1s"), "\(result.standardError)")
        let daemons = Self.daemons(in: directory)
        #expect(daemons.count == 2)
        #expect(daemons.filter(Self.isAlive).isEmpty, "daemons still running after the run: \(daemons)")
    }

    @Test(
        "after kill -9 of hyperplan, the rerun ends the programs the dead run left before starting its own",
        .timeLimit(.minutes(1)))
    func rerunEndsLeftovers() async throws {
        // The same experiment both times (so the same bundle): `hang.flag` makes the first run's programs hang.
        let directory = try workspace(mode: "exit")
        defer { try? FileManager.default.removeItem(at: directory) }
        let flag = directory.appendingPathComponent("hang.flag")
        try Data().write(to: flag)
        let ready = try NamedPipe(at: directory.appendingPathComponent("ready.fifo"))
        let process = Process()
        process.executableURL = try HyperplanProcess.binary()
        process.arguments = ["run", "daemons.yaml", "-j", "2", "--quiet"]
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Both trials are running, each with its daemon, when both programs have said so; then kill -9.
        let said = await ready.text { $0.split(separator: "\n").count >= 2 }
        let programs = said.split(separator: "\n").compactMap { pid_t($0) }
        try #require(programs.count == 2, "the trials did not start: \(said)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let leftovers = programs + Self.daemons(in: directory)
        #expect(leftovers.filter(Self.isAlive).count == 4, "the dead run's programs and daemons outlived it")

        // The rerun's trials exit at once: it must end the leftovers first, and its own daemons.
        try FileManager.default.removeItem(at: flag)
        let rerun = try HyperplanProcess.run(["run", "daemons.yaml", "-j", "2"], in: directory)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        #expect(
            leftovers.filter(Self.isAlive).isEmpty, "left behind by the dead run: \(leftovers.filter(Self.isAlive))")
        #expect(Self.daemons(in: directory).filter(Self.isAlive).isEmpty)
        // The pipe ends once no program holds it: the dead run's programs are gone.
        _ = await ready.textAtEnd()
    }
}
