import Foundation

/// The operating system's reason for a failed file operation, in one phrase ("No space left on device"),
/// without Foundation's wrapping sentence ("The file “x” couldn’t be saved because …"), so that a message
/// reads as one sentence in Hyperplan's words with the path and the system's reason.
package enum SystemReason {
    /// The POSIX reason under a Foundation error; a Foundation file error without one in the same words
    /// (`No space left on device`); Hyperplan's own errors by their description. Never Foundation's sentence or
    /// an `NSError` dump.
    package static func of(_ error: any Error) -> String {
        if let reason = posixReason(error) { return reason }
        // Any NSError casts to CocoaError on Linux; only Foundation's own domain has its codes.
        if (error as NSError).domain == NSCocoaErrorDomain, let cocoa = error as? CocoaError {
            return reason(cocoa.code)
        }
        if !(type(of: error) is NSError.Type), let described = error as? any CustomStringConvertible {
            return described.description
        }
        let object = error as NSError
        return "an unexpected system error (\(object.domain) \(object.code))"
    }

    /// A Foundation file error's code in the words `strerror` uses for the same failure.
    private static func reason(_ code: CocoaError.Code) -> String {
        switch code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
        case .fileReadNoPermission, .fileWriteNoPermission: return String(cString: strerror(EACCES))
        case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
        case .fileWriteVolumeReadOnly: return String(cString: strerror(EROFS))
        case .fileWriteFileExists: return String(cString: strerror(EEXIST))
        case .fileReadTooLarge: return String(cString: strerror(EFBIG))
        case .fileReadCorruptFile: return "the file's contents are damaged"
        case .fileReadInapplicableStringEncoding, .fileReadUnknownStringEncoding,
            .fileWriteInapplicableStringEncoding:
            return "the file is not text in the expected encoding"
        case .fileLocking: return "the file is locked"
        default: return "the file operation failed (Foundation error \(code.rawValue))"
        }
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
