/// One searched hyperparameter as fANOVA sees it: its name and the box it was searched in.
package struct ImportanceDimension: Sendable, Hashable {
    /// The values a hyperparameter was searched over.
    package enum Kind: Sendable, Hashable {
        /// A real number in [low, high].
        ///
        /// `log` does not change the result: as Optuna's `FanovaImportanceEvaluator` (which transforms its
        /// search space with `transform_log=False`), the forest is fitted on the values themselves and the
        /// variance is measured over [low, high] in the parameter's own scale. A log-scale parameter therefore
        /// counts mostly for its top decade, which holds most of the range.
        case numeric(low: Double, high: Double, log: Bool)
        /// An integer in [low, high], taken as a real number in [low, high] (Optuna adds no half step here).
        /// `log` does not change the result, as for `numeric`.
        case integer(low: Int, high: Int, log: Bool)
        /// One of `count` choices, given by its index; one-hot encoded into `count` columns in [0, 1], which
        /// count as one hyperparameter for importance (Optuna's `column_to_encoded_columns`).
        case categorical(count: Int)
    }

    /// The hyperparameter's name (only carried along; importances are returned in dimension order).
    package var name: String
    package var kind: Kind

    /// A dimension named `name` searched over `kind`.
    package init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The number of encoded columns: one per choice of a categorical, one otherwise.
    var columnCount: Int {
        if case .categorical(let count) = kind { return max(count, 0) }
        return 1
    }

    /// Whether the dimension admits a single value only. Optuna leaves such parameters out of the forest and
    /// gives them importance 0.
    var isSingleValued: Bool {
        switch kind {
        case .numeric(let low, let high, _): return low == high
        case .integer(let low, let high, _): return low == high
        case .categorical(let count): return count <= 1
        }
    }

    /// The interval each encoded column is measured over.
    var columnBounds: [ClosedRange<Double>] {
        switch kind {
        case .numeric(let low, let high, _): return [low...high]
        case .integer(let low, let high, _): return [Double(low)...Double(high)]
        case .categorical(let count): return Array(repeating: 0...1, count: max(count, 0))
        }
    }

    /// Why the dimension's description cannot be used, if it cannot.
    var problem: String? {
        switch kind {
        case .numeric(let low, let high, _):
            guard low.isFinite, high.isFinite else { return "its bounds are not finite" }
            return low <= high ? nil : "its lower bound exceeds its upper bound"
        case .integer(let low, let high, _):
            return low <= high ? nil : "its lower bound exceeds its upper bound"
        case .categorical(let count):
            return count >= 1 ? nil : "it has no choices"
        }
    }

    /// Writes `value`'s encoded columns to `columns` (`columnCount` of them), or returns `false` when the
    /// value lies outside the dimension (a non-finite number, a number outside [low, high], a category index
    /// that is not a whole number in 0..<count).
    func encode(_ value: Double, into columns: UnsafeMutablePointer<Double>) -> Bool {
        switch kind {
        case .numeric(let low, let high, _):
            guard value >= low, value <= high else { return false }
            columns[0] = value
        case .integer(let low, let high, _):
            guard value >= Double(low), value <= Double(high) else { return false }
            columns[0] = value
        case .categorical(let count):
            guard value >= 0, value < Double(count), value.rounded(.down) == value else { return false }
            for column in 0..<count { columns[column] = 0 }
            columns[Int(value)] = 1
        }
        return true
    }
}
