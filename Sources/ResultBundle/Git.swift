import Foundation

/// Asks git about the checkout an experiment file lives in (its commit, whether it is dirty, the file at
/// another revision).
package enum Git {
    /// Runs git with `arguments` and returns its standard output, or `nil` when git is missing or fails.
    package static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
