import Datasets
import HyperplanCore
import HyperplanTestSupport
import Learners

/// Feature matrices of the built-in datasets as the reference fixtures fed them to scikit-learn.
enum ReferenceFeatures {
    /// The rows of `dataset`, standardized with statistics fitted on `fitRows` when `standardize` is set
    /// (scikit-learn's StandardScaler: mean and population standard deviation, scale 1 for a constant column).
    static func matrix(
        _ dataset: SupervisedDataset, rows: [Int], standardize: Bool, fittedOn fitRows: [Int]
    ) throws -> Matrix {
        guard standardize else { return try ReferenceDatasets.numericFeatures(of: dataset, rows: rows) }
        let scaler = FittedPreprocessing.fit(PreprocessingPlan([.standardize]), on: dataset, rows: fitRows)
        return scaler.transform(dataset, rows: rows)
    }

    /// A fold's training and validation rows, standardized with statistics of the training rows only (as a
    /// scikit-learn pipeline with a StandardScaler re-fits it on each training fold).
    static func fold(_ dataset: SupervisedDataset, train: [Int], validation: [Int], standardize: Bool) throws
        -> (train: Matrix, validation: Matrix)
    {
        guard standardize else {
            return (
                try ReferenceDatasets.numericFeatures(of: dataset, rows: train),
                try ReferenceDatasets.numericFeatures(of: dataset, rows: validation)
            )
        }
        let scaler = FittedPreprocessing.fit(PreprocessingPlan([.standardize]), on: dataset, rows: train)
        return (scaler.transform(dataset, rows: train), scaler.transform(dataset, rows: validation))
    }

    /// Every row, standardized on every row when `standardize` is set.
    static func allRows(_ dataset: SupervisedDataset, standardize: Bool) throws -> Matrix {
        let rows = Array(0..<dataset.rowCount)
        return try matrix(dataset, rows: rows, standardize: standardize, fittedOn: rows)
    }
}

/// The largest absolute value, the scale against which a vector's near-zero entries are judged.
func maxMagnitude(_ values: [Double]) -> Double { values.reduce(0) { max($0, abs($1)) } }

extension FitContext {
    /// The context of every reference fit; the learners under test draw no randomness from it.
    static var reference: FitContext { FitContext(seed: 0, key: "fit") }
}
