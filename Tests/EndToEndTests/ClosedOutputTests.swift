import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

/// A reader that goes away (`hyperplan run … --events jsonl | head -c 100`) stops that output and nothing else:
/// the run goes on, exits 0 and writes the bundle an undisturbed run writes.
@Suite("Closed standard output and error", .tags(.slow))
struct ClosedOutputTests {
    static let experiment = """
        name: closed
        seed: 3
        dataset:
          source: builtin:iris
          test_size: 0.2
        model:
          type: logistic_regression
          C: {loguniform: [0.01, 100], grid: 40}
        cv:
          folds: 3
        """

    static let resultFiles = [
        "resolved.json", "plan.json", "trials.jsonl", "results.csv", "summary.json", "model.json", "predictions.csv",
    ]

    /// The result files of the one bundle under `root`.
    static func results(_ directory: URL, root: String) throws -> [String: Data] {
        let parent = directory.appendingPathComponent(root).appendingPathComponent("closed")
        let hash = try #require(
            try FileManager.default.contentsOfDirectory(atPath: parent.path).first {
                !$0.hasPrefix(".") && $0 != "latest"
            })
        var files: [String: Data] = [:]
        for name in resultFiles {
            files[name] = try Data(contentsOf: parent.appendingPathComponent(hash).appendingPathComponent(name))
        }
        return files
    }

    @Test(
        "a closed pipe on standard output or error ends that output only: exit 0 and the same bundle",
        arguments: ["output", "error"])
    func closedPipe(_ stream: String) throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.experiment.write(
            to: directory.appendingPathComponent("closed.yaml"), atomically: true, encoding: .utf8)
        let reference = try HyperplanProcess.run(
            ["run", "closed.yaml", "--output", "reference", "--quiet"], in: directory)
        try #require(reference.status == 0, "\(reference.standardError)")

        let process = Process()
        process.executableURL = try HyperplanProcess.binary()
        // Events on standard output, one per trial; progress lines on standard error.
        process.arguments =
            ["run", "closed.yaml", "--output", "closed", "-j", "2"] + (stream == "output" ? ["--events", "jsonl"] : [])
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        if stream == "output" {
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = pipe
        }
        try process.run()
        // As `head -c 100` does: read the first bytes, then go away while the run still has more to say.
        let first = try pipe.fileHandleForReading.read(upToCount: 100) ?? Data()
        try pipe.fileHandleForReading.close()
        process.waitUntilExit()
        #expect(!first.isEmpty, "the run printed before the pipe was closed")
        #expect(process.terminationReason == .exit, "the run was killed by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 0)
        #expect(try Self.results(directory, root: "closed") == Self.results(directory, root: "reference"))
    }
}
