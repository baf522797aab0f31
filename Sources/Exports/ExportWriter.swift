package import Foundation
import HyperplanCore

/// Places an exported file on disk: through a temporary file in the destination's folder and a rename, so a
/// reader never sees half a file and a failed write leaves an earlier file as it was. A bundle is never written
/// to: a destination inside it is refused.
package enum ExportWriter {
    /// Writes `text` to `destination`, replacing a file already there.
    ///
    /// - Parameters:
    ///   - destination: the file to write.
    ///   - bundle: the bundle the text was exported from, which must not receive the file.
    /// - Throws: `ExportError` when the destination is inside the bundle, is a folder, its folder does not exist,
    ///   or the file cannot be written.
    package static func write(_ text: String, to destination: URL, bundle: URL) throws(ExportError) {
        let folder = destination.standardizedFileURL.deletingLastPathComponent()
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ExportError(
                .invalidDestination,
                "cannot write '\(destination.relativePath)': the folder "
                    + "'\(destination.deletingLastPathComponent().relativePath)' does not exist")
        }
        if manager.fileExists(atPath: destination.standardizedFileURL.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            throw ExportError(
                .invalidDestination, "cannot write '\(destination.relativePath)': it is a folder; give a file name")
        }
        if isInside(folder, bundle) {
            throw ExportError(
                .invalidDestination,
                "will not write '\(destination.relativePath)' inside the bundle it exports; choose a path "
                    + "outside '\(bundle.relativePath)'")
        }
        do {
            try AtomicWrite.write(Array(text.utf8), to: destination.standardizedFileURL)
        } catch {
            throw ExportError(.writeFailed, "cannot write '\(destination.relativePath)': \(error.reason)")
        }
    }

    /// Whether `folder` is `bundle` or lies under it, after symbolic links are resolved.
    static func isInside(_ folder: URL, _ bundle: URL) -> Bool {
        let inner = folder.standardizedFileURL.resolvingSymlinksInPath().path
        let outer = bundle.standardizedFileURL.resolvingSymlinksInPath().path
        return inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
    }
}
