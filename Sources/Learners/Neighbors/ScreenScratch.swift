/// Per-query working memory of a screened search, for one block of queries.
struct ScreenScratch {
    /// Most rows a query can have waiting for exact distances: 3 left from earlier panels plus a panel's 8.
    static let pendingCapacity = 12
    /// The block's queries, scaled, each column pair repeated in 4 lanes.
    let block: UnsafeMutablePointer<SIMD8<Int16>>
    /// One query's scaled columns (and a padding 0), while preparing the block.
    let scaled: UnsafeMutablePointer<Int16>
    /// Squared scaled norms, by slot (NaN for an unscreened query).
    let norms: UnsafeMutablePointer<Double>
    /// b_q by slot; updated whenever the query's heap root falls.
    let terms: UnsafeMutablePointer<Float>
    /// Rows that passed the screen and wait for their exact distances, `pendingCapacity` per slot, in order.
    let pending: UnsafeMutablePointer<Int>
    let pendingCounts: UnsafeMutablePointer<Int>

    init(blockSize: Int, pairs: Int) {
        block = .allocate(capacity: max(1, blockSize * pairs))
        block.initialize(repeating: SIMD8(), count: max(1, blockSize * pairs))
        scaled = .allocate(capacity: 2 * pairs + 2)
        scaled.initialize(repeating: 0, count: 2 * pairs + 2)
        norms = .allocate(capacity: blockSize)
        norms.initialize(repeating: 0, count: blockSize)
        terms = .allocate(capacity: blockSize)
        terms.initialize(repeating: 0, count: blockSize)
        pending = .allocate(capacity: blockSize * Self.pendingCapacity)
        pending.initialize(repeating: 0, count: blockSize * Self.pendingCapacity)
        pendingCounts = .allocate(capacity: blockSize)
        pendingCounts.initialize(repeating: 0, count: blockSize)
    }

    func deallocate() {
        block.deallocate()
        scaled.deallocate()
        norms.deallocate()
        terms.deallocate()
        pending.deallocate()
        pendingCounts.deallocate()
    }
}
