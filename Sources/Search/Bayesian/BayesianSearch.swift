import Foundation
package import HyperplanCore

/// Gaussian-process Bayesian optimisation (`strategy: bayesian`): each trial goes where an acquisition
/// function of a Matérn 5/2 Gaussian process, fitted to the losses so far, is highest.
///
/// Trial i: (1) until `initial_trials` trials have completed, trial i is point i of the scrambled Sobol'
/// sequence of the seed (`initialConfiguration`; independent uniform draws with `initial_design: random`); (2) afterwards the completed losses are standardised (mean 0, standard
/// deviation 1) and the kernel's hyperparameters fitted by maximum a posteriori (`KernelFit`); (3) the
/// configurations of pending trials, and of failed ones, are added as observations believed at the
/// posterior mean (kriging believer), so concurrent suggestions spread out and a failing configuration is
/// not proposed again; (4) the acquisition function is maximised (`AcquisitionOptimizer`), stream
/// `search/bayesian/i`, and the winning point decoded with `Domain.value(atUnit:)`.
///
/// Outcomes: completed trials with a finite loss are the data; failed ones carry no loss and only count as
/// believed observations (so the model does not assume failures are bad or good); pruned ones are ignored,
/// unless no trial has completed, when their partial losses stand in for completed ones. `suggest` recomputes
/// everything from its arguments, so the same history always gives the same configuration.
package struct BayesianSearch: AdaptiveSearch {
    package static let name = "bayesian"
    package static let summary = "Gaussian-process Bayesian optimisation (Matérn 5/2 kernel, log expected improvement)"
    package static let schema = OptionSchema([
        OptionSpec(
            "trials", .integer(min: 1, max: 1_000_000), default: .int(20), searchable: false,
            summary: "number of trials, the initial random ones included"),
        OptionSpec(
            "initial_trials", .integer(min: 1, max: 1_000_000), default: .int(10), searchable: false,
            summary: "completed trials drawn at random before the Gaussian process takes over"),
        OptionSpec(
            "initial_design", .enumeration(["sobol", "random"]), default: .string("sobol"), searchable: false,
            summary: "the initial trials: a scrambled Sobol' sequence (strategy sobol's first points) or random draws"),
        OptionSpec(
            "acquisition", .enumeration(["ei", "ucb", "pi"]), default: .string("ei"), searchable: false,
            summary: "expected improvement (as log EI), upper confidence bound, or probability of improvement"),
        OptionSpec(
            "kappa", .real(.nonNegative), default: .double(2), searchable: false,
            summary: "ucb: standard deviations of optimism, μ − κσ"),
        OptionSpec(
            "xi", .real(.nonNegative), default: .double(0), searchable: false,
            summary: "ei and pi: improvement required, in standard deviations of the observed losses"),
        OptionSpec(
            "candidates", .integer(min: 1, max: 1_000_000), default: .int(2048), searchable: false,
            summary: "random candidates scored before local search"),
        OptionSpec(
            "local_searches", .integer(min: 1, max: 1000), default: .int(10), searchable: false,
            summary: "best candidates refined by local search"),
        OptionSpec(
            "max_observations", .integer(min: 10, max: 100_000), default: .int(200), searchable: false,
            summary: "most trials the Gaussian process is fitted to: the best half and the most recent (O(n³) fits)"),
        OptionSpec(
            "deterministic_objective", .boolean, default: .bool(false), searchable: false,
            summary: "fix the noise variance at its floor (10⁻⁶) for noise-free objectives"),
    ])
    package static let needsFiniteSpace = false

    package var trials: Int
    package var initialTrials: Int
    /// The most completed trials the model is fitted to (`ObservedData`).
    package var maxObservations: Int
    /// Whether the initial trials follow a scrambled Sobol' sequence (otherwise independent uniform draws).
    package var sobolInitialDesign: Bool
    package var acquisition: AcquisitionFunction
    package var optimizer = AcquisitionOptimizer()
    package var fit = KernelFit()

    package init(options: Hyperparameters) {
        trials = options.int("trials") ?? 20
        initialTrials = options.int("initial_trials") ?? 10
        maxObservations = max(10, options.int("max_observations") ?? 200)
        sobolInitialDesign = (options.string("initial_design") ?? "sobol") == "sobol"
        let xi = options.double("xi") ?? 0
        switch options.string("acquisition") ?? "ei" {
        case "ucb": acquisition = .upperConfidenceBound(kappa: options.double("kappa") ?? 2)
        case "pi": acquisition = .probabilityOfImprovement(xi: xi)
        default: acquisition = .expectedImprovement(xi: xi)
        }
        optimizer.candidateCount = options.int("candidates") ?? 2048
        optimizer.localSearches = options.int("local_searches") ?? 10
        if options.bool("deterministic_objective") == true {
            fit.noiseVarianceBounds = fit.noiseVarianceBounds.lowerBound...fit.noiseVarianceBounds.lowerBound
        }
    }

    package func suggest(
        index: Int, in space: SearchSpace, history: [TrialObservation], pending: [Configuration], seed: UInt64
    ) throws(SearchError) -> Configuration {
        let encoding = SpaceEncoding(space)
        let data = ObservedData(encoding: encoding, history: history, pending: pending, limit: maxObservations)
        guard encoding.columnCount > 0, data.available >= initialTrials else {
            return initialConfiguration(space, index: index, seed: seed)
        }
        let groupCount = encoding.groups.count
        guard
            let kernel = fit.fit(
                inputs: data.inputs, targets: data.targets, columnGroups: encoding.columnGroups,
                groupCount: groupCount, seed: seed, key: "search/bayesian/\(index)/fit"),
            let observed = GaussianProcess(kernel: kernel, inputs: data.inputs, targets: data.targets),
            let process = observed.believing(data.believedInputs, count: data.believedCount)
        else {
            // Only a covariance with NaN or infinity gets here; a random trial is the honest fallback.
            return randomConfiguration(space, seed: seed, key: "search/bayesian/fallback/\(index)")
        }
        // The threshold counts believed values too: a pending point believed at a low mean should not look
        // like an improvement still to be had.
        let best = process.targets.min() ?? 0
        var generator = SeededGenerator(seed: seed, key: "search/bayesian/\(index)")
        let result = optimizer.optimize(
            process: process, encoding: encoding, acquisition: acquisition, best: best,
            incumbents: data.incumbents, generator: &generator)
        guard result.point.allSatisfy(\.isFinite) else {
            return randomConfiguration(space, seed: seed, key: "search/bayesian/fallback/\(index)")
        }
        return encoding.configuration(at: result.point)
    }

    /// Trial `index` of the initial design: point `index` of the scrambled Sobol' sequence of `seed` (the
    /// configuration `strategy: sobol` tries at that index), or random draws from stream
    /// `search/bayesian/initial/<index>` with `initial_design: random` or beyond Sobol's 1111 dimensions.
    func initialConfiguration(_ space: SearchSpace, index: Int, seed: UInt64) -> Configuration {
        if sobolInitialDesign, !space.dimensions.isEmpty,
            let sequence = try? SobolSequence(dimensions: space.dimensions.count, scrambleSeed: seed),
            let design = try? sequence.points(count: index + 1)
        {
            let row = index * design.dimensions
            return space.configuration(
                values: space.dimensions.indices.map {
                    space.dimensions[$0].domain.value(atUnit: design.coordinates[row + $0])
                })
        }
        return randomConfiguration(space, seed: seed, key: "search/bayesian/initial/\(index)")
    }

    /// Independent uniform draws from every dimension (log-uniform for log domains), as random search makes.
    func randomConfiguration(_ space: SearchSpace, seed: UInt64, key: String) -> Configuration {
        var generator = SeededGenerator(seed: seed, key: key)
        return space.sample(using: &generator)
    }
}
