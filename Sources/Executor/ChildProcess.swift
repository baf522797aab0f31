import Foundation
import HyperplanCore
import Subprocess
import Synchronization

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// A user's program run as a trial: argv without a shell, its own process group (so a timeout, a stop or an
/// abort ends it and everything it started), standard output captured for metrics and both streams kept in
/// log files.
///
/// The program runs under swift-subprocess, and nothing waits for it on a thread of the concurrency pool:
/// its exit is watched through a pidfd on the library's one epoll thread and its pipes are read through the
/// library's asynchronous I/O, so a node running a command is a suspended task. With `-j 8` on two cores,
/// eight commands run at once.
struct ChildProcess: Sendable {
    struct Result: Sendable {
        enum Termination: Sendable, Equatable {
            case exited(Int32)
            case signaled(Int32)
            case timedOut(seconds: Double)
        }

        var termination: Termination
        /// The end of standard output (`OutputCapture.tailLimit`; the whole is in `stdout.log`).
        var standardOutput: Data
        /// The end of standard error (likewise; the whole is in `stderr.log`).
        var standardError: Data
        /// Every line of standard output that may be a JSON object: the reports and the final metrics.
        var objectLines = Data()
        /// Whether `stopAfterLine` asked for the program to be stopped (its process group was then sent
        /// SIGTERM).
        var stoppedOnRequest = false
    }

    struct LaunchError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// How long a program has between SIGTERM and SIGKILL when it is ended early.
    static let gracePeriod = Duration.seconds(2)

    var arguments: [String]
    var environment: [String: String]
    var workingDirectory: URL
    /// Where standard output and standard error are copied as they arrive.
    var logDirectory: URL
    var timeout: Double?
    /// Called with each complete line of standard output as it arrives; returning `true` stops the program
    /// (its process group gets SIGTERM, then SIGKILL after `gracePeriod`), as pruning does.
    var stopAfterLine: (@Sendable (Substring) -> Bool)? = nil

    /// Runs the program to completion (or until its timeout or a stop) and returns what it printed.
    ///
    /// A timeout, a stop and the cancellation of the calling task all end the program the same way: its
    /// process group gets SIGTERM, then SIGKILL if the program is still running `gracePeriod` later. What it
    /// prints until it exits is kept.
    ///
    /// - Throws: `LaunchError` when the program cannot be started (not found, not executable).
    func run() async throws(LaunchError) -> Result {
        guard let program = arguments.first else { throw LaunchError(message: "the command is empty") }
        guard let executable = ChildProcess.resolve(program, in: workingDirectory, path: environment["PATH"]) else {
            throw LaunchError(
                message: "cannot find the program '\(program)' (looked in PATH and \(workingDirectory.path))")
        }
        let stoppedOnRequest = Mutex(false)
        let (stopRequests, requestStop) = AsyncStream.makeStream(of: Void.self)
        defer { requestStop.finish() }
        let onLine = stopAfterLine.map { handler in
            let stop: @Sendable (Substring) -> Void = { line in
                guard handler(line) else { return }
                stoppedOnRequest.withLock { $0 = true }
                requestStop.yield()
            }
            return stop
        }
        let timeout = self.timeout
        // The program, its timer and its stop requests race; the first reason to end it cancels the launch,
        // which makes swift-subprocess run the teardown sequence on the process group.
        let (launched, ending) = await withTaskGroup(of: Event.self) { group in
            group.addTask { .finished(await self.launch(executable, onLine: onLine)) }
            if let timeout {
                group.addTask {
                    do {
                        try await Task.sleep(for: .seconds(timeout))
                        return .timedOut
                    } catch {
                        return .cancelled
                    }
                }
            }
            group.addTask {
                for await _ in stopRequests { return .stopRequested }
                return .cancelled
            }
            var ending: Event?
            while let event = await group.next() {
                switch event {
                case .finished(let result):
                    group.cancelAll()
                    return (result, ending)
                case .timedOut, .stopRequested:
                    guard ending == nil else { continue }
                    ending = event
                    group.cancelAll()
                case .cancelled:
                    continue
                }
            }
            return (.failure(LaunchError(message: "internal error: the program's task ended without a result")), nil)
        }
        let finished = try launched.get()
        let termination: Result.Termination
        switch (ending, finished.status) {
        case (.timedOut?, _):
            termination = .timedOut(seconds: timeout ?? 0)
        case (_, .exited(let status)):
            termination = .exited(status)
        case (_, .signaled(let signal)):
            termination = .signaled(signal)
        }
        return Result(
            termination: termination, standardOutput: finished.output.tail, standardError: finished.errors.tail,
            objectLines: finished.output.objectLines, stoppedOnRequest: stoppedOnRequest.withLock { $0 })
    }

    /// What ends the wait for a program.
    private enum Event: Sendable {
        case finished(Swift.Result<Finished, LaunchError>)
        case timedOut
        case stopRequested
        /// A timer or stop watcher that ended because the program finished first.
        case cancelled
    }

    private struct Finished: Sendable {
        var status: TerminationStatus
        var output: OutputCapture.Kept
        var errors: OutputCapture.Kept
    }

    /// Starts the program and waits for it to exit and for its streams to end.
    private func launch(_ executable: String, onLine: (@Sendable (Substring) -> Void)?) async
        -> Swift.Result<Finished, LaunchError>
    {
        var options = PlatformOptions()
        // A new process group led by the child. swift-subprocess also restores every signal's default
        // handling in the child (this process ignores SIGINT and SIGTERM while a run is on).
        options.processGroupID = 0
        // Run when this task is cancelled: by a timeout or a stop request above, or by the run's cancellation.
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: Self.gracePeriod)
        ]
        let output = OutputCapture(log: logDirectory.appendingPathComponent("stdout.log"), onLine: onLine)
        let errors = OutputCapture(log: logDirectory.appendingPathComponent("stderr.log"))
        let group = Mutex<pid_t?>(nil)
        defer {
            let leader = group.withLock { $0 }
            if let leader { RunningChildren.shared.remove(leader) }
            // Grandchildren may outlive the program: its process group ends with it, and so does every
            // descendant that left the group but carries the trial's tag.
            TrialProcessSweep.endTrial(leader: leader, tag: environment[TrialProcessSweep.variable])
        }
        do {
            let execution = try await Subprocess.run(
                .path(FilePath(executable)),
                arguments: Arguments(
                    executablePathOverride: arguments[0], remainingValues: Array(arguments.dropFirst())),
                environment: .custom(Self.environmentEntries(environment)),
                workingDirectory: FilePath(workingDirectory.path),
                platformOptions: options,
                input: .none,
                output: .sequence,
                error: .sequence
            ) { execution in
                let leader = execution.processIdentifier.value
                group.withLock { $0 = leader }
                RunningChildren.shared.insert(leader)
                // Read in a task of its own, which the cancellation that ends the program does not reach:
                // what the program prints between SIGTERM and its exit is kept, as it is for any other exit.
                let reading = Task {
                    async let printed = output.collect(execution.standardOutput)
                    async let logged = errors.collect(execution.standardError)
                    return await (printed, logged)
                }
                return await reading.value
            }
            let (printed, logged) = execution.closureResult
            return .success(Finished(status: execution.terminationStatus, output: printed, errors: logged))
        } catch let error as SubprocessError {
            // The system's reason when there is one (not found, not executable); otherwise our own words, never
            // the library's description of its internal state.
            let reason =
                error.underlyingError.map { String(cString: strerror($0.rawValue)) }
                ?? "the system could not create the process"
            return .failure(LaunchError(message: "cannot start '\(arguments[0])': \(reason)"))
        } catch {
            return .failure(
                LaunchError(message: "cannot start '\(arguments[0])': \(SystemReason.of(error))"))
        }
    }

    /// The environment as `KEY=value` entries in key order, each cut at its first NUL as a C string is, and
    /// NUL-terminated as swift-subprocess expects of raw entries.
    static func environmentEntries(_ environment: [String: String]) -> [[UInt8]] {
        environment.sorted { $0.key < $1.key }.map { key, value in
            Array("\(key)=\(value)".utf8.prefix { $0 != 0 }) + [0]
        }
    }

    /// The program's path: as given when it contains a slash (relative to `directory`), else found in PATH.
    static func resolve(_ program: String, in directory: URL, path: String?) -> String? {
        if program.contains("/") {
            let url = program.hasPrefix("/") ? URL(fileURLWithPath: program) : directory.appendingPathComponent(program)
            return FileManager.default.isExecutableFile(atPath: url.path) ? url.path : nil
        }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(program).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// One standard stream of a trial command, read as it arrives: copied whole to a log file, and kept in memory
/// only as much as Hyperplan reads, so a program that prints gigabytes costs a few megabytes.
///
/// In memory: the last `tailLimit` bytes of complete lines (a failure's reason quotes the end of standard
/// error), and every line that is a JSON object candidate (starts with `{`), which are the program's reports
/// and final metrics. A line longer than `lineLimit` is only logged: it cannot be a report, and keeping it
/// would make its length the memory bound. Complete lines are handed to a callback (pruning reads the
/// intermediate reports as they arrive).
///
/// Reading awaits swift-subprocess's stream, which parks on its own epoll thread between chunks: no thread
/// of the concurrency pool waits for a quiet program.
struct OutputCapture: Sendable {
    /// Where the stream is copied as it arrives (created empty before the first byte).
    let log: URL
    /// Called with each complete line, without its newline, as soon as the line is complete.
    var onLine: (@Sendable (Substring) -> Void)?
    /// The longest line kept in memory or handed to `onLine`.
    static let lineLimit = 1 << 20
    /// How much of the stream's end is kept.
    static let tailLimit = 1 << 20

    /// What is kept of a stream.
    struct Kept: Sendable {
        /// The last lines, at most `tailLimit` bytes (more only for one line up to `lineLimit`).
        var tail = Data()
        /// Every line that starts with `{` (after blanks), newline-terminated, in order.
        var objectLines = Data()
    }

    /// Reads `stream` to its end and returns what is kept of it.
    ///
    /// The stream ends when every writer has closed the pipe, or when the program exits (swift-subprocess
    /// then stops waiting for grandchildren that still hold the pipe, after taking what is buffered). A read
    /// error ends the capture with what was read so far, as the end of the stream would.
    func collect(_ stream: SubprocessOutputSequence) async -> Kept {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try? FileHandle(forWritingTo: log)
        defer { try? logHandle?.close() }
        var lines = LineSplitter(onLine: onLine)
        do {
            for try await buffer in stream {
                let chunk = buffer.withUnsafeBytes { Data($0) }
                try? logHandle?.write(contentsOf: chunk)
                lines.append(chunk)
            }
        } catch {
            // What arrived before the error is kept; the program's exit status tells the rest.
        }
        lines.finish()
        return lines.kept
    }

    /// Cuts a stream into lines, bounded in memory whatever the line lengths.
    struct LineSplitter {
        var onLine: (@Sendable (Substring) -> Void)?
        private(set) var kept = Kept()
        /// The current line so far, unless it is `overlong`.
        private var pending = Data()
        private var overlong = false

        init(onLine: (@Sendable (Substring) -> Void)?) { self.onLine = onLine }

        mutating func append(_ chunk: Data) {
            var start = chunk.startIndex
            while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
                add(chunk[start..<newline])
                if !overlong { complete(newline: true) }
                pending.removeAll(keepingCapacity: true)
                overlong = false
                start = newline + 1
            }
            add(chunk[start...])
        }

        /// Ends the stream: a last line without its newline counts as a line.
        mutating func finish() {
            if !overlong, !pending.isEmpty { complete(newline: false) }
            pending.removeAll()
        }

        private mutating func add(_ bytes: Data) {
            guard !overlong else { return }
            if pending.count + bytes.count > OutputCapture.lineLimit {
                overlong = true
                pending.removeAll()
            } else {
                pending.append(bytes)
            }
        }

        /// Hands on and keeps the pending line; `newline` says whether the stream had one after it (the tail
        /// keeps the stream's bytes as they were).
        private mutating func complete(newline: Bool) {
            onLine?(Substring(String(decoding: pending, as: UTF8.self)))
            if pending.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) == UInt8(ascii: "{") {
                kept.objectLines.append(pending)
                kept.objectLines.append(UInt8(ascii: "\n"))
            }
            kept.tail.append(pending)
            if newline { kept.tail.append(UInt8(ascii: "\n")) }
            // Trimmed in steps (at twice the limit) so that trimming costs O(1) per byte kept.
            if kept.tail.count > 2 * OutputCapture.tailLimit {
                kept.tail = Data(kept.tail.suffix(OutputCapture.tailLimit))
            }
        }
    }
}

/// The process groups of running trial commands, so that an abort can end them all.
final class RunningChildren: Sendable {
    static let shared = RunningChildren()
    private let pids = Mutex<Set<pid_t>>([])

    func insert(_ pid: pid_t) { pids.withLock { _ = $0.insert(pid) } }
    func remove(_ pid: pid_t) { pids.withLock { _ = $0.remove(pid) } }
    func contains(_ pid: pid_t) -> Bool { pids.withLock { $0.contains(pid) } }

    /// Sends `signal` to every running command's process group.
    func signalAll(_ signal: Int32) {
        for pid in pids.withLock({ $0 }) { kill(-pid, signal) }
    }
}

/// Ends every trial command still running (the second Ctrl-C).
package enum TrialCommands {
    package static func killAll() { RunningChildren.shared.signalAll(SIGKILL) }
}
