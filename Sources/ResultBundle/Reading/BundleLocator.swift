package import Foundation
import HyperplanCore

/// Finds bundles from what a user types: a bundle folder (`runs/NAME/HASH`), an experiment's folder
/// (`runs/NAME`, every bundle of the experiment, `latest` first), or a folder of experiments (`runs/`, a batch's
/// output). `runs/NAME/latest` is a symbolic link to the bundle the last run of the experiment wrote.
package enum BundleLocator {
    /// The link in an experiment's folder that points at its most recent bundle.
    package static let latestLinkName = "latest"

    /// The bundles of one experiment.
    package struct ExperimentBundles: Sendable {
        /// The experiment's folder (`runs/NAME`).
        package var directory: URL
        package var name: String
        /// Bundle folders: the one `latest` points at first, then the others newest first.
        package var bundles: [URL]
    }

    /// Whether `url` is a bundle folder: it has a journal or a summary.
    package static func isBundle(_ url: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: url.appendingPathComponent(Journal.fileName).path)
            || manager.fileExists(atPath: url.appendingPathComponent(BundleLayout.File.summary.rawValue).path)
    }

    /// The experiments and bundles under `path`.
    ///
    /// - Throws: `BundleError` when the path does not exist or holds no bundle.
    package static func locate(_ path: String) throws(BundleError) -> [ExperimentBundles] {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw BundleError("'\(path)' does not exist")
        }
        guard isDirectory.boolValue else {
            throw BundleError("'\(path)' is a file, not a bundle folder (runs/NAME/HASH) or an experiment's folder")
        }
        if isBundle(url) {
            let parent = url.deletingLastPathComponent()
            return [ExperimentBundles(directory: parent, name: parent.lastPathComponent, bundles: [url])]
        }
        if let experiment = experimentBundles(in: url) { return [experiment] }
        let experiments = subfolders(of: url).compactMap(experimentBundles(in:))
        guard !experiments.isEmpty else {
            throw BundleError(
                "'\(path)' holds no result bundle: give a bundle (runs/NAME/HASH), an experiment's folder "
                    + "(runs/NAME) or a folder of them (runs)")
        }
        return experiments
    }

    /// The bundles directly inside `directory`, or `nil` when it has none.
    static func experimentBundles(in directory: URL) -> ExperimentBundles? {
        let bundles = subfolders(of: directory).filter(isBundle)
        guard !bundles.isEmpty else { return nil }
        let latest = latestBundle(in: directory)
        let ordered = bundles.sorted { lhs, rhs in
            if lhs.lastPathComponent == latest?.lastPathComponent { return true }
            if rhs.lastPathComponent == latest?.lastPathComponent { return false }
            let (left, right) = (lastActivity(lhs), lastActivity(rhs))
            return left != right ? left > right : lhs.lastPathComponent < rhs.lastPathComponent
        }
        return ExperimentBundles(directory: directory, name: directory.lastPathComponent, bundles: ordered)
    }

    /// The bundle `latest` names, when the link exists and points at a bundle in the same folder.
    package static func latestBundle(in directory: URL) -> URL? {
        let link = directory.appendingPathComponent(latestLinkName)
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link.path),
            !target.contains("/"), isBundle(directory.appendingPathComponent(target))
        else { return nil }
        return directory.appendingPathComponent(target)
    }

    /// Points `latest` in the bundle's experiment folder at it. The link is made under a temporary name and
    /// renamed over the old one, so a reader never finds it missing.
    package static func markLatest(_ bundle: URL) {
        let directory = bundle.deletingLastPathComponent()
        let link = directory.appendingPathComponent(latestLinkName)
        let temporary = directory.appendingPathComponent(".\(latestLinkName).tmp-\(getpid())")
        try? FileManager.default.removeItem(at: temporary)
        guard symlink(bundle.lastPathComponent, temporary.path) == 0 else { return }
        if rename(temporary.path, link.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
    }

    /// Real subfolders, in name order: hidden entries and symbolic links (`latest`) are left out.
    static func subfolders(of directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { directory.appendingPathComponent($0) }.filter { url in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return false }
            return attributes[.type] as? FileAttributeType == .typeDirectory
        }
    }

    /// When the bundle last changed: its journal's modification time.
    package static func lastActivity(_ bundle: URL) -> Date {
        let journal = bundle.appendingPathComponent(Journal.fileName)
        let summary = bundle.appendingPathComponent(BundleLayout.File.summary.rawValue)
        for file in [journal, summary] {
            if let date = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date {
                return date
            }
        }
        return .distantPast
    }
}
