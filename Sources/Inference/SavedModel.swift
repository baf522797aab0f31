package import Datasets
package import Foundation
package import HyperplanCore
package import Learners

/// A bundle's refitted model read back with its whole pipeline: the preprocessing, the learner's fitted model
/// (rebuilt by `LearnerRegistry.rebuild`, so it predicts with the code that fitted it) and the class labels.
package struct SavedModel: Sendable {
    package var file: ModelFile
    package var preprocessing: StoredPreprocessing
    package var model: any FittedModel
    package var task: TaskKind
    /// Class labels in index order; empty for regression.
    package var classes: [String]
    package var target: String

    /// Reads `model.json` of the bundle at `bundle` (named `display` in messages).
    ///
    /// - Throws: `PredictionError` (cause `.bundle`) when the bundle has no model file yet, the file is not
    ///   JSON, is of another format, holds no fitted model or a trial command's, or is damaged (naming the key).
    package init(bundle: URL, display: String) throws(PredictionError) {
        let path = display.hasSuffix("/") ? display + ModelFile.fileName : "\(display)/\(ModelFile.fileName)"
        let url = bundle.appendingPathComponent(ModelFile.fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PredictionError(
                .bundle, "model-missing",
                "the bundle has no \(ModelFile.fileName): its run has not finished (see 'hyperplan status \(display)')",
                file: display)
        }
        let json: JSONValue
        do throws(JSONValue.ParseError) {
            json = try JSONValue.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw PredictionError(
                .bundle, "model-not-json", "the model file is not valid JSON: \(error.message)",
                at: SourceLocation(file: path, line: error.line, column: error.column))
        }
        guard let format = ModelFile.format(of: json) else {
            throw Self.damaged(path, JSONFieldError(path: "format", message: "must be an integer"))
        }
        guard format == ModelFile.currentFormat else {
            let older = format < ModelFile.currentFormat
            throw PredictionError(
                .bundle, "model-format",
                "the model file is format \(format), written by \(older ? "an older" : "a newer") hyperplan; "
                    + "this one reads format \(ModelFile.currentFormat)", file: path,
                notes: [
                    older
                        ? "run the experiment again ('hyperplan run FILE'): the rerun restores the trials from the "
                            + "journal, refits only the best model and rewrites the file"
                        : "use the hyperplan that wrote it, or a newer one"
                ])
        }
        let file: ModelFile
        do throws(JSONFieldError) { file = try ModelFile(json: json) } catch { throw Self.damaged(path, error) }
        guard file.fitted else {
            throw PredictionError(
                .bundle, "model-not-fitted",
                "the bundle has no fitted model (\"fitted\": false): every trial failed, the run was stopped "
                    + "before the refit, or the experiment has no dataset", file: path,
                notes: ["'hyperplan status \(display)' tells how the run ended"])
        }
        guard file.type != ModelFile.commandType else {
            throw CommandModelMessage.error(file: file, bundle: bundle, path: path)
        }
        guard let task = file.task, let target = file.target, let preprocessing = file.preprocessing else {
            throw Self.damaged(path, JSONFieldError(path: "preprocessing", message: "is missing"))
        }
        let classes = file.classes ?? []
        let stored = StoredParameters(
            field: JSONField(file.parameters, path: "parameters"), task: task, classCount: classes.count,
            featureCount: preprocessing.outputWidth)
        do throws(JSONFieldError) {
            model = try LearnerRegistry.rebuild(type: file.type, parameters: stored)
        } catch {
            throw Self.damaged(path, error)
        }
        self.file = file
        self.preprocessing = preprocessing
        self.task = task
        self.classes = classes
        self.target = target
    }

    static func damaged(_ path: String, _ error: JSONFieldError) -> PredictionError {
        PredictionError(.bundle, "model-damaged", "the model file is damaged: \(error.description)", file: path)
    }
}
