package import HyperplanCore

/// Fitted preprocessing that stands on its own: input columns and categories by name, not by the codes of
/// one loaded table, so it applies to the rows of any file. It is `model.json`'s `preprocessing` section and
/// what `hyperplan predict` applies to new rows.
///
/// `FittedPreprocessing` numbers categories by their position in the table it was fitted on; a new file has
/// other positions (or other categories), so the saved form names them. Written and read back through
/// `CanonicalCoding` (`StoredPreprocessing+Codable.swift`), so the two cannot drift.
package struct StoredPreprocessing: Sendable, Hashable {
    /// What happens to one input column.
    package enum Column: Sendable, Hashable {
        /// A numeric column: a missing value becomes `fill` (`nil`: the experiment had no imputation, so a
        /// missing value cannot be filled), then `(x − center) / scale`.
        case numeric(name: String, fill: Double?, center: Double, scale: Double)
        /// A categorical column expanded to one 0/1 column per category in `categories` (in output order); a
        /// missing value becomes `fill` (`nil`: no imputation). A category not among them gives all zeros.
        case oneHot(name: String, categories: [String], fill: String?)

        /// The input column's name.
        package var name: String {
            switch self {
            case .numeric(let name, _, _, _), .oneHot(let name, _, _): return name
            }
        }

        /// How many output columns it gives.
        package var width: Int {
            switch self {
            case .numeric: return 1
            case .oneHot(_, let categories, _): return categories.count
            }
        }
    }

    /// The preprocessing steps the experiment asked for (`dataset.preprocess`).
    package var plan: PreprocessingPlan
    /// One entry per input column, in the order the model's features are laid out.
    package var columns: [Column]

    package init(plan: PreprocessingPlan, columns: [Column]) {
        self.plan = plan
        self.columns = columns
    }

    /// Names the codes of `fitted`, which was fitted on `dataset` with `plan`.
    package init(_ fitted: FittedPreprocessing, dataset: SupervisedDataset, plan: PreprocessingPlan) {
        let imputes = plan.imputeStrategy != nil
        var columns: [Column] = []
        for (column, transform) in zip(dataset.featureColumns, fitted.transforms) {
            switch (column.values, transform) {
            case (_, .numeric(let fill, let center, let scale)):
                columns.append(.numeric(name: column.name, fill: imputes ? fill : nil, center: center, scale: scale))
            case (.categorical(_, let categories), .oneHot(let fill, let seen)):
                let name: (Int32) -> String? = { code in
                    code >= 0 && Int(code) < categories.count ? categories[Int(code)] : nil
                }
                columns.append(
                    .oneHot(name: column.name, categories: seen.compactMap(name), fill: imputes ? name(fill) : nil))
            case (.numeric, .oneHot):
                // Not produced by `FittedPreprocessing.fit`; kept visible rather than dropped.
                columns.append(.oneHot(name: column.name, categories: [], fill: nil))
            }
        }
        self.init(plan: plan, columns: columns)
    }

    /// The output columns' names: numeric columns keep their name, one-hot columns are `column=category`
    /// (as `FittedPreprocessing.featureNames`).
    package var featureNames: [String] {
        columns.flatMap { column -> [String] in
            switch column {
            case .numeric(let name, _, _, _): return [name]
            case .oneHot(let name, let categories, _): return categories.map { "\(name)=\($0)" }
            }
        }
    }

    /// The number of output columns.
    package var outputWidth: Int { columns.reduce(0) { $0 + $1.width } }

    /// The value a numeric column gives for `raw` (already filled when it was missing).
    ///
    /// The one formula both the run's `FittedPreprocessing.transform` and `hyperplan predict` use, so that a
    /// row gives the same bits in both.
    @inlinable
    package static func scaled(_ raw: Double, center: Double, scale: Double) -> Double {
        (raw - center) / scale
    }

    /// `{"steps": [...], "columns": [...]}`: the plan, then per input column `column`, `kind` (`numeric` or
    /// `one_hot`), and `fill`, `center`, `scale` or `categories`, `fill` (`null` without imputation).
    package var json: JSONValue { canonicalJSON }

    /// Reads the form `json` writes, at `field`'s key path.
    ///
    /// - Throws: `JSONFieldError` naming the first key that is missing or holds the wrong kind of value, a
    ///   scale of 0, a one-hot fill that is not one of its categories, or a column named twice.
    package init(json field: JSONField) throws(JSONFieldError) {
        do {
            self = try CanonicalCoding.decode(StoredPreprocessing.self, from: field.value)
        } catch {
            throw JSONFieldError(error, under: field.path)
        }
    }
}
