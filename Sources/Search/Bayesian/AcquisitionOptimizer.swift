package import HyperplanCore
import HyperplanNumerics

/// Finds the point of the encoded space with the highest acquisition score: many seeded candidates scored,
/// then the best few refined by local search, as Optuna's `optimize_acqf_mixed` and BoTorch's
/// `optimize_acqf` do.
///
/// Candidates: `candidateCount` uniform random points, plus points scattered around the best observed ones
/// (N(0, 0.05²) in each continuous and integer column, as BoTorch's `sample_around_best`), plus the best
/// observed points themselves. The `localSearches` highest-scoring distinct candidates then each go through
/// rounds of (1) projected L-BFGS over the continuous columns with the analytic gradient, (2) for each
/// integer dimension, every value when there are at most 32, else the values ±1, ±2, ±4, … away (a discrete
/// line search that crosses a huge range in a few dozen steps), and (3) for each categorical dimension every
/// value; rounds stop when one improves the score by less than 10⁻⁹.
package struct AcquisitionOptimizer: Sendable {
    package var candidateCount = 2048
    package var localSearches = 10
    package var maximumRounds = 4
    /// Candidates drawn around each of the best observed points, and how many of those points.
    package var perturbationsPerIncumbent = 64
    package var incumbentCount = 5

    package init() {}

    /// The best point found for `acquisition` under `process`, with `best` the best (standardised) loss.
    ///
    /// - Parameter incumbents: encoded observed points, best first.
    package func optimize(
        process: GaussianProcess, encoding: SpaceEncoding, acquisition: AcquisitionFunction, best: Double,
        incumbents: [[Double]], generator: inout SeededGenerator
    ) -> (point: [Double], score: Double) {
        let problem = Problem(process: process, encoding: encoding, acquisition: acquisition, best: best)
        let columns = encoding.columnCount
        var candidates: [Double] = []
        candidates.reserveCapacity((candidateCount + incumbentCount * (perturbationsPerIncumbent + 1)) * columns)
        for _ in 0..<candidateCount { candidates += encoding.randomPoint(using: &generator) }
        for incumbent in incumbents.prefix(incumbentCount) {
            candidates += incumbent
            for _ in 0..<perturbationsPerIncumbent {
                var point = incumbent
                for group in encoding.groups where group.width == 1 {
                    point[group.firstColumn] += 0.05 * generator.nextGaussian()
                }
                encoding.snap(&point)
                candidates += point
            }
        }
        let count = candidates.count / max(1, columns)
        let posterior = process.posterior(atRows: candidates, count: count)
        var scores = [Double](repeating: -.infinity, count: count)
        for i in 0..<count {
            let value = acquisition.value(
                mean: posterior.means[i], deviation: posterior.variances[i].squareRoot(), best: best)
            if !value.isNaN { scores[i] = value }
        }
        // The highest scores first; equal scores keep candidate order, so the choice is deterministic.
        let order = (0..<count).sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var starts: [[Double]] = []
        for index in order where starts.count < localSearches {
            let point = Array(candidates[(index * columns)..<((index + 1) * columns)])
            if !starts.contains(point) { starts.append(point) }
        }
        var bestPoint = starts.first ?? encoding.randomPoint(using: &generator)
        var bestScore = problem.score(bestPoint)
        for start in starts {
            let (point, score) = problem.localSearch(from: start, maximumRounds: maximumRounds)
            if score > bestScore {
                bestPoint = point
                bestScore = score
            }
        }
        return (bestPoint, bestScore)
    }

    /// One acquisition problem: the model, the space and the score to maximise.
    struct Problem {
        let process: GaussianProcess
        let encoding: SpaceEncoding
        let acquisition: AcquisitionFunction
        let best: Double

        func score(_ point: [Double]) -> Double {
            let posterior = process.posterior(atRows: point, count: 1)
            let value = acquisition.value(
                mean: posterior.means[0], deviation: posterior.variances[0].squareRoot(), best: best)
            return value.isNaN ? -.infinity : value
        }

        /// The score's gradient along the continuous columns, by the chain rule through μ and σ = √σ².
        func negativeScore(_ point: [Double], gradient: inout [Double], fixed: Set<Int> = []) -> Double {
            let columns = encoding.continuousColumns
            let posterior = process.posteriorWithGradient(at: point, along: columns)
            let deviation = posterior.variance.squareRoot()
            let score = acquisition.score(mean: posterior.mean, deviation: deviation, best: best)
            let usesDeviation = deviation > AcquisitionFunction.minimumDeviation
            for k in columns.indices {
                var slope = score.meanSlope * posterior.meanGradient[k]
                if usesDeviation { slope += score.deviationSlope * posterior.varianceGradient[k] / (2 * deviation) }
                gradient[k] = fixed.contains(columns[k]) ? 0 : -slope
            }
            return score.value.isNaN ? .infinity : -score.value
        }

        func localSearch(from start: [Double], maximumRounds: Int) -> ([Double], Double) {
            var point = start
            var value = score(point)
            let columns = encoding.continuousColumns
            let optimizer = LBFGS(
                memory: 8, maxIterations: 50, gradientTolerance: 1e-5,
                lineSearch: .projectedBacktracking(relativeTolerance: 1e-8))
            let lower = [Double](repeating: 0, count: columns.count)
            let upper = [Double](repeating: 1, count: columns.count)
            for _ in 0..<maximumRounds {
                let before = value
                // Columns of conditional dimensions that do not exist at the point stay at 0: the model does
                // not know they are inactive, so their gradient is held at zero.
                let active = encoding.activeGroups(at: point)
                var inactive = Set<Int>()
                for (group, isActive) in zip(encoding.groups, active) where !isActive {
                    inactive.formUnion(group.firstColumn..<(group.firstColumn + group.width))
                }
                if !columns.isEmpty {
                    var trial = point
                    let result = optimizer.minimize(from: columns.map { point[$0] }, lower: lower, upper: upper) {
                        z, gradient in
                        for (k, c) in columns.enumerated() where !inactive.contains(c) { trial[c] = z[k] }
                        return negativeScore(trial, gradient: &gradient, fixed: inactive)
                    }
                    if -result.value > value {
                        for (k, c) in columns.enumerated() where !inactive.contains(c) {
                            point[c] = result.parameters[k]
                        }
                        value = -result.value
                    }
                }
                for (index, group) in encoding.groups.enumerated() {
                    switch group.kind {
                    case .continuous:
                        continue
                    case .integer where !encoding.activeGroups(at: point)[index]:
                        continue
                    case .integer(let lower, let upper):
                        for candidate in integerCandidates(around: encoding.integer(of: group, in: point), lower, upper)
                        {
                            var trial = point
                            trial[group.firstColumn] = encoding.unit(ofInteger: candidate, in: group)
                            let trialValue = score(trial)
                            if trialValue > value {
                                point = trial
                                value = trialValue
                            }
                        }
                    case .categorical(let count):
                        for k in 0..<count where point[group.firstColumn + k] != 1 {
                            var trial = point
                            for j in 0..<count { trial[group.firstColumn + j] = j == k ? 1 : 0 }
                            // Another model block: its hyperparameters, all zero while inactive, become valid
                            // values (the first choice, the lowest integer) and the old block's are cleared.
                            encoding.snap(&trial)
                            let trialValue = score(trial)
                            if trialValue > value {
                                point = trial
                                value = trialValue
                            }
                        }
                    }
                }
                if !(value > before + 1e-9 * max(1, abs(before))) { break }
            }
            return (point, value)
        }

        /// Every integer of a small range; else the current one's neighbours at distances 1, 2, 4, ….
        func integerCandidates(around current: Int, _ lower: Int, _ upper: Int) -> [Int] {
            let (span, overflow) = upper.subtractingReportingOverflow(lower)
            if !overflow, span < 32 { return Array(lower...upper) }
            var result: [Int] = []
            var distance = 1
            while true {
                let (down, downOverflow) = current.subtractingReportingOverflow(distance)
                if !downOverflow, down >= lower { result.append(down) }
                let (up, upOverflow) = current.addingReportingOverflow(distance)
                if !upOverflow, up <= upper { result.append(up) }
                let (next, nextOverflow) = distance.multipliedReportingOverflow(by: 2)
                if nextOverflow || (downOverflow || down < lower) && (upOverflow || up > upper) { break }
                distance = next
            }
            return result
        }
    }
}
