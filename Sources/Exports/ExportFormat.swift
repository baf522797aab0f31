import HyperplanCore
package import ResultBundle

/// A file format that `hyperplan export` can write a bundle in, for a tool users already have.
///
/// A format is one type in its own file plus a line in `ExportFormats.all`. It turns a bundle read through
/// `BundleSnapshot` into bytes and never touches the disk: `ExportWriter` places the file.
package protocol ExportFormat: Sendable {
    /// The name given to `--format` (`optuna-journal`).
    static var name: String { get }

    /// One phrase for `hyperplan export --help`.
    static var summary: String { get }

    /// The file name used when `--output` is not given, for the bundle's experiment (`NAME.optuna.jsonl`).
    static func defaultFileName(experiment name: String) -> String

    /// The exported file's contents and what a reader should know about them.
    ///
    /// The contents depend only on the bundle, so exporting the same bundle twice gives the same bytes.
    ///
    /// - Throws: `ExportError` when the bundle holds something the format cannot express.
    static func export(_ snapshot: BundleSnapshot) throws(ExportError) -> ExportedFile
}

/// What an `ExportFormat` produced: the file's text and notes for standard error.
package struct ExportedFile: Sendable, Hashable {
    /// The whole file, UTF-8.
    package var text: String
    /// What the file holds, in a few words for standard output ("7 trials: 5 complete, 1 pruned, 1 failed").
    package var summary: String
    /// Things the reader should know about the export (a partial bundle, a trial exported as failed), one
    /// sentence each.
    package var notes: [String]

    /// An export of `text` described by `summary`, with `notes` for standard error.
    package init(text: String, summary: String, notes: [String] = []) {
        self.text = text
        self.summary = summary
        self.notes = notes
    }
}
