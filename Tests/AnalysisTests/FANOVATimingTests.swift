import Foundation
import HyperplanCore
import Learners
import Testing

@testable import Analysis

/// The timing quoted in the Analysis docs: fANOVA on 10,000 trials of 10 dimensions (the report of a
/// 10k-trial sweep), run only when asked, in a release build:
///
///     HYPERPLAN_TIMING=1 swift test -c release -Xswiftc -enable-testing --filter FANOVATimingTests
@Suite(
    "fANOVA: timing", .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["HYPERPLAN_TIMING"] != nil,
        "a timing for the Analysis docs on 10,000 trials: set HYPERPLAN_TIMING=1 to run it"))
struct FANOVATimingTests {
    /// `trials` random trials of 8 numeric dimensions, an integer and a categorical of 4, with a noisy score.
    static func sweep(trials: Int) -> (dimensions: [ImportanceDimension], rows: [[Double]], scores: [Double]) {
        var generator = SeededGenerator(seed: 1, key: "fanova-timing")
        var dimensions = (0..<8).map {
            ImportanceDimension(name: "x\($0)", kind: .numeric(low: 0, high: 1, log: false))
        }
        dimensions.append(ImportanceDimension(name: "layers", kind: .integer(low: 1, high: 8, log: false)))
        dimensions.append(ImportanceDimension(name: "optimizer", kind: .categorical(count: 4)))
        var rows: [[Double]] = []
        var scores: [Double] = []
        for _ in 0..<trials {
            var row = (0..<8).map { _ in generator.nextUnitInterval() }
            row.append(Double(1 + generator.nextInt(below: 8)))
            row.append(Double(generator.nextInt(below: 4)))
            var score = 0.0
            for (index, value) in row.prefix(8).enumerated() { score += Double(8 - index) * value * value }
            score += 0.3 * abs(row[8] - 4) + [0, 1.5, 0.2, 0.7][Int(row[9])] + 0.5 * generator.nextGaussian()
            rows.append(row)
            scores.append(score)
        }
        return (dimensions, rows, scores)
    }

    static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func processorSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test("10,000 trials × 10 dimensions (8 numeric, one integer, one categorical of 4)", arguments: [1_000, 10_000])
    func tenThousandTrials(trials: Int) async throws {
        let (dimensions, rows, scores) = Self.sweep(trials: trials)
        var start = DispatchTime.now().uptimeNanoseconds
        var processor = Self.processorSeconds()
        let parallel = try await FANOVA.importancesInParallel(
            dimensions: dimensions, rows: rows, scores: scores, seed: 1)
        let parallelWall = Self.seconds(since: start), parallelProcessor = Self.processorSeconds() - processor
        start = DispatchTime.now().uptimeNanoseconds
        processor = Self.processorSeconds()
        let sequential = try FANOVA.importances(dimensions: dimensions, rows: rows, scores: scores, seed: 1)
        let sequentialWall = Self.seconds(since: start), sequentialProcessor = Self.processorSeconds() - processor
        #expect(parallel == sequential)
        // The two parts, one after another: growing the trees, and their variance decomposition.
        let data = try ImportanceData(dimensions: dimensions, rows: rows, scores: scores)
        processor = Self.processorSeconds()
        var tables: [TreeNodeTable] = []
        for part in FANOVA.parts(trees: 64) { tables += try FANOVA.grow(data, seed: 1, part: part, maxDepth: 64) }
        let growing = Self.processorSeconds() - processor
        processor = Self.processorSeconds()
        var leaves = 0
        for table in tables {
            let tree = FanovaTree(table, bounds: data.bounds)
            leaves += tree.leafCount
            for group in data.groups { _ = tree.marginalVariance(of: group) }
        }
        let decomposition = Self.processorSeconds() - processor
        print(
            "fANOVA \(trials) trials × 10 dimensions, 64 trees, \(ProcessInfo.processInfo.activeProcessorCount) cores: "
                + String(
                    format: "parallel %.3f s wall (%.3f s processor), sequential %.3f s wall (%.3f s processor); "
                        + "processor time growing the trees %.3f s, decomposing them %.3f s, %.0f leaves per tree",
                    parallelWall, parallelProcessor, sequentialWall, sequentialProcessor, growing, decomposition,
                    Double(leaves) / 64))
        print("importances: \(parallel.map { String(format: "%.4f", $0) }.joined(separator: " "))")
    }
}
