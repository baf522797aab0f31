import Foundation

/// The operating system's reason for a failed file operation, in one phrase ("No space left on device"),
/// without Foundation's wrapping sentence ("The file “x” couldn’t be saved because …"), so that a message
/// reads as one sentence in Hyperplan's words with the path and the system's reason.
package enum SystemReason {
    /// The POSIX reason under a Foundation error, or the error's own description when there is none.
    package static func of(_ error: any Error) -> String {
        posixReason(error) ?? (error as NSError).localizedDescription
    }

    /// The reason when `error` is a POSIX error or wraps one (on Linux the wrapped error is a Swift
    /// `POSIXError` value, which a cast to `NSError` from `Any` does not find).
    private static func posixReason(_ error: any Error, depth: Int = 0) -> String? {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        let object = error as NSError
        if object.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(object.code))) }
        guard depth < 4, let underlying = object.userInfo[NSUnderlyingErrorKey] as? any Error else { return nil }
        return posixReason(underlying, depth: depth + 1)
    }

    /// The reason for the last failed system call (`errno`).
    package static var current: String { String(cString: strerror(errno)) }
}
