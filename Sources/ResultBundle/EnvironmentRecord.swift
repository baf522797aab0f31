import Foundation
package import HyperplanCore

/// What produced a bundle: tool and Swift versions, the OS, the dataset's hash and the experiment file's
/// git state. Deterministic for a given machine and checkout (no timestamps, no host names).
package struct EnvironmentRecord: Sendable {
    package var toolVersion: String
    package var swiftVersion: String
    package var operatingSystem: String
    package var architecture: String
    /// The SHA-256 of the data, `nil` for a trial command without a dataset.
    package var datasetSHA256: ContentHash?
    package var experimentFile: String
    package var gitCommit: String?
    /// Whether the experiment file differs from the commit (or is untracked); `nil` outside a git checkout.
    package var gitDirty: Bool?

    package var json: JSONValue {
        .object([
            "hyperplan_version": .string(toolVersion),
            "swift_version": .string(swiftVersion),
            "os": .string(operatingSystem),
            "architecture": .string(architecture),
            "dataset_sha256": datasetSHA256.map { .string($0.hex) } ?? .null,
            "experiment_file": .string(experimentFile),
            "git": .object([
                "commit": gitCommit.map(JSONValue.string) ?? .null,
                "dirty": gitDirty.map(JSONValue.bool) ?? .null,
            ]),
        ])
    }

    /// Records the current environment for an experiment file at `path`.
    package static func current(experimentPath: String, datasetSHA256: ContentHash?) -> EnvironmentRecord {
        let url = URL(fileURLWithPath: experimentPath).standardizedFileURL
        let directory = url.deletingLastPathComponent().path
        let commit = Git.run(["-C", directory, "rev-parse", "HEAD"])?.trimmingCharacters(in: .whitespacesAndNewlines)
        var dirty: Bool?
        if commit != nil, let status = Git.run(["-C", directory, "status", "--porcelain", "--", url.lastPathComponent])
        {
            dirty = !status.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        return EnvironmentRecord(
            toolVersion: HyperplanVersion.current, swiftVersion: compilerVersion,
            operatingSystem: operatingSystemName(),
            architecture: architectureName, datasetSHA256: datasetSHA256, experimentFile: experimentPath,
            gitCommit: commit.flatMap { $0.isEmpty ? nil : $0 }, gitDirty: dirty)
    }

    private static func operatingSystemName() -> String {
        var info = utsname()
        guard uname(&info) == 0 else { return "unknown" }
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { bytes in String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(field(info.sysname)) \(field(info.release))"
    }

    private static var architectureName: String {
        #if arch(x86_64)
            return "x86_64"
        #elseif arch(arm64)
            return "arm64"
        #else
            return "other"
        #endif
    }

    private static var compilerVersion: String {
        #if compiler(>=6.5)
            return "6.5 or later"
        #elseif compiler(>=6.4)
            return "6.4"
        #elseif compiler(>=6.3)
            return "6.3"
        #elseif compiler(>=6.2)
            return "6.2"
        #elseif compiler(>=6.1)
            return "6.1"
        #else
            return "6.0"
        #endif
    }
}
