import Foundation

/// Finds the bundle a command names: a bundle folder (`runs/NAME/HASH`), or an experiment's folder
/// (`runs/NAME`) whose `latest` link, or only bundle, is meant.
public enum BundleLocator {
    /// The link in an experiment's folder to its most recent bundle.
    public static let latestLink = "latest"

    /// Why a path names no single bundle.
    public struct LocateError: Error, Sendable, CustomStringConvertible {
        public enum Kind: Sendable, Hashable {
            /// Nothing exists at the path.
            case missing
            /// The path exists but neither is a bundle nor holds one.
            case notABundle
            /// An experiment's folder with several bundles and no `latest` link.
            case ambiguous
        }

        public var kind: Kind
        public var message: String
        /// The bundles to choose from (`ambiguous`).
        public var candidates: [String]

        public var description: String { message }
    }

    /// Whether `folder` is a bundle: it has a journal or a summary.
    public static func isBundle(_ folder: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: folder.appendingPathComponent(Journal.fileName).path)
            || manager.fileExists(atPath: folder.appendingPathComponent(BundleLayout.File.summary.rawValue).path)
    }

    /// The bundle `path` names: the folder itself when it is a bundle, else its `latest` link when that points
    /// at a bundle, else its only bundle.
    ///
    /// - Throws: `LocateError` when nothing exists there, the folder holds no bundle, or it holds several and
    ///   no `latest` link (the message lists them).
    public static func locate(_ path: String) throws(LocateError) -> URL {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw LocateError(kind: .missing, message: "'\(path)' does not exist", candidates: [])
        }
        guard isDirectory.boolValue else {
            throw LocateError(
                kind: .notABundle,
                message: "'\(path)' is a file, not a bundle; give a bundle folder (runs/NAME/HASH) or an "
                    + "experiment's folder (runs/NAME)", candidates: [])
        }
        if isBundle(url) { return url }
        let latest = url.appendingPathComponent(latestLink)
        if isBundle(latest) { return latest.resolvingSymlinksInPath() }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        let bundles = names.filter { !$0.hasPrefix(".") && $0 != latestLink }.sorted()
            .filter { isBundle(url.appendingPathComponent($0)) }
        switch bundles.count {
        case 1:
            return url.appendingPathComponent(bundles[0])
        case 0:
            throw LocateError(
                kind: .notABundle,
                message: "'\(path)' is not a bundle (it has no \(Journal.fileName)) and holds none; give a bundle "
                    + "folder (runs/NAME/HASH) or an experiment's folder (runs/NAME)", candidates: [])
        default:
            let shown = bundles.map { (path.hasSuffix("/") ? path : path + "/") + $0 }
            throw LocateError(
                kind: .ambiguous,
                message: "'\(path)' holds \(bundles.count) bundles and no '\(latestLink)' link; name one of them",
                candidates: shown)
        }
    }
}
