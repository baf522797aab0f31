import Datasets
import Foundation
import HyperplanCore
import Learners

/// `hyperplan predict`: a bundle's refitted model applied to the rows of a CSV file.
public enum Prediction {
    /// What to predict and how to write it.
    public struct Request: Sendable {
        /// The bundle folder, and how to name it in messages.
        public var bundle: URL
        public var bundleDisplay: String
        /// The CSV file of rows to predict, as given.
        public var input: String
        /// Where the predictions go; `nil` for standard output. Never inside the bundle.
        public var output: String?
        /// Whether to add a probability column per class (classification only).
        public var probabilities: Bool
        public var unknownCategories: UnknownCategoryPolicy

        public init(
            bundle: URL, bundleDisplay: String, input: String, output: String?, probabilities: Bool,
            unknownCategories: UnknownCategoryPolicy
        ) {
            self.bundle = bundle
            self.bundleDisplay = bundleDisplay
            self.input = input
            self.output = output
            self.probabilities = probabilities
            self.unknownCategories = unknownCategories
        }
    }

    /// The predictions as CSV text, with the warnings and notes met on the way.
    public struct Outcome: Sendable {
        public var csv: [UInt8]
        public var rows: Int
        public var diagnostics: [PredictionDiagnostic]
    }

    /// Reads the bundle's model and the input rows and predicts; writes nothing.
    ///
    /// - Throws: `PredictionError`: cause `.bundle` for a bundle that cannot predict (see `SavedModel`), cause
    ///   `.input` for a usage error (`--proba` with a regression model, an output path inside the bundle) or
    ///   bad input (see `PredictionInput.read`).
    /// - Complexity: O(rows × columns) plus the model's own prediction cost.
    public static func run(_ request: Request) throws(PredictionError) -> Outcome {
        let saved = try SavedModel(bundle: request.bundle, display: request.bundleDisplay)
        if request.probabilities, saved.task != .classification {
            throw PredictionError(
                .input, "usage-proba-regression",
                "'--proba' needs a classifier, but the model is a regression of '\(saved.target)'")
        }
        if let output = request.output, isInside(URL(fileURLWithPath: output), bundle: request.bundle) {
            throw PredictionError(
                .input, "usage-output-in-bundle",
                "the output '\(output)' is inside the bundle; predict never writes into a bundle, choose another path")
        }
        let bytes = try InputFile.read(request.input)
        let input = try PredictionInput.read(
            bytes, file: request.input, preprocessing: saved.preprocessing, target: saved.target,
            unknownCategories: request.unknownCategories)
        let predictions = saved.model.predict(input.features)
        if request.probabilities, case .classes(_, nil) = predictions {
            throw PredictionError(
                .input, "usage-proba-unavailable",
                "'--proba' asks for probabilities, but '\(saved.file.type)' gives none")
        }
        let csv = PredictionTable.csv(
            predictions: predictions, classes: saved.classes, probabilities: request.probabilities)
        return Outcome(csv: csv, rows: input.features.rows, diagnostics: input.diagnostics)
    }

    /// Writes `bytes` to `path` as a whole: a temporary file in the same folder renamed into place, so a failed
    /// or interrupted write leaves no partial file.
    ///
    /// - Throws: `PredictionError` (cause `.input`) when the folder does not exist or cannot be written.
    public static func write(_ bytes: [UInt8], to path: String) throws(PredictionError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            throw PredictionError(
                .input, "output-unwritable", "cannot write the output '\(path)': \(error.localizedDescription)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw PredictionError(.input, "output-unwritable", "cannot write the output '\(path)': \(reason)")
        }
    }

    /// Whether `url` (a file to be written) lies inside the folder `bundle`, symbolic links resolved.
    static func isInside(_ url: URL, bundle: URL) -> Bool {
        let folder = bundle.resolvingSymlinksInPath().standardizedFileURL.path
        let parent = url.deletingLastPathComponent().resolvingSymlinksInPath().standardizedFileURL.path
        return parent == folder || parent.hasPrefix(folder + "/")
    }
}

/// Reads the input file in one piece, checking it is UTF-8 as the dataset loader does.
enum InputFile {
    static func read(_ path: String) throws(PredictionError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PredictionError(.input, "input-missing", "the input file '\(path)' does not exist")
        }
        guard !isDirectory.boolValue else {
            throw PredictionError(.input, "input-missing", "the input '\(path)' is a folder, not a CSV file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PredictionError(.input, "input-unreadable", "cannot read the input file '\(path)'")
        }
        defer { try? handle.close() }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw PredictionError(
                .input, "input-unreadable", "cannot read the input file '\(path)': \(error.localizedDescription)")
        }
        guard !bytes.isEmpty else {
            throw PredictionError(
                .input, "input-empty", "the input file is empty; it needs a header row and rows", file: path)
        }
        guard DatasetLoader.isValidUTF8(bytes) else {
            throw PredictionError(.input, "input-encoding", "the input file is not valid UTF-8", file: path)
        }
        return bytes
    }
}
