import Foundation

/// `sklearn.utils._sorting.simultaneous_sort`: 2-way introsort with insertion sort below 16 elements, so
/// that equal distances end in the same order as scikit-learn's.
enum SimultaneousSort {
    static func sort(_ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, count: Int) {
        guard count > 0 else { return }
        introsort(values, rows, count, depth: 2 * Int(Foundation.log2(Double(count))))
    }

    private static func introsort(
        _ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ count: Int, depth: Int
    ) {
        var values = values, rows = rows, n = count, depth = depth
        while n > 15 {
            if depth <= 0 {
                heapsort(values, rows, n)
                return
            }
            depth -= 1
            let pivot = medianOfThree(values, rows, n)
            var i = 1, j = n - 2
            while true {
                while i <= j && values[i] < pivot { i += 1 }
                while i <= j && values[j] > pivot { j -= 1 }
                if i >= j { break }
                exchange(values, rows, i, j)
                i += 1
                j -= 1
            }
            exchange(values, rows, i, n - 1)
            introsort(values, rows, i, depth: depth)
            values += i + 1
            rows += i + 1
            n -= i + 1
        }
        insertionSort(values, rows, n)
    }

    /// Orders the first, middle and last values so that the last is their median, and returns it.
    private static func medianOfThree(
        _ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ n: Int
    ) -> Double {
        let middle = n / 2
        if values[0] > values[n - 1] { exchange(values, rows, 0, n - 1) }
        if values[n - 1] > values[middle] {
            exchange(values, rows, n - 1, middle)
            if values[0] > values[n - 1] { exchange(values, rows, 0, n - 1) }
        }
        return values[n - 1]
    }

    private static func heapsort(_ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ n: Int) {
        var start = (n - 2) / 2
        while true {
            siftDown(values, rows, start, n)
            if start == 0 { break }
            start -= 1
        }
        var end = n - 1
        while end > 0 {
            exchange(values, rows, 0, end)
            siftDown(values, rows, 0, end)
            end -= 1
        }
    }

    private static func siftDown(
        _ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ start: Int, _ end: Int
    ) {
        var root = start
        while true {
            let child = root * 2 + 1
            var largest = root
            if child < end && values[largest] < values[child] { largest = child }
            if child + 1 < end && values[largest] < values[child + 1] { largest = child + 1 }
            if largest == root { return }
            exchange(values, rows, root, largest)
            root = largest
        }
    }

    private static func insertionSort(
        _ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ n: Int
    ) {
        guard n > 1 else { return }
        for i in 1..<n {
            let value = values[i], row = rows[i]
            var j = i
            while j > 0 && values[j - 1] > value {
                values[j] = values[j - 1]
                rows[j] = rows[j - 1]
                j -= 1
            }
            values[j] = value
            rows[j] = row
        }
    }

    @inline(__always)
    private static func exchange(
        _ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ i: Int, _ j: Int
    ) {
        (values[i], values[j]) = (values[j], values[i])
        (rows[i], rows[j]) = (rows[j], rows[i])
    }
}
