import HyperplanCore
import HyperplanNumerics
import Testing

/// Each summation order of `Cholesky` reproduces, bit for bit, the arithmetic of the implementation it
/// replaced: the learners' column-by-column factorisation with products subtracted one at a time, and the
/// Gaussian process's row-by-row factorisation with blocked SIMD sums. Fitted parameters and suggestions
/// depend on every bit, so equality here is exact.
@Suite("Cholesky summation orders")
struct CholeskySummationTests {
    /// A random symmetric positive definite n × n matrix: BᵀB + n·I.
    static func matrix(size n: Int, key: String) -> [Double] {
        var generator = SeededGenerator(seed: 11, key: key)
        let b = (0..<(n * n)).map { _ in generator.nextGaussian() }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var sum = i == j ? Double(n) : 0
                for k in 0..<n { sum += b[k * n + i] * b[k * n + j] }
                a[i * n + j] = sum
            }
        }
        return a
    }

    static let sizes = [1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 16, 17, 23]

    @Test("sequential: the factor and solve the learners always had", arguments: sizes)
    func sequential(size n: Int) throws {
        let a = Self.matrix(size: n, key: "sequential/\(n)")
        let factor = try #require(Cholesky(a, size: n, summation: .sequential, jitter: .none))
        // The learners' former `Cholesky`: column by column (Crout order), one product at a time.
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var diagonal = a[j * n + j]
            for k in 0..<j { diagonal -= l[j * n + k] * l[j * n + k] }
            let pivot = diagonal.squareRoot()
            l[j * n + j] = pivot
            for i in (j + 1)..<max(j + 1, n) {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = sum / pivot
            }
        }
        #expect(factor.lower == l)
        let b = (0..<n).map { Double($0) - 2.5 }
        var x = b
        for i in 0..<n {
            var sum = x[i]
            for k in 0..<i { sum -= l[i * n + k] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[i]
            for k in (i + 1)..<max(i + 1, n) { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        #expect(factor.solve(b) == x)
    }

    /// The Gaussian process's former blocked dot product.
    static func blockedDot(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>, count: Int) -> Double {
        let a = Array(a), b = Array(b)
        var first = SIMD4<Double>(), second = SIMD4<Double>()
        var k = 0
        func load(_ x: [Double], _ k: Int) -> SIMD4<Double> { SIMD4(x[k], x[k + 1], x[k + 2], x[k + 3]) }
        while k + 8 <= count {
            first += load(a, k) * load(b, k)
            second += load(a, k + 4) * load(b, k + 4)
            k += 8
        }
        if k + 4 <= count {
            first += load(a, k) * load(b, k)
            k += 4
        }
        let lanes = first + second
        var sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
        while k < count {
            sum += a[k] * b[k]
            k += 1
        }
        return sum
    }

    @Test("blocked: the factor, solve and inverse the Gaussian process always had", arguments: sizes)
    func blocked(size n: Int) throws {
        let a = Self.matrix(size: n, key: "blocked/\(n)")
        let factor = try #require(Cholesky(a, size: n, summation: .blocked, jitter: .escalating))
        #expect(factor.jitter == 0)
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                let sum = a[i * n + j] - Self.blockedDot(l[(i * n)...], l[(j * n)...], count: j)
                l[i * n + j] = i == j ? sum.squareRoot() : sum / l[j * n + j]
            }
        }
        #expect(factor.lower == l)
        let b = (0..<n).map { Double($0) - 2.5 }
        var x = b
        for i in 0..<n { x[i] = (x[i] - Self.blockedDot(l[(i * n)...], x[...], count: i)) / l[i * n + i] }
        for i in stride(from: n - 1, through: 0, by: -1) {
            let value = x[i] / l[i * n + i]
            x[i] = value
            for k in 0..<i { x[k] -= l[i * n + k] * value }
        }
        #expect(factor.solve(b) == x)
        var transposedInverse = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            transposedInverse[j * n + j] = 1 / l[j * n + j]
            for i in (j + 1)..<max(j + 1, n) {
                let sum = Self.blockedDot(l[(i * n + j)...], transposedInverse[(j * n + j)...], count: i - j)
                transposedInverse[j * n + i] = -sum / l[i * n + i]
            }
        }
        var inverse = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                let value = Self.blockedDot(
                    transposedInverse[(i * n + i)...], transposedInverse[(j * n + i)...], count: n - i)
                inverse[i * n + j] = value
                inverse[j * n + i] = value
            }
        }
        #expect(factor.inverse() == inverse)
    }
}
