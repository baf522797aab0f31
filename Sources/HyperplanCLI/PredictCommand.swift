import ArgumentParser
import Foundation
import HyperplanCore
import Inference
import ResultBundle

/// `hyperplan predict BUNDLE --input rows.csv`: the bundle's refitted model applied to new rows.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Apply a bundle's refitted best model, with its fitted preprocessing, to the rows of a CSV file.",
        discussion: """
            BUNDLE is a bundle folder (runs/NAME/HASH) or an experiment's folder (runs/NAME: its 'latest' \
            bundle, or its only one). Writes 'row,predicted' (and with --proba one 'probability_<class>' column \
            per class) to --output or standard output; 'row' is the 0-based data row of the input file. Columns \
            the model does not read are ignored, with a note.

            Exit status: 0 success, 1 the bundle cannot predict (no fitted model, a trial command, an older \
            format, a damaged model.json), 2 bad input or usage. On any error nothing is written.
            """)

    @Argument(help: "A bundle folder, or an experiment's folder under runs/.")
    var bundle: String

    @Option(help: "The CSV file of rows to predict (a header row, then one row per line).")
    var input: String

    @Option(help: "Where to write the predictions (default: standard output). Never inside the bundle.")
    var output: String?

    @Flag(help: "Add one probability column per class (classification only).")
    var proba = false

    @Option(
        help: ArgumentHelp(
            "What a category the model did not see in training gives: 'ignore' (all-zero one-hot columns and a "
                + "warning, as the run scored its own test rows) or 'error'.", valueName: "ignore|error"))
    var unknownCategories = UnknownCategoryPolicy.ignore.rawValue

    func run() async throws {
        guard let policy = UnknownCategoryPolicy(rawValue: unknownCategories) else {
            throw ValidationError("'--unknown-categories' must be 'ignore' or 'error', not '\(unknownCategories)'")
        }
        let colored = Terminal.standardError.usesColor
        // A path that names no single bundle: one sentence on standard error, exit status 2.
        let located = try BundleArgument.url(bundle)
        do throws(PredictionError) {
            let trimmed = bundle.hasSuffix("/") ? String(bundle.dropLast()) : bundle
            let display =
                located.standardizedFileURL == URL(fileURLWithPath: bundle).standardizedFileURL
                ? trimmed : "\(trimmed)/\(located.lastPathComponent)"
            let request = Prediction.Request(
                bundle: located, bundleDisplay: display, input: input, output: output, probabilities: proba,
                unknownCategories: policy)
            let outcome = try await Prediction.run(request)
            if let output {
                try Prediction.write(outcome.csv, to: output)
            } else {
                Terminal.standardOutput.write(bytes: outcome.csv)
            }
            for diagnostic in outcome.diagnostics {
                Terminal.standardError.write(diagnostic.rendered(colored: colored))
            }
        } catch {
            for diagnostic in error.diagnostics { Terminal.standardError.write(diagnostic.rendered(colored: colored)) }
            throw ExitStatus.Code(status: error.cause == .bundle ? ExitStatus.runFailed : ExitStatus.invalid)
        }
    }
}
