import HyperplanCore
import HyperplanTestSupport
import Metrics
import Testing

/// Every metric value in `metrics.json` and `metrics2.json` equals scikit-learn's to 1e-12.
///
/// The inputs are stored in the fixtures with at most six decimals, so the only differences left are the
/// order of floating-point sums; 1e-12 relative (1e-12 absolute near zero) is far above that and far below
/// any difference a wrong formula would make. `metrics2.json` (scripts/reference/make_metrics2_reference.py)
/// adds tied scores, binary cases with nothing predicted or nothing true in the positive class, and a
/// 2,000-row ranking.
@Suite("Metrics equal scikit-learn's")
struct MetricReferenceTests {
    static let tolerance = Tolerance.relative(1e-12, absolute: 1e-12)
    static let fixtures = ["metrics", "metrics2"]

    static func allCases() throws -> [FixtureCase] { try fixtures.flatMap { try ReferenceFixtures.cases($0) } }

    @Test("registered metrics on the fixtures' vectors", arguments: try allCases())
    func matchesReference(_ fixture: FixtureCase) throws {
        let (truth, predictions) = try inputs(of: fixture)
        let values = try #require(try fixture.member("values").objectValue)
        var compared = 0
        for (name, reference) in values.sorted(by: { $0.key < $1.key }) {
            guard let metric = MetricRegistry.metric(named: name) else { continue }
            let score = metric.score(truth: truth, predictions: predictions)
            let closeness = Closeness(score, reference: try reference.double(), within: Self.tolerance)
            #expect(closeness.isClose, "\(fixture.file) \(fixture.name) \(name): \(closeness)")
            compared += 1
        }
        #expect(compared > 0, "no registered metric in \(fixture.name)")
    }

    @Test("every fixture metric is registered, and every registered metric has a reference")
    func coverage() throws {
        var unimplemented: Set<String> = []
        var referenced: Set<String> = []
        for fixture in try Self.allCases() {
            for name in try #require(try fixture.member("values").objectValue).keys {
                if MetricRegistry.metric(named: name) == nil {
                    unimplemented.insert(name)
                } else {
                    referenced.insert(name)
                }
            }
        }
        #expect(unimplemented.isEmpty, "fixture metrics that are not registered: \(unimplemented.sorted())")
        let unreferenced = MetricRegistry.all.map(\.name).filter { !referenced.contains($0) }
        #expect(unreferenced.isEmpty, "registered metrics without a reference value: \(unreferenced)")
    }

    @Test("roc_auc and roc_auc_ovr are the same computation on every fixture case", arguments: try allCases())
    func rocAUCNamesAgree(_ fixture: FixtureCase) throws {
        guard try fixture.member("task").string() != "regression" else { return }
        let (truth, predictions) = try inputs(of: fixture)
        let standard = try #require(MetricRegistry.metric(named: "roc_auc"))
        let oneVsRest = try #require(MetricRegistry.metric(named: "roc_auc_ovr"))
        let a = standard.score(truth: truth, predictions: predictions)
        let b = oneVsRest.score(truth: truth, predictions: predictions)
        #expect(a == b || (a.isNaN && b.isNaN), "\(fixture.name): \(a) vs \(b)")
    }

    /// The case's targets and predictions as the metrics receive them. For the binary cases the fixture
    /// stores P(class 1); the probability matrix is `[1 − p, p]`, as the fixture's log_loss was computed.
    private func inputs(of fixture: FixtureCase) throws -> (Targets, Predictions) {
        if try fixture.member("task").string() == "regression" {
            return (.values(try fixture.member("y_true").doubles()), .values(try fixture.member("y_pred").doubles()))
        }
        let classCount = try fixture.member("labels").ints().count
        let probabilities: Matrix
        if try fixture.member("task").string() == "binary" {
            let positive = try fixture.member("proba").doubles()
            probabilities = Matrix(rowArrays: positive.map { [1 - $0, $0] })
        } else {
            probabilities = Matrix(rowArrays: try fixture.member("proba").doubleRows())
        }
        #expect(probabilities.columns == classCount)
        return (
            .classes(try fixture.member("y_true").ints(), classCount: classCount),
            .classes(labels: try fixture.member("y_pred").ints(), probabilities: probabilities)
        )
    }
}
