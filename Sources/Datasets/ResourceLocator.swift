import Foundation

/// Finds the directory holding the built-in datasets without ever trapping.
///
/// SwiftPM's generated `Bundle.module` calls `fatalError` when the resource bundle is missing (a binary
/// copied away from its build folder). Hyperplan looks in the same places itself and reports a clear
/// error instead: next to the executable (an installed or built binary, or the test runner), then the
/// source tree the binary was built from.
enum ResourceLocator {
    static let environmentOverride = "HYPERPLAN_RESOURCES"

    static func builtinDirectory() -> URL? {
        candidates().first { directory in
            FileManager.default.fileExists(atPath: directory.appendingPathComponent("iris.csv").path)
        }
    }

    static func candidates() -> [URL] {
        var result: [URL] = []
        if let override = ProcessInfo.processInfo.environment[environmentOverride], !override.isEmpty {
            result.append(URL(fileURLWithPath: override))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var directories = [executable.deletingLastPathComponent()]
        if let selfExe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(URL(fileURLWithPath: selfExe).deletingLastPathComponent())
        }
        for directory in directories {
            for bundleName in ["hyperplan_Datasets.resources", "hyperplan_Datasets.bundle"] {
                let bundle = directory.appendingPathComponent(bundleName)
                result.append(bundle.appendingPathComponent("Resources"))
                result.append(bundle)
            }
        }
        // The source tree this file was compiled from (a development checkout).
        result.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources"))
        return result
    }
}
