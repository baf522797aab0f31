package import HyperplanCore

extension FittedNeighborsModel: RebuildableModel {
    /// Rebuilds the model from its training rows and targets, `n_neighbors`, `weights` and `metric` (with `p`
    /// for `minkowski`), and builds the same search index `fit` builds, so neighbours and ties come out the same.
    ///
    /// - Throws: `JSONFieldError` for a missing key, a training row of the wrong width, a target out of range,
    ///   or `n_neighbors` larger than the training set.
    /// - Complexity: O(training rows × features).
    package init(stored parameters: StoredParameters) throws(JSONFieldError) {
        let columns = parameters.featureCount
        let rowCount = try parameters("n_samples_fit").int(in: 1...Int(Int32.max))
        let featuresField = try parameters("n_features")
        guard try featuresField.int() == columns else {
            throw featuresField.error("must equal the \(columns) feature columns of the preprocessing")
        }
        let rows = try parameters.matrix("training_rows", rows: rowCount, columns: columns)
        let targetsField = try parameters("training_targets")
        let targets: Targets
        if parameters.task == .classification {
            let labels = try targetsField.ints(count: rowCount, in: 0...max(parameters.classCount - 1, 0))
            targets = .classes(labels, classCount: parameters.classCount)
        } else {
            targets = .values(try targetsField.doubles(count: rowCount))
        }
        let weightsField = try parameters("weights")
        let weightsName = try weightsField.string(allowed: ["uniform", "distance"])
        guard let weighting = KNearestNeighbors.Weighting(rawValue: weightsName) else {
            throw weightsField.error("is not a weighting")
        }
        let metric = try parameters("metric").string(allowed: ["euclidean", "manhattan", "minkowski"])
        var power = 2.0
        if metric == "minkowski" {
            let powerField = try parameters("p")
            power = try powerField.double()
            guard power >= 1 else { throw powerField.error("must be at least 1") }
        }
        let index = NeighborIndex(
            rows: rows, rowCount: rowCount, columns: columns, metric: NeighborMetric(name: metric, p: power))
        self.init(
            index: index, k: try parameters("n_neighbors").int(in: 1...rowCount), weighting: weighting,
            targets: targets)
    }
}
