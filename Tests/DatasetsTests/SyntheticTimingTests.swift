import Datasets
import Foundation
import HyperplanCore
import Testing

/// The timing quoted in docs/synthetic.md, run only when asked (it allocates 800 MB):
///
///     HYPERPLAN_TIMING=1 swift test -c release -Xswiftc -enable-testing --filter SyntheticTimingTests
@Suite(
    "Synthetic: timing", .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["HYPERPLAN_TIMING"] != nil,
        "a timing for docs/synthetic.md that allocates 800 MB: set HYPERPLAN_TIMING=1 to run it"))
struct SyntheticTimingTests {
    @Test(
        "1,000,000 × 100 classification",
        arguments: [(2, 2), (50, 20)])
    func classification(informative: Int, redundant: Int) throws {
        let options: [String: ParameterValue] = [
            "samples": .int(1_000_000), "features": .int(100), "informative": .int(informative),
            "redundant": .int(redundant),
        ]
        let wallStart = DispatchTime.now().uptimeNanoseconds
        let cpuStart = Self.processorSeconds()
        let loaded = try Synthetic.generate("classification", options)
        let cpu = Self.processorSeconds() - cpuStart
        let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
        #expect(loaded.table.rowCount == 1_000_000 && loaded.table.columns.count == 101)
        print(
            "classification 1e6 × 100, informative \(informative), redundant \(redundant): "
                + String(format: "%.2f s processor, %.2f s wall", cpu, wall))
    }

    private static func processorSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
