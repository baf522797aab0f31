import HyperplanCore
import Planner

/// Runs the nodes of a `TrialGraph` with at most `jobs` running at once, each as soon as its parents are done.
///
/// A bounded task group: up to `jobs` child tasks, one new task per finished one. Outputs are kept by the
/// scheduling loop alone and handed to each node's task as values, so no state is shared between tasks.
/// Ready nodes start in topological order; since every node computes only from its parents' outputs,
/// the order in which they finish cannot change any result.
struct GraphScheduler<Output: Sendable> {
    let graph: TrialGraph
    let jobs: Int

    /// Runs the nodes in `toRun` (every node when `nil`) and returns all outputs by node position.
    ///
    /// - Parameters:
    ///   - restored: outputs already known (restored from the journal); those nodes do not run, and a node in
    ///     `toRun` waits only for its parents that run.
    ///   - shouldLaunch: asked before each launch with the node to start; a node it refuses is not started, and
    ///     the run ends when the running nodes are done (an interrupted or over-budget run). Nodes never
    ///     started stay `nil`.
    ///   - releasable: whether an output may be dropped once every node that reads it has finished (large
    ///     intermediate data such as a fold's prepared rows), so that a run holds only what is still needed;
    ///     a dropped output is `nil` in the result.
    ///   - evaluate: computes a node from its parents' outputs (in `parents` order); the last argument is the
    ///     worker slot it runs on (0 ..< `jobs`, the lowest free one), for the timeline of a run.
    ///   - started: called on the scheduling loop when a node is launched.
    ///   - finished: called on the scheduling loop after each node, in completion order.
    /// - Throws: the first error a node throws; remaining nodes are cancelled.
    func run(
        restored: [Int: Output] = [:], toRun: Set<Int>? = nil,
        shouldLaunch: @escaping (PlanNode) -> Bool = { _ in true },
        releasable: (Output) -> Bool = { _ in false },
        evaluate: @escaping @Sendable (PlanNode, [Output], _ slot: Int) async throws -> Output,
        started: (PlanNode) -> Void = { _ in },
        finished: (PlanNode, Output) -> Void
    ) async throws -> [Output?] {
        let nodes = graph.nodes
        let position = graph.indexByID()
        let runs = { (index: Int) -> Bool in toRun?.contains(index) ?? (restored[index] == nil) }
        var children = [[Int]](repeating: [], count: nodes.count)
        var waitingOn = [Int](repeating: 0, count: nodes.count)
        for (index, node) in nodes.enumerated() where runs(index) {
            for parent in node.parents {
                guard let parentIndex = position[parent], runs(parentIndex) else { continue }
                children[parentIndex].append(index)
                waitingOn[index] += 1
            }
        }
        // Readers of each node's output that have not finished yet.
        var unfinishedReaders = children.map(\.count)
        var parentsOf = [[Int]](repeating: [], count: nodes.count)
        for (parent, list) in children.enumerated() {
            for child in list { parentsOf[child].append(parent) }
        }
        var outputs = [Output?](repeating: nil, count: nodes.count)
        for (index, output) in restored { outputs[index] = output }
        var ready = ReadyQueue(nodes.indices.filter { runs($0) && waitingOn[$0] == 0 })
        // Worker slots: a node takes the lowest free one, so a timeline shows which slot sat idle.
        var freeSlots = ReadyQueue(Array(0..<max(1, jobs)))

        try await withThrowingTaskGroup(of: (Int, Output, Int).self) { group in
            var running = 0
            func launch() {
                while running < max(1, jobs), let index = ready.popFirst() {
                    let node = nodes[index]
                    // A refused node is dropped: stopping is final.
                    guard shouldLaunch(node) else { continue }
                    let inputs = node.parents.compactMap { position[$0].flatMap { outputs[$0] } }
                    running += 1
                    let slot = freeSlots.popFirst() ?? 0
                    started(node)
                    group.addTask {
                        try Task.checkCancellation()
                        return (index, try await evaluate(node, inputs, slot), slot)
                    }
                }
            }
            launch()
            while let (index, output, slot) = try await group.next() {
                running -= 1
                freeSlots.insert(slot)
                outputs[index] = output
                finished(nodes[index], output)
                for child in children[index] {
                    waitingOn[child] -= 1
                    if waitingOn[child] == 0 { ready.insert(child) }
                }
                for parent in parentsOf[index] {
                    unfinishedReaders[parent] -= 1
                    if unfinishedReaders[parent] == 0, let output = outputs[parent], releasable(output) {
                        outputs[parent] = nil
                    }
                }
                launch()
            }
        }
        return outputs
    }
}

/// Node positions ready to run (or free worker slots), smallest (earliest in topological order) first.
struct ReadyQueue {
    private var heap: [Int] = []

    init(_ initial: [Int]) { for value in initial { insert(value) } }

    mutating func insert(_ value: Int) {
        heap.append(value)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popFirst() -> Int? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, heap[left] < heap[smallest] { smallest = left }
                if right < heap.count, heap[right] < heap[smallest] { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
