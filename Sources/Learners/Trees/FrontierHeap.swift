/// A node of a best-first tree whose split (if any) has been evaluated but not yet expanded.
struct FrontierNode {
    var node: Int
    var depth: Int
    var start: Int
    var end: Int
    var split: NodeSplit?

    var improvement: Double { split?.improvement ?? 0 }

    /// Whether `self` is expanded before `other`: larger improvement first, then the earlier node.
    func precedes(_ other: FrontierNode) -> Bool {
        improvement > other.improvement || (improvement == other.improvement && node < other.node)
    }
}

/// A binary max-heap of frontier nodes ordered by `FrontierNode.precedes`.
struct FrontierHeap {
    private var items: [FrontierNode] = []

    mutating func push(_ item: FrontierNode) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> FrontierNode? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < items.count, items[left].precedes(items[first]) { first = left }
            if right < items.count, items[right].precedes(items[first]) { first = right }
            if first == parent { break }
            items.swapAt(parent, first)
            parent = first
        }
        return top
    }
}
