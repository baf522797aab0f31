extension UnitCoordinates {
    /// The grids of CMA-ES with margin, one per linear integer dimension among the ordered ones: in unit
    /// coordinates the integers lo ... hi sit at the centres (j + ½)/k of k = hi − lo + 1 equal cells, so the
    /// first value is 1/(2k), the step 1/k. Positions are in the order of `orderedDimensions`.
    ///
    /// Log integers are left to rounding, as Optuna leaves them (its margin covers stepped, non-log
    /// distributions), and so are ranges of more than 2³⁰ integers, whose cells are too fine to collapse onto.
    package var marginGrids: [(coordinate: Int, low: Double, step: Double, size: Int)] {
        orderedDimensions.enumerated().compactMap { position, dimension in
            guard kinds[dimension] == .integer,
                case .integer(let lower, let upper, let log, _) = space.dimensions[dimension].domain, !log
            else { return nil }
            let (span, overflow) = upper.subtractingReportingOverflow(lower)
            guard !overflow, span >= 1, span < 1 << 30 else { return nil }
            let count = Double(span + 1)
            return (position, 0.5 / count, 1 / count, span + 1)
        }
    }
}
