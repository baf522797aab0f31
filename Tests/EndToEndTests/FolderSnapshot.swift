import Foundation

/// The files of a folder, read into memory, to be written out again elsewhere: symbolic links stay links (with
/// the same, relative, target) and empty files stay empty, so a copied bundle is the bundle.
struct FolderSnapshot: Sendable {
    enum Entry: Sendable {
        case file(Data)
        case link(target: String)
        case folder
    }

    /// Every entry by its path relative to the folder.
    var entries: [String: Entry] = [:]

    init(_ folder: URL) throws {
        let manager = FileManager.default
        guard let paths = manager.subpaths(atPath: folder.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: folder.path])
        }
        for path in paths {
            let full = folder.appendingPathComponent(path).path
            let type = try manager.attributesOfItem(atPath: full)[.type] as? FileAttributeType
            switch type {
            case .typeSymbolicLink?: entries[path] = .link(target: try manager.destinationOfSymbolicLink(atPath: full))
            case .typeDirectory?: entries[path] = .folder
            default: entries[path] = .file(try Data(contentsOf: URL(fileURLWithPath: full)))
            }
        }
    }

    /// Writes the entries under `folder`, which must not exist yet.
    func write(to folder: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: folder, withIntermediateDirectories: false)
        // Parents sort before their contents.
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let url = folder.appendingPathComponent(path)
            switch entry {
            case .folder: try manager.createDirectory(at: url, withIntermediateDirectories: true)
            case .file(let data): try data.write(to: url)
            case .link(let target): try manager.createSymbolicLink(atPath: url.path, withDestinationPath: target)
            }
        }
    }
}
