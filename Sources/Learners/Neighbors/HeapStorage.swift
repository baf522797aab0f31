/// Pointers into `NeighborHeaps`, valid inside `withStorage`.
struct HeapStorage {
    let values: UnsafeMutablePointer<Double>
    let rows: UnsafeMutablePointer<Int>
    let k: Int

    /// The largest reduced distance on the query's heap: a row must be strictly closer to enter.
    @inline(__always)
    func root(of query: Int) -> Double { values[query * k] }

    /// `sklearn.utils._heap.heap_push`: a value not below the root is refused; otherwise it replaces the root
    /// and sinks. Returns whether the row entered.
    @inline(__always)
    @discardableResult
    func push(_ value: Double, row: Int, query: Int) -> Bool {
        let values = values + query * k, rows = rows + query * k
        if value >= values[0] { return false }
        var current = 0
        while true {
            let left = 2 * current + 1, right = left + 1
            let next: Int
            if left >= k {
                break
            } else if right >= k {
                if values[left] > value { next = left } else { break }
            } else if values[left] >= values[right] {
                if value < values[left] { next = left } else { break }
            } else {
                if value < values[right] { next = right } else { break }
            }
            values[current] = values[next]
            rows[current] = rows[next]
            current = next
        }
        values[current] = value
        rows[current] = row
        return true
    }
}
