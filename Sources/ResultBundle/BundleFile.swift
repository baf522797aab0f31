package import Foundation
import HyperplanCore

/// Opening a bundle's own files without following symbolic links.
///
/// A bundle's files are Hyperplan's: a `journal.jsonl` or `.lock` that is a link was put there by someone
/// else, and following it would read, overwrite or truncate a file outside the bundle. Opening with
/// `O_NOFOLLOW` refuses the link itself (`ELOOP`); `fstat` of the opened descriptor refuses anything that is
/// not a regular file (without blocking on a named pipe). Written with POSIX calls because Foundation's file APIs follow links and cannot say so.
package enum BundleFile {
    /// Opens `url` with `flags` (`O_NOFOLLOW` and `O_CLOEXEC` added) and checks that it is a regular file.
    ///
    /// - Parameter what: the file's role in messages ("the journal").
    /// - Throws: `BundleError` naming the path, what was being done and the system's reason.
    package static func open(_ url: URL, flags: Int32, mode: mode_t = 0o644, what: String) throws(BundleError) -> Int32
    {
        // O_NONBLOCK so that a named pipe in the bundle's place cannot block the open; it is refused below.
        let fd = Foundation.open(url.path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode)
        guard fd >= 0 else {
            if errno == ELOOP {
                throw BundleError(
                    "\(what) '\(url.path)' is a symbolic link; Hyperplan does not follow links inside a bundle "
                        + "(remove the link to go on)")
            }
            throw BundleError("cannot open \(what) '\(url.path)': \(SystemReason.current)")
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let reason = SystemReason.current
            Foundation.close(fd)
            throw BundleError("cannot open \(what) '\(url.path)': \(reason)")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            Foundation.close(fd)
            let kind = FileKind.phrase(mode: status.st_mode) ?? "not a regular file"
            throw BundleError("\(what) '\(url.path)' is \(kind), not a regular file")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// The whole of `url`, read without following a link.
    ///
    /// - Throws: `BundleError` when it cannot be opened or read.
    package static func read(_ url: URL, what: String) throws(BundleError) -> Data {
        let fd = try open(url, flags: O_RDONLY, what: what)
        defer { Foundation.close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw BundleError("cannot read \(what) '\(url.path)': \(SystemReason.current)")
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
        }
    }
}
