import Synchronization

/// Node timings collected on the scheduling loop and read by the bundle-writing node.
final class TimingLog: Sendable {
    private let entries = Mutex<[NodeTiming]>([])

    func append(_ timing: NodeTiming) { entries.withLock { $0.append(timing) } }

    var all: [NodeTiming] { entries.withLock { $0 } }
}
