/// The registry of export formats: `hyperplan export --format NAME` looks the name up here.
///
/// Adding a format is one file with a type conforming to `ExportFormat` and one entry in `all`.
package enum ExportFormats {
    /// Every format, in the order `--help` lists them.
    package static let all: [any ExportFormat.Type] = [
        OptunaJournalExport.self
    ]

    /// The names accepted by `--format`.
    package static var names: [String] { all.map { $0.name } }

    /// The format called `name`, or `nil` when there is none.
    package static func named(_ name: String) -> (any ExportFormat.Type)? {
        all.first { $0.name == name }
    }
}
