import Foundation

/// What a path names when it is not a regular file or a folder, so that a file Hyperplan reads whole (a dataset)
/// is refused in one sentence that says what it is, instead of an unrelated system reason ("Permission denied"
/// for a named pipe).
package enum FileKind {
    /// `a named pipe (FIFO)`, `a character device`, `a block device` or `a socket` for such a path (symbolic
    /// links followed); `nil` for a regular file, a folder, or a path that cannot be examined.
    package static func irregular(atPath path: String) -> String? {
        var information = stat()
        guard stat(path, &information) == 0, information.st_mode & S_IFMT != S_IFDIR else { return nil }
        return phrase(mode: information.st_mode)
    }

    /// What a file of `mode` (from `stat`) is, as `irregular` says it; `a folder` for a directory, `nil` for a
    /// regular file.
    package static func phrase(mode: UInt32) -> String? {
        switch mode & S_IFMT {
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a folder"
        case S_IFLNK: return "a symbolic link"
        default: return nil
        }
    }
}
