import Foundation
import HyperplanCore
import Search
import Testing

@Suite("Latin hypercube")
struct LatinHypercubeTests {
    /// Whether, sorted, the i-th of the n values lies in the closed slice [i/n, (i+1)/n]: one value per slice.
    static func stratified(_ values: [Double]) -> Bool {
        let n = Double(values.count)
        return values.sorted().enumerated().allSatisfy { i, value in
            value >= Double(i) / n && value <= Double(i + 1) / n && value < 1
        }
    }

    @Test("every dimension has exactly one point in each of the n slices", arguments: [1, 2, 7, 20, 64, 257])
    func stratification(n: Int) {
        for centered in [false, true] {
            for seed: UInt64 in [0, 5] {
                let design = LatinHypercube.design(count: n, dimensions: 6, centered: centered, seed: seed)
                #expect(design.count == n && design.dimensions == 6)
                for k in 0..<6 {
                    #expect(Self.stratified(design.column(k)), "n \(n), centered \(centered), seed \(seed), dim \(k)")
                }
            }
        }
    }

    @Test("the stratification check fails for a design with two points in one slice")
    func stratificationCheckIsSharp() {
        #expect(!Self.stratified([0.1, 0.2, 0.9]))
        #expect(Self.stratified([0.1, 0.5, 0.9]))
    }

    @Test("centered designs sit at the slices' centres; random ones do not")
    func centering() {
        let centered = LatinHypercube.design(count: 10, dimensions: 3, centered: true, seed: 2)
        #expect(centered.coordinates.allSatisfy { abs(($0 * 10 - 0.5).rounded() - ($0 * 10 - 0.5)) < 1e-12 })
        let random = LatinHypercube.design(count: 10, dimensions: 3, centered: false, seed: 2)
        #expect(!random.coordinates.allSatisfy { abs(($0 * 10 - 0.5).rounded() - ($0 * 10 - 0.5)) < 1e-12 })
    }

    @Test("the same seed gives the same design; another seed or candidate another one")
    func determinism() {
        let a = LatinHypercube.design(count: 30, dimensions: 4, centered: false, seed: 8)
        #expect(a == LatinHypercube.design(count: 30, dimensions: 4, centered: false, seed: 8))
        #expect(a != LatinHypercube.design(count: 30, dimensions: 4, centered: false, seed: 9))
        #expect(a != LatinHypercube.design(count: 30, dimensions: 4, centered: false, seed: 8, candidate: 1))
        let search = LatinHypercubeSearch(trials: 30, optimization: .maximin, candidates: 8)
        let space = SearchSpace([.init(name: "x", domain: .uniform(lower: 0, upper: 1, grid: nil))])
        #expect(
            (try? search.proposals(for: space, seed: 3)) == (try? search.proposals(for: space, seed: 3)))
    }

    @Test("maximin keeps the candidate whose closest pair is farthest apart")
    func maximinChoosesTheBestCandidate() {
        for seed: UInt64 in 0..<5 {
            let chosen = LatinHypercube.maximinDesign(
                count: 25, dimensions: 3, centered: false, seed: seed, candidates: 12)
            let distances = (0..<12).map { candidate in
                SpaceFilling.minimumDistance(
                    of: LatinHypercube.design(
                        count: 25, dimensions: 3, centered: false, seed: seed, candidate: candidate))
            }
            let best = distances.indices.max { distances[$0] < distances[$1] } ?? 0
            #expect(
                chosen == LatinHypercube.design(count: 25, dimensions: 3, centered: false, seed: seed, candidate: best),
                "seed \(seed): distances \(distances)")
        }
    }

    @Test("maximin beats none on minimum distance for every seed of a fixed set, by a wide margin in the median")
    func maximinBeatsNone() {
        var none: [Double] = [], maximin: [Double] = []
        for seed: UInt64 in 0..<10 {
            none.append(
                SpaceFilling.minimumDistance(
                    of: LatinHypercube.design(count: 40, dimensions: 4, centered: false, seed: seed)))
            maximin.append(
                SpaceFilling.minimumDistance(
                    of: LatinHypercube.maximinDesign(
                        count: 40, dimensions: 4, centered: false, seed: seed, candidates: 20)))
        }
        #expect(zip(none, maximin).allSatisfy { $0 <= $1 }, "none \(none), maximin \(maximin)")
        #expect(zip(none, maximin).filter { $0 < $1 }.count >= 8, "none \(none), maximin \(maximin)")
        let medianNone = none.sorted()[4...5].reduce(0, +) / 2, medianMaximin = maximin.sorted()[4...5].reduce(0, +) / 2
        #expect(medianMaximin > 1.3 * medianNone, "median none \(medianNone), maximin \(medianMaximin)")
    }

    @Test("with n a multiple of the number of values, every category and integer appears equally often")
    func categoricalAndIntegerBalance() throws {
        let space = SearchSpace([
            .init(name: "kernel", domain: .choice([.string("linear"), .string("rbf"), .string("poly")])),
            .init(name: "depth", domain: .integer(lower: 2, upper: 5, log: false, grid: nil)),
            .init(name: "width", domain: .integer(lower: 1, upper: 4, log: true, grid: nil)),
            .init(name: "C", domain: .logUniform(lower: 1e-3, upper: 1e3, grid: nil)),
        ])
        for seed: UInt64 in 0..<3 {
            let configurations = try LatinHypercubeSearch(trials: 24).proposals(for: space, seed: seed)
            #expect(configurations.count == 24)
            var kernels: [ParameterValue: Int] = [:], depths: [ParameterValue: Int] = [:]
            for configuration in configurations {
                kernels[configuration["kernel"] ?? .string("missing"), default: 0] += 1
                depths[configuration["depth"] ?? .string("missing"), default: 0] += 1
                let c = configuration["C"]?.doubleValue ?? .nan
                #expect(c >= 1e-3 && c <= 1e3)
                guard case .int(let width) = configuration["width"] else {
                    Issue.record("width is not an integer")
                    continue
                }
                #expect((1...4).contains(width))
            }
            #expect(kernels == [.string("linear"): 8, .string("rbf"): 8, .string("poly"): 8], "seed \(seed)")
            #expect(depths == [.int(2): 6, .int(3): 6, .int(4): 6, .int(5): 6], "seed \(seed)")
            // The log-uniform dimension is stratified in log space: one value in each 1/24 of [log 1e-3, log 1e3].
            let logUnits = configurations.compactMap { $0["C"]?.doubleValue }.map { (log10($0) + 3) / 6 }
            #expect(Self.stratified(logUnits.map { min($0, 1.0.nextDown) }))
        }
    }

    @Test("centered, a category count that does not divide n gives each category the floor or ceiling of n/c")
    func centeredUnevenCategories() throws {
        let space = SearchSpace([.init(name: "k", domain: .choice([.int(0), .int(1), .int(2)]))])
        for n in [7, 8, 10, 11] {
            let configurations = try LatinHypercubeSearch(trials: n, centered: true).proposals(for: space, seed: 1)
            var counts = [0, 0, 0]
            for configuration in configurations {
                if case .int(let k) = configuration["k"] { counts[k] += 1 }
            }
            #expect(
                counts.allSatisfy { $0 == n / 3 || $0 == (n + 2) / 3 } && counts.reduce(0, +) == n, "n \(n): \(counts)")
        }
    }

    @Test("maximin refuses designs whose distance computation would be too large")
    func maximinWorkLimit() {
        let space = SearchSpace(
            (0..<10).map { .init(name: "x\($0)", domain: .uniform(lower: 0, upper: 1, grid: nil)) })
        #expect(throws: SearchError.self) {
            try LatinHypercubeSearch(trials: 20_000, optimization: .maximin).proposals(for: space, seed: 0)
        }
        #expect(LatinHypercube.maximinWork(count: 10_000_000_000, dimensions: 3, candidates: 20) == Int.max)
        #expect(LatinHypercube.maximinWork(count: 10, dimensions: 2, candidates: 3) == 3 * 45 * 2)
    }
}
