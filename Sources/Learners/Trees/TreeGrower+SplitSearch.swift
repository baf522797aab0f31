import HyperplanCore

/// The best-split search of one node: scikit-learn's `node_split_best` over presorted ranks.
extension TreeGrower {
    @inline(__always)
    private static func swap(_ buffer: UnsafeMutablePointer<Int>, _ i: Int, _ j: Int) {
        let held = buffer[i]
        buffer[i] = buffer[j]
        buffer[j] = held
    }

    /// The best split of `rows[start..<end]` over the features examined, with the rows partitioned by it.
    ///
    /// With `maxFeatures` below the feature count, features are drawn as scikit-learn's `node_split_best`
    /// draws them (Fisher–Yates without replacement, known constant features skipped, and drawing goes on
    /// past `maxFeatures` until a non-constant feature has been examined), from this tree's sampler.
    /// Otherwise (unless `drawsEveryOrder`) every non-constant feature is examined in index order, so exact
    /// ties go to the lowest feature index, where scikit-learn breaks them by its random feature order.
    /// Returns the split and the number of features now known constant, listed first in `constantFeatures`.
    mutating func findSplit(start: Int, end: Int, weight: Double, impurity: Double, knownConstants: Int)
        -> (NodeSplit?, Int)
    {
        var best = SplitCandidate()
        let featureCount = layout.featureCount
        var totalConstants = knownConstants
        if limits.maxFeatures >= featureCount, !drawsEveryOrder {
            for index in 0..<knownConstants { isConstant[constantFeatures[index]] = true }
            for feature in 0..<featureCount where !isConstant[feature] {
                if !examine(feature: feature, start: start, end: end, best: &best) {
                    constantFeatures[totalConstants] = feature
                    totalConstants += 1
                }
            }
            for index in 0..<knownConstants { isConstant[constantFeatures[index]] = false }
        } else {
            var unvisited = featureCount
            var visited = 0, found = 0, drawn = 0
            while unvisited > totalConstants, visited < limits.maxFeatures || visited <= found + drawn {
                visited += 1
                var draw = drawn + sampler.index(below: unvisited - found - drawn)
                if draw < knownConstants {
                    Self.swap(features, drawn, draw)
                    drawn += 1
                    continue
                }
                draw += found
                if !examine(feature: features[draw], start: start, end: end, best: &best) {
                    Self.swap(features, draw, totalConstants)
                    found += 1
                    totalConstants += 1
                    continue
                }
                unvisited -= 1
                Self.swap(features, unvisited, draw)
            }
            for index in 0..<knownConstants { features[index] = constantFeatures[index] }
            for index in knownConstants..<totalConstants { constantFeatures[index] = features[index] }
        }
        guard best.feature >= 0 else { return (nil, totalConstants) }

        let column = layout.ranks + best.feature * layout.rowCount
        var leftEnd = start, rightCount = 0
        for index in start..<end {
            let row = rows[index]
            if column[Int(row)] <= best.rank {
                rows[leftEnd] = row
                leftEnd += 1
            } else {
                rowScratch[rightCount] = row
                rightCount += 1
            }
        }
        (rows + leftEnd).update(from: rowScratch, count: rightCount)
        let left = criterion.impurity(rows: rows + start, count: leftEnd - start)
        let right = criterion.impurity(rows: rows + leftEnd, count: end - leftEnd)
        let improvement =
            (weight / totalWeight)
            * (impurity - (right.weight / weight * right.impurity) - (left.weight / weight * left.impurity))
        let split = NodeSplit(
            feature: best.feature, threshold: best.threshold, position: leftEnd, impurityLeft: left.impurity,
            impurityRight: right.impurity, improvement: improvement)
        return (split, totalConstants)
    }

    /// Sorts the node's samples by `feature` and scans every split position between distinct values,
    /// keeping the best candidate in `best`. Returns `false` when the feature is constant in the node.
    @inline(__always)
    private mutating func examine(feature: Int, start: Int, end: Int, best: inout SplitCandidate) -> Bool {
        let count = end - start
        let nodeRows = rows + start
        let payloads = criterion.payloads
        var low = UInt32.max, high: UInt32 = 0
        if count &* Self.sparseRatio < layout.rowCount {
            let byRow = layout.rowRanks + feature
            let stride = layout.featureCount
            for local in 0..<count {
                let rank = byRow[Int(nodeRows[local]) &* stride]
                keys[local] = UInt64(rank) << 32 | UInt64(payloads[local])
                low = min(low, rank)
                high = max(high, rank)
            }
        } else {
            let column = layout.ranks + feature &* layout.rowCount
            for local in 0..<count {
                let rank = column[Int(nodeRows[local])]
                keys[local] = UInt64(rank) << 32 | UInt64(payloads[local])
                low = min(low, rank)
                high = max(high, rank)
            }
        }
        let levelOffset = layout.levelStart[feature]
        let values = layout.levels + levelOffset
        let close = layout.closeToPrevious
        // Constant when the node's values span no more than the threshold: equal ranks, or (rarely) a run of
        // close levels. Distinct ranks whose second level is not close to the first are never constant, which
        // spares a look-up of the values.
        if low == high { return false }
        let second = levelOffset + Int(low) + 1
        if close[second >> 6] & (1 << UInt64(second & 63)) != 0,
            values[Int(high)] <= values[Int(low)] + Self.featureThreshold
        {
            return false
        }
        let sorted = RankSort.sort(
            keys, scratch: keyScratch, count: count, low: low, span: high - low, histogram: histogram)
        criterion.beginScan(order: sorted, count: count)
        let minLeaf = limits.minSamplesLeaf
        var previousRank = UInt32(truncatingIfNeeded: sorted[0] >> 32)
        var position = 0
        let last = count - minLeaf
        while position < last {
            criterion.moveLeft(UInt32(truncatingIfNeeded: sorted[position]))
            position &+= 1
            let rank = UInt32(truncatingIfNeeded: sorted[position] >> 32)
            if rank == previousRank { continue }
            // A split between distinct values, unless they are within the threshold: only possible when the
            // level above the previous one is (the levels between are absent from the node).
            let above = levelOffset + Int(previousRank) + 1
            let isBoundary =
                close[above >> 6] & (1 << UInt64(above & 63)) == 0
                || values[Int(rank)] > values[Int(previousRank)] + Self.featureThreshold
            if isBoundary, position >= minLeaf {
                let proxy = criterion.proxyImprovement(leftCount: position)
                if proxy > best.proxy {
                    best = SplitCandidate(
                        feature: feature, rank: previousRank,
                        threshold: Double(values[Int(previousRank)]) / 2 + Double(values[Int(rank)]) / 2, proxy: proxy)
                }
            }
            previousRank = rank
        }
        return true
    }
}
