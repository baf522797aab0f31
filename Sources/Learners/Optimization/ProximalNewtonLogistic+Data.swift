import HyperplanNumerics

/// The inner solve of `ProximalNewtonLogistic` with the Hessian applied through the data (newGLMNET's form).
extension ProximalNewtonState {
    /// Minimises the model gᵀd + ½dᵀHd + λ₁‖θ + d‖₁ over the active coordinates by cyclic coordinate descent,
    /// writing θ + d into `trial` (coefficients that reach zero are exactly zero there). Returns the sweeps made.
    mutating func solveModelThroughData(
        theta: [Double], trial: inout [Double], gradient: [Double], diagonal: [Double], active: [Int], l1: Double,
        l2: Double, tolerance: Double, maxSweeps: Int
    ) -> Int {
        let n = self.n, p = self.p, stride = self.stride, vectors = self.vectors
        let ridge = l2 + 1e-12
        for index in direction.indices { direction[index] = 0 }
        for i in 0..<n { mixed[i] = 0 }
        var sweeps = 0
        columns.withUnsafeBufferPointer { x in
            ones.withUnsafeBufferPointer { ones in
                curvature.withUnsafeBufferPointer { c in
                    probabilities.withUnsafeBufferPointer { prob in
                        direction.withUnsafeMutableBufferPointer { u in
                            mixed.withUnsafeMutableBufferPointer { t in
                                while sweeps < maxSweeps {
                                    sweeps += 1
                                    var violation = 0.0
                                    for index in active {
                                        let k = index / stride, j = index % stride
                                        let isIntercept = j == p
                                        let column = isIntercept ? ones : x.run(from: j * n, count: n)
                                        let uk = u.run(from: k * n, count: n)
                                        let ck = c.run(from: k * n, count: n)
                                        let step = trial[index] - theta[index]
                                        // (H·d) for this coordinate: the data part through u, plus the ridge.
                                        var hd: Double
                                        if vectors == 1 {
                                            hd = ColumnKernels.dot(column, ck, uk.readOnly)
                                        } else {
                                            hd = ColumnKernels.dotDifference(column, ck, uk.readOnly, t.readOnly)
                                        }
                                        hd += (isIntercept ? 1e-12 : ridge) * step
                                        let g = gradient[index] + hd
                                        let h = diagonal[index]
                                        let current = trial[index]
                                        let target: Double
                                        if isIntercept {
                                            target = current - g / h
                                            violation = max(violation, abs(g))
                                        } else {
                                            target = Self.shrunk(current - g / h, threshold: l1 / h)
                                            violation = max(violation, Self.violation(g, at: current, l1: l1))
                                        }
                                        let change = target - current
                                        if change == 0 { continue }
                                        trial[index] = target
                                        ColumnKernels.addScaled(change, column, to: uk)
                                        if vectors > 1 {
                                            let pk = prob.run(from: k * n, count: n)
                                            for i in 0..<n { t[i] += change * pk[i] * column[i] }
                                        }
                                    }
                                    if violation <= tolerance { break }
                                }
                            }
                        }
                    }
                }
            }
        }
        return sweeps
    }
}
