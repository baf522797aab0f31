import Foundation
package import ResultBundle

/// `--format optuna-journal`: the bundle as an Optuna `JournalStorage` file (`OptunaStudy`), which
/// `optuna.load_study`, `optuna.visualization` and `optuna-dashboard` open like a study Optuna ran itself.
package enum OptunaJournalExport: ExportFormat {
    package static let name = "optuna-journal"

    package static let summary = "an Optuna JournalStorage file of the study, as JSON lines"

    /// `NAME.optuna.jsonl`, with any `/` in the name replaced so that the file lands in the current folder.
    package static func defaultFileName(experiment name: String) -> String {
        name.replacingOccurrences(of: "/", with: "_") + ".optuna.jsonl"
    }

    /// The journal of the bundle's study.
    ///
    /// - Throws: `ExportError` when a trial records a parameter its search space cannot hold.
    package static func export(_ snapshot: BundleSnapshot) throws(ExportError) -> ExportedFile {
        let study = try OptunaStudy(snapshot: snapshot)
        return ExportedFile(text: study.journalText, summary: study.summary, notes: study.notes)
    }
}
