import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

/// A run on a full disk, for real: a 48 KiB tmpfs, which fills while the bundle is written. Mounting needs
/// root; elsewhere the suite is skipped with that reason.
@Suite("Full disk", .serialized, .tags(.slow), .enabled(if: SmallDisk.canMount, "mounting a tmpfs needs root"))
struct FullDiskTests {
    @Test("a full disk is one sentence with the path and the system's reason; no temporary file is left")
    func fullDisk() throws {
        let disk = try SmallDisk(kilobytes: 48)
        defer { disk.unmount() }
        try FileManager.default.copyItem(
            atPath: HyperplanProcess.example("quickstart.yaml"),
            toPath: disk.directory.appendingPathComponent("quickstart.yaml").path)
        let result = try HyperplanProcess.run(["run", "quickstart.yaml", "--quiet"], in: disk.directory)
        #expect(result.status == 1)
        #expect(result.standardError.contains(": No space left on device"), "\(result.standardError)")
        #expect(result.standardError.contains("cannot write '"), "\(result.standardError)")
        #expect(!result.standardError.contains("NSCocoaErrorDomain") && !result.standardError.contains("Error Domain"))
        let leftovers =
            FileManager.default.enumerator(atPath: disk.directory.path)?.allObjects
            .compactMap { $0 as? String }.filter { $0.contains(".tmp-") } ?? []
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }
}

/// A tmpfs of a few kilobytes, mounted on a new temporary folder.
struct SmallDisk {
    let directory: URL

    static let canMount: Bool = {
        guard getuid() == 0, let disk = try? SmallDisk(kilobytes: 16) else { return false }
        disk.unmount()
        return true
    }()

    init(kilobytes: Int) throws {
        directory = try HyperplanProcess.temporaryDirectory()
        let status = Self.command("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", directory.path])
        guard status == 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw MountFailed(status: status)
        }
    }

    func unmount() {
        _ = Self.command("/bin/umount", [directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    struct MountFailed: Error { var status: Int32 }

    private static func command(_ path: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
