import Foundation
import HyperplanCore
import Testing

/// `AtomicWrite` with real files: the destination replaced whole, no temporary file left when a write fails,
/// and a dead writer's leftovers recognised and removed.
@Suite("Atomic writes")
struct AtomicWriteTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hyperplan-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a write replaces the destination whole and leaves only it")
    func replaces() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("summary.json")
        try Data("old, longer contents\n".utf8).write(to: file)
        try AtomicWrite.write(Array("new\n".utf8), to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["summary.json"])
    }

    @Test("a failed rename says why in the system's words and leaves no temporary file")
    func failureCleansUp() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A non-empty folder in the destination's place: the rename fails after the bytes were written.
        let blocked = folder.appendingPathComponent("results.csv")
        try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: false)
        try Data().write(to: blocked.appendingPathComponent("inside"))
        #expect {
            try AtomicWrite.write(Array("a,b\n".utf8), to: blocked)
        } throws: { error in
            let failure = error as? AtomicWrite.Failure
            return failure?.path == blocked.path && failure?.reason == "Is a directory"
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["results.csv"])
    }

    @Test("a missing folder is a failure naming the destination, not a crash")
    func missingFolder() {
        let file = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/plan.json")
        #expect {
            try AtomicWrite.write(Array("{}".utf8), to: file)
        } throws: { error in
            (error as? AtomicWrite.Failure)?.description == "cannot write '\(file.path)': No such file or directory"
        }
    }

    @Test("leftovers of a dead writer are removed; other files, even similar names, are kept")
    func leftovers() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = [".plan.json.tmp-4242", ".summary.json.tmp-17", "plan.json.tmp-1", ".notes.tmp-x", "plan.json"]
        for name in names { try Data().write(to: folder.appendingPathComponent(name)) }
        let removed = AtomicWrite.removeLeftovers(in: folder)
        #expect(Set(removed) == [".plan.json.tmp-4242", ".summary.json.tmp-17"])
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
                == ["plan.json.tmp-1", ".notes.tmp-x", "plan.json"])
    }
}
