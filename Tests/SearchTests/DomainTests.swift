import HyperplanCore
import Search
import Testing

@Suite("Search domains")
struct DomainTests {
    @Test("log-uniform grids are exact decades, like numpy.logspace")
    func logGrid() {
        let points = Domain.logUniform(lower: 0.001, upper: 1000, grid: 7).gridValues()?.compactMap(\.doubleValue)
        #expect(points == [0.001, 0.01, 0.1, 1, 10, 100, 1000])
    }

    @Test("uniform grids include both ends, evenly spaced")
    func linearGrid() {
        let points = Domain.uniform(lower: 0, upper: 1, grid: 5).gridValues()?.compactMap(\.doubleValue)
        #expect(points == [0, 0.25, 0.5, 0.75, 1])
    }

    @Test("integer domains enumerate every integer, or grid-many distinct ones")
    func integerGrid() {
        #expect(
            Domain.integer(lower: 2, upper: 5, log: false, grid: nil).gridValues()
                == [2, 3, 4, 5].map(ParameterValue.int))
        #expect(
            Domain.integer(lower: 1, upper: 1000, log: true, grid: 4).gridValues()
                == [1, 10, 100, 1000].map(ParameterValue.int))
        #expect(
            Domain.integer(lower: 1, upper: 3, log: false, grid: 10).gridValues() == [1, 2, 3].map(ParameterValue.int))
        #expect(Domain.integer(lower: 0, upper: 1_000_000, log: false, grid: nil).gridValues() == nil)
    }

    @Test("continuous domains without grid points are not finite")
    func continuous() {
        #expect(!Domain.uniform(lower: 0, upper: 1, grid: nil).isFinite)
        #expect(Domain.choice([.string("a")]).isFinite)
    }

    @Test("samples stay within bounds and respect integer, log and categorical semantics")
    func sampling() {
        var generator = SeededGenerator(seed: 1, key: "domain-sampling")
        var logSamples: [Double] = []
        for _ in 0..<2000 {
            let uniform = Domain.uniform(lower: -2, upper: 3, grid: nil).sample(using: &generator).doubleValue ?? .nan
            #expect(uniform >= -2 && uniform <= 3)
            let log = Domain.logUniform(lower: 1e-4, upper: 1, grid: nil).sample(using: &generator).doubleValue ?? .nan
            #expect(log >= 1e-4 && log <= 1)
            logSamples.append(log)
            guard
                case .int(let integer) = Domain.integer(lower: 1, upper: 6, log: false, grid: nil).sample(
                    using: &generator)
            else {
                Issue.record("int domain sampled a non-integer")
                continue
            }
            #expect((1...6).contains(integer))
            let choice = Domain.choice([.string("l2"), .string("none")]).sample(using: &generator)
            #expect(choice == .string("l2") || choice == .string("none"))
        }
        // Log-uniform over four decades: about a quarter of the samples fall in each decade.
        let belowOneThousandth = logSamples.filter { $0 < 1e-3 }.count
        #expect(abs(belowOneThousandth - 500) < 100, "\(belowOneThousandth) of 2000 below 1e-3")
    }

    @Test("log-scaled integers favour small values in proportion to log width")
    func logIntegers() {
        var generator = SeededGenerator(seed: 2, key: "log-int")
        var small = 0
        for _ in 0..<4000 {
            let value =
                Domain.integer(lower: 1, upper: 1000, log: true, grid: nil).sample(using: &generator).intValue ?? 0
            #expect((1...1000).contains(value))
            if value <= 31 { small += 1 }
        }
        // P(value ≤ 31) = log(31.5/0.5) / log(1000.5/0.5) ≈ 0.545.
        #expect(abs(Double(small) / 4000 - 0.545) < 0.04)
    }
}

@Suite("Search strategies")
struct SearchStrategyTests {
    static let space = SearchSpace([
        .init(name: "model.penalty", domain: .choice([.string("l2"), .string("none")])),
        .init(name: "model.C", domain: .logUniform(lower: 0.01, upper: 100, grid: 5)),
    ])

    @Test("grid search visits every combination once, the first dimension slowest")
    func grid() throws {
        let proposals = try GridSearch(options: Hyperparameters()).proposals(for: Self.space, seed: 0)
        #expect(proposals.count == 10)
        #expect(Set(proposals).count == 10)
        #expect(proposals.prefix(5).allSatisfy { $0["model.penalty"] == .string("l2") })
        #expect(proposals.prefix(5).compactMap { $0["model.C"]?.doubleValue } == [0.01, 0.1, 1, 10, 100])
    }

    @Test("grid search refuses a continuous dimension")
    func gridNeedsFiniteSpace() {
        let space = SearchSpace([.init(name: "model.C", domain: .uniform(lower: 0, upper: 1, grid: nil))])
        #expect(throws: SearchError.self) { try GridSearch(options: Hyperparameters()).proposals(for: space, seed: 0) }
    }

    @Test("random search trial i depends only on the seed and i")
    func randomPrefix() throws {
        let few = try RandomSearch(options: Hyperparameters(["trials": .int(5)])).proposals(for: Self.space, seed: 9)
        let many = try RandomSearch(options: Hyperparameters(["trials": .int(50)])).proposals(for: Self.space, seed: 9)
        #expect(Array(many.prefix(5)) == few)
        let other = try RandomSearch(options: Hyperparameters(["trials": .int(5)])).proposals(for: Self.space, seed: 10)
        #expect(other != few)
    }

    @Test("random search ignores grid points and samples the continuous range")
    func randomIgnoresGrid() throws {
        let proposals = try RandomSearch(options: Hyperparameters(["trials": .int(20)])).proposals(
            for: Self.space, seed: 1)
        let values = proposals.compactMap { $0["model.C"]?.doubleValue }
        #expect(values.allSatisfy { $0 >= 0.01 && $0 <= 100 })
        #expect(values.contains { ![0.01, 0.1, 1, 10, 100].contains($0) })
    }
}
