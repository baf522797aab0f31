package import Foundation
import HyperplanCore
import Synchronization

/// An exclusive lock on a bundle, held while a run writes it.
///
/// It is an `flock` on `BUNDLE/.lock`: the kernel releases it when the process ends, however it ends, so a
/// lock left by a killed run is taken over by the next one without any stale-lock guesswork. The file holds
/// the holder's process ID and command line, for the message another run shows and for `hyperplan status`.
package final class BundleLock: @unchecked Sendable {
    // Safe: the descriptor is released once, under `released`'s lock (by `release()` or `deinit`).
    private let descriptor: Int32
    private let released = Mutex(false)
    package let url: URL

    package static let fileName = ".lock"

    /// Takes the lock of the bundle at `directory`, or throws naming the process that holds it.
    ///
    /// - Throws: `BundleError` when another process holds the lock or the file cannot be opened.
    package init(directory: URL, command: [String]) throws(BundleError) {
        url = directory.appendingPathComponent(BundleLock.fileName)
        let fd = try BundleFile.open(url, flags: O_RDWR | O_CREAT, what: "the lock")
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = BundleLock.holder(of: directory).map { " by \($0)" } ?? " by another process"
            Foundation.close(fd)
            throw BundleError(
                "the bundle '\(directory.relativePath)' is being run\(holder); wait for it to finish or stop it")
        }
        descriptor = fd
        let info =
            JSONValue.object([
                "pid": .int(Int(getpid())), "command": .array(command.map(JSONValue.string)),
            ]).canonicalString() + "\n"
        _ = ftruncate(fd, 0)
        _ = info.withCString { pointer in pwrite(fd, pointer, strlen(pointer), 0) }
    }

    /// Empties the lock file and releases the lock; later calls do nothing. A run calls it when it finishes:
    /// `deinit` alone is not enough, because the process may exit before the session holding the lock is freed.
    package func release() {
        let first = released.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        Foundation.close(descriptor)
    }

    deinit { release() }

    /// "process 1234 (hyperplan run exp.yaml)" when a live process holds the lock of `directory`, else `nil`.
    package static func holder(of directory: URL) -> String? {
        let url = directory.appendingPathComponent(fileName)
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Foundation.close(fd) }
        // If we can take a shared lock, nobody holds the exclusive one.
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        guard let data = FileManager.default.contents(atPath: url.path),
            let info = try? JSONValue.parse(String(decoding: data, as: UTF8.self)), let pid = info["pid"]?.intValue
        else { return "another process" }
        let command = info["command"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " ") ?? ""
        return command.isEmpty ? "process \(pid)" : "process \(pid) (\(command))"
    }
}
