package import Foundation

/// Writes a file so that a reader never sees half of it and a crash or power loss never loses it: the bytes go
/// to a temporary file in the same folder (`.NAME.tmp-PID`), which is flushed with `fsync`, renamed over the
/// destination, and the folder flushed so the rename itself is durable.
///
/// On every failure path the temporary file is removed, so a full disk or an over-size file leaves nothing
/// behind. Written with POSIX calls because Foundation's atomic write neither flushes the folder nor reports
/// the system's reason, and follows a link at the temporary path.
package enum AtomicWrite {
    /// A write that failed: the destination, and the system's reason in its words.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        package var path: String
        package var reason: String
        package var description: String { "cannot write '\(path)': \(reason)" }
    }

    /// The prefix of the temporary files this writes in a folder, for cleaning up after a dead process.
    package static let temporaryMarker = ".tmp-"

    /// Writes `bytes` to `url` atomically and durably.
    ///
    /// - Throws: `Failure` naming `url` and the system's reason; the destination is then as it was.
    package static func write(_ bytes: some Collection<UInt8>, to url: URL) throws(Failure) {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent)\(temporaryMarker)\(getpid())")
        func fail(_ reason: String) -> Failure {
            unlink(temporary.path)
            return Failure(path: url.path, reason: reason)
        }
        // A leftover of a dead process with the same ID would make O_EXCL fail; it is garbage either way.
        unlink(temporary.path)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: url.path, reason: SystemReason.current) }
        // Arrays and Data are written from their own storage; only other collections are copied first.
        let wrote =
            bytes.withContiguousStorageIfAvailable { writeAll(UnsafeRawBufferPointer($0), to: fd) }
            ?? Array(bytes).withUnsafeBytes { writeAll($0, to: fd) }
        guard wrote else {
            let reason = SystemReason.current
            close(fd)
            throw fail(reason)
        }
        guard fsync(fd) == 0 else {
            let reason = SystemReason.current
            close(fd)
            throw fail(reason)
        }
        guard close(fd) == 0 else { throw fail(SystemReason.current) }
        guard rename(temporary.path, url.path) == 0 else { throw fail(SystemReason.current) }
        syncDirectory(of: url)
    }

    /// Writes all of `buffer`, retrying short writes and interruptions; `false` with `errno` set on failure.
    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        var written = 0
        while written < buffer.count {
            let count = Foundation.write(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += count
        }
        return true
    }

    /// Makes the directory entries of `url`'s folder durable (a rename or a new file in it).
    package static func syncDirectory(of url: URL) {
        let fd = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Removes the temporary files a dead writer left in `folder` (`.NAME.tmp-PID`). Call it only while
    /// holding whatever keeps other processes from writing there (a bundle's lock).
    ///
    /// - Returns: the names removed.
    @discardableResult
    package static func removeLeftovers(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            guard name.hasPrefix("."), let marker = name.range(of: temporaryMarker, options: .backwards),
                !name[marker.upperBound...].isEmpty, name[marker.upperBound...].allSatisfy(\.isNumber)
            else { return false }
            return unlink(folder.appendingPathComponent(name).path) == 0
        }
    }
}
