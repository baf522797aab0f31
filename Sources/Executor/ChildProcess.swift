import Foundation
import Synchronization

/// A user's program run as a trial: argv without a shell, its own process group (so a timeout or an abort
/// kills it and everything it started), standard output captured for metrics and both streams kept in log
/// files.
struct ChildProcess {
    struct Result: Sendable {
        enum Termination: Sendable, Equatable {
            case exited(Int32)
            case signaled(Int32)
            case timedOut(seconds: Double)
        }

        var termination: Termination
        var standardOutput: Data
        var standardError: Data
        /// Whether `stopAfterLine` asked for the program to be stopped (it was then sent SIGTERM).
        var stoppedOnRequest = false
    }

    struct LaunchError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    var arguments: [String]
    var environment: [String: String]
    var workingDirectory: URL
    /// Where standard output and standard error are copied as they arrive.
    var logDirectory: URL
    var timeout: Double?
    /// Called with each complete line of standard output as it arrives; returning `true` stops the program
    /// (its process group gets SIGTERM, then SIGKILL after 2 seconds), as pruning does.
    var stopAfterLine: (@Sendable (Substring) -> Bool)? = nil

    /// Runs the program to completion (or until its timeout) and returns what it printed.
    ///
    /// - Throws: `LaunchError` when the program cannot be started (not found, not executable).
    func run() throws(LaunchError) -> Result {
        guard let program = arguments.first else { throw LaunchError(message: "the command is empty") }
        guard let executable = ChildProcess.resolve(program, in: workingDirectory, path: environment["PATH"]) else {
            throw LaunchError(
                message: "cannot find the program '\(program)' (looked in PATH and \(workingDirectory.path))")
        }
        var outputPipe: [Int32] = [0, 0]
        var errorPipe: [Int32] = [0, 0]
        guard pipe(&outputPipe) == 0, pipe(&errorPipe) == 0 else {
            throw LaunchError(message: "cannot create pipes: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        for descriptor in outputPipe + errorPipe { posix_spawn_file_actions_addclose(&actions, descriptor) }
        guard ChildProcess.addChangeDirectory(&actions, workingDirectory.path) else {
            throw LaunchError(message: "this system's posix_spawn cannot set a working directory")
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group led by the child, and default signal handling (this process ignores SIGINT).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(outputPipe[1])
        close(errorPipe[1])
        guard status == 0 else {
            close(outputPipe[0])
            close(errorPipe[0])
            throw LaunchError(message: "cannot start '\(program)': \(String(cString: strerror(status)))")
        }
        RunningChildren.shared.insert(pid)
        defer { RunningChildren.shared.remove(pid) }
        let outputLog = logDirectory.appendingPathComponent("stdout.log")
        let errorLog = logDirectory.appendingPathComponent("stderr.log")
        let stopRequested = Mutex(false)
        let stopAfterLine = self.stopAfterLine
        let output = StreamCollector(
            descriptor: outputPipe[0], log: outputLog,
            onLine: stopAfterLine.map { handler in
                let group = pid
                let stop: @Sendable (Substring) -> Void = { line in
                    guard handler(line) else { return }
                    let first = stopRequested.withLock { requested in
                        defer { requested = true }
                        return !requested
                    }
                    guard first else { return }
                    kill(-group, SIGTERM)
                    DispatchQueue.global().asyncAfter(deadline: .now() + 2) { kill(-group, SIGKILL) }
                }
                return stop
            })
        let errors = StreamCollector(descriptor: errorPipe[0], log: errorLog)
        let exited = DispatchSemaphore(value: 0)
        let exitStatus = Mutex<Int32>(0)
        let child = pid
        let waiter = Thread {
            var raw: Int32 = 0
            while waitpid(child, &raw, 0) < 0, errno == EINTR {}
            exitStatus.withLock { $0 = raw }
            exited.signal()
        }
        waiter.start()
        var timedOut = false
        if let timeout {
            if exited.wait(timeout: .now() + timeout) == .timedOut {
                timedOut = true
                kill(-pid, SIGTERM)
                if exited.wait(timeout: .now() + 2) == .timedOut {
                    kill(-pid, SIGKILL)
                    exited.wait()
                }
            }
        } else {
            exited.wait()
        }
        // Grandchildren may still hold the pipes open; the group is gone once killed, so end them too.
        kill(-pid, SIGKILL)
        let outputData = output.finish()
        let errorData = errors.finish()
        let raw = exitStatus.withLock { $0 }
        let termination: Result.Termination
        if timedOut, let timeout {
            termination = .timedOut(seconds: timeout)
        } else if raw & 0x7f == 0 {
            termination = .exited((raw >> 8) & 0xff)
        } else {
            termination = .signaled(raw & 0x7f)
        }
        return Result(
            termination: termination, standardOutput: outputData, standardError: errorData,
            stoppedOnRequest: stopRequested.withLock { $0 })
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc ≥ 2.29), looked up at run time because Swift's Glibc
    /// module does not declare it: the child changes directory itself, so no shell is ever involved.
    private static let addChangeDirectoryFunction:
        (@convention(c) (UnsafeMutableRawPointer, UnsafePointer<CChar>) -> Int32)? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
            else {
                return nil
            }
            return unsafeBitCast(
                symbol, to: (@convention(c) (UnsafeMutableRawPointer, UnsafePointer<CChar>) -> Int32).self)
        }()

    private static func addChangeDirectory(_ actions: inout posix_spawn_file_actions_t, _ path: String) -> Bool {
        guard let function = addChangeDirectoryFunction else { return false }
        return withUnsafeMutablePointer(to: &actions) { pointer in
            path.withCString { function(UnsafeMutableRawPointer(pointer), $0) == 0 }
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

/// Reads a pipe to its end on its own thread, keeping everything and copying it to a log file.
private final class StreamCollector: @unchecked Sendable {
    // Safe: `data` is written by the reader thread only, and read after `done` is signalled.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    /// - Parameter onLine: called on the reader thread with each complete line (without its newline).
    init(descriptor: Int32, log: URL, onLine: (@Sendable (Substring) -> Void)? = nil) {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try? FileHandle(forWritingTo: log)
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            var lineStart = 0
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                let chunk = Data(buffer[0..<count])
                data.append(chunk)
                try? logHandle?.write(contentsOf: chunk)
                if let onLine {
                    while let newline = data[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                        onLine(Substring(String(decoding: data[lineStart..<newline], as: UTF8.self)))
                        lineStart = newline + 1
                    }
                }
            }
            close(descriptor)
            try? logHandle?.close()
            done.signal()
        }
        thread.start()
    }

    func finish() -> Data {
        done.wait()
        return data
    }
}

/// The process groups of running trial commands, so that an abort can end them all.
final class RunningChildren: Sendable {
    static let shared = RunningChildren()
    private let pids = Mutex<Set<pid_t>>([])

    func insert(_ pid: pid_t) { pids.withLock { _ = $0.insert(pid) } }
    func remove(_ pid: pid_t) { pids.withLock { _ = $0.remove(pid) } }

    /// Sends `signal` to every running command's process group.
    func signalAll(_ signal: Int32) {
        for pid in pids.withLock({ $0 }) { kill(-pid, signal) }
    }
}

/// Ends every trial command still running (the second Ctrl-C).
public enum TrialCommands {
    public static func killAll() { RunningChildren.shared.signalAll(SIGKILL) }
}
