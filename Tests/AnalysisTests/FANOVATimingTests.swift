import Analysis
import Foundation
import HyperplanCore
import Testing

/// The timing quoted in the Analysis docs: fANOVA on 10,000 trials of 10 dimensions (the report of a
/// 10k-trial sweep), run only when asked, in a release build:
///
///     HYPERPLAN_TIMING=1 swift test -c release -Xswiftc -enable-testing --filter FANOVATimingTests
@Suite("fANOVA: timing", .serialized, .enabled(if: ProcessInfo.processInfo.environment["HYPERPLAN_TIMING"] != nil))
struct FANOVATimingTests {
    @Test("10,000 trials × 10 dimensions (8 numeric, one integer, one categorical of 4)", arguments: [1_000, 10_000])
    func tenThousandTrials(trials: Int) throws {
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
        let wallStart = DispatchTime.now().uptimeNanoseconds
        let importances = try FANOVA.importances(dimensions: dimensions, rows: rows, scores: scores, seed: 1)
        let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
        #expect(abs(importances.reduce(0, +) - 1) < 1e-12)
        print("fANOVA \(trials) trials × 10 dimensions, 64 trees: " + String(format: "%.3f s wall", wall))
        print("importances: \(importances.map { String(format: "%.4f", $0) }.joined(separator: " "))")
    }
}
