import Foundation
import Testing

/// Runs the built `hyperplan` executable as a real process and captures what it prints.
struct HyperplanProcess {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `hyperplan` binary built next to this test runner (`swift test` builds it: the test target depends on it).
    static func binary() throws -> URL {
        let runner = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0])
        var directory = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("hyperplan")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw BinaryNotFound(runner: runner.path)
    }

    struct BinaryNotFound: Error, CustomStringConvertible {
        var runner: String
        var description: String {
            "no hyperplan executable near the test runner \(runner); build it with 'swift build'"
        }
    }

    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var processEnvironment = ProcessInfo.processInfo.environment
        processEnvironment["NO_COLOR"] = "1"
        for (key, value) in environment { processEnvironment[key] = value }
        process.environment = processEnvironment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let errorData = Mutable<Data>()
        let errorRead = DispatchSemaphore(value: 0)
        let errorReader = Thread {
            errorData.value = error.fileHandleForReading.readDataToEndOfFile()
            errorRead.signal()
        }
        errorReader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorRead.wait()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData.value ?? Data(), as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hyperplan-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func example(_ name: String) -> String {
        repository.appendingPathComponent("experiments").appendingPathComponent(name).path
    }
}

/// A value handed from a reader thread to the test (written once, then read after the thread is done).
final class Mutable<Value>: @unchecked Sendable {
    // Safe: every access takes the lock; the reader thread writes it once, and the test reads it after the
    // thread has signalled that it is done.
    private let lock = NSLock()
    private var stored: Value?
    var value: Value? {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
