import ArgumentParser
import Foundation
import HyperplanCore
import ResultBundle

/// `hyperplan status BUNDLE`: the state of a bundle, whether a run is writing it or not.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the state of a result bundle: progress, best so far, last activity, whether it is running.",
        discussion:
            "BUNDLE is a bundle folder (runs/NAME/HASH) or an experiment's folder (runs/NAME), whose bundles are all shown."
    )

    @Argument(help: "A bundle folder, or an experiment's folder under runs/.")
    var bundles: [String]

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        var found = false
        for path in bundles {
            let url = URL(fileURLWithPath: path)
            let candidates: [URL]
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(Journal.fileName).path) {
                candidates = [url]
            } else {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
                candidates = names.sorted().map { url.appendingPathComponent($0) }.filter {
                    FileManager.default.fileExists(atPath: $0.appendingPathComponent(Journal.fileName).path)
                }
            }
            if candidates.isEmpty {
                Terminal.standardError.write("\(path): error: not a bundle (no \(Journal.fileName))\n")
                continue
            }
            for bundle in candidates {
                found = true
                do {
                    let status = try BundleStatus(directory: bundle)
                    Terminal.standardOutput.write(json ? status.json.prettyString() : status.text)
                } catch {
                    Terminal.standardError.write("\(bundle.relativePath): error: \(error.message)\n")
                }
            }
        }
        if !found { throw ExitStatus.Code(status: ExitStatus.invalid) }
    }
}
