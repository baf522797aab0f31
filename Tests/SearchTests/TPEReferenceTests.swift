import Foundation
import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// TPE's Parzen estimators against a literal SciPy re-implementation of Optuna 5.0's formulas
/// (`Tests/Fixtures/reference/tpe.json`, made by `scripts/reference/make_tpe_reference.py`, which also checks
/// itself against Optuna's `_ParzenEstimator`): the good/bad split of a history with completed, pruned, failed
/// and pending trials, and log l(x), log g(x) at fixed points over continuous, log, integer, log-integer and
/// categorical dimensions, with and without ramped weights.
@Suite("TPE's Parzen estimator against the SciPy reference")
struct TPEReferenceTests {
    static func flag(_ json: JSONValue?) -> Bool {
        if case .bool(let value) = json { return value }
        return false
    }

    static var cases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("tpe") }
    }

    @Test("the fixture has the expected cases")
    func fixturePresent() throws {
        #expect(try Self.cases.count == 10)
    }

    @Test("log l(x) and log g(x) equal the reference to 1e-10", arguments: try cases)
    func densities(_ fixture: FixtureCase) throws {
        let dimensionsJSON = try fixture.member("space").array()
        var dimensions: [SearchSpace.Dimension] = []
        var logWidths = 0.0
        for dimension in dimensionsJSON {
            let name = try dimension.member("name").string()
            let log = Self.flag(dimension["log"])
            switch try dimension.member("kind").string() {
            case "float":
                let lower = try dimension.member("lower").double(), upper = try dimension.member("upper").double()
                dimensions.append(
                    .init(
                        name: name,
                        domain: log
                            ? .logUniform(lower: lower, upper: upper, grid: nil)
                            : .uniform(lower: lower, upper: upper, grid: nil)))
                logWidths += Foundation.log(log ? Foundation.log(upper) - Foundation.log(lower) : upper - lower)
            case "int":
                dimensions.append(
                    .init(
                        name: name,
                        domain: .integer(
                            lower: try dimension.member("lower").int(), upper: try dimension.member("upper").int(),
                            log: log, grid: nil)))
            default:
                dimensions.append(
                    .init(
                        name: name,
                        domain: .choice(try dimension.member("choices").strings().map(ParameterValue.string))))
            }
        }
        let space = SearchSpace(dimensions)
        func configuration(_ json: JSONValue) throws -> Configuration {
            let values = try json.array()
            return Configuration(
                zip(space.dimensions, values).map { dimension, value in
                    let parameter: ParameterValue
                    switch (dimension.domain, value) {
                    case (.choice, _): parameter = .string(value.stringValue ?? "")
                    case (.integer, _): parameter = .int(value.intValue ?? 0)
                    default: parameter = .double(value.doubleValue ?? .nan)
                    }
                    return Configuration.Entry(name: dimension.name, value: parameter)
                })
        }
        var history: [TrialObservation] = []
        for entry in try fixture.member("history").array() {
            let outcome: TrialObservation.Outcome
            switch try entry.member("outcome").string() {
            case "completed": outcome = .completed(loss: try entry.member("loss").double())
            case "pruned":
                outcome = .pruned(loss: entry["loss"]?.doubleValue, resource: try entry.member("resource").int())
            default: outcome = .failed
            }
            history.append(
                TrialObservation(configuration: try configuration(try entry.member("values")), outcome: outcome))
        }
        let pending = try fixture.member("pending").array().map(configuration)
        let options = try fixture.member("options")
        var hyperparameters = Hyperparameters([
            "prior_weight": .double(try options.member("prior_weight").double()),
            "consider_endpoints": .bool(Self.flag(options["consider_endpoints"])),
            "constant_liar": .bool(Self.flag(options["constant_liar"])),
        ])
        if let gamma = options["gamma"]?.doubleValue { hyperparameters["gamma"] = .double(gamma) }
        let tpe = TPESearch(options: hyperparameters)
        let coordinates = UnitCoordinates(space)
        let (good, bad, _) = tpe.split(history: history, pending: pending, coordinates: coordinates)
        #expect(good.count == (try fixture.member("good_count").int()))
        #expect(bad.count == (try fixture.member("bad_count").int()))

        let estimators = [good, bad].map { observations in
            ParzenEstimator(
                observations: observations, dimensions: coordinates.searchedDimensions, space: coordinates,
                priorWeight: tpe.priorWeight, considerEndpoints: tpe.considerEndpoints)
        }
        let points = try fixture.member("points").array().map(configuration)
        for (estimator, key) in zip(estimators, ["log_l", "log_g"]) {
            // The reference is per unit of each float parameter; unit coordinates stretch each range to width 1.
            let reference = try fixture.member(key).doubles().map { $0 + logWidths }
            let actual = points.map { point in
                coordinates.coordinates(of: point).map { estimator.logDensity(at: $0) } ?? .nan
            }
            let closeness = VectorCloseness(actual, reference: reference, within: .relative(1e-10, absolute: 1e-10))
            #expect(closeness.isClose, "\(key): \(closeness)")
        }
    }
}
