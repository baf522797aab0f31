/// A fixed number of worker slots shared by several runs (a batch of experiments), so that together they
/// never evaluate more nodes at once than the machine has room for. Waiters are served first come, first
/// served.
package actor WorkerPool {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    package init(slots: Int) { available = max(1, slots) }

    /// Waits for a free slot and takes it.
    package func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives a slot back, to the longest waiter if there is one.
    package func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
