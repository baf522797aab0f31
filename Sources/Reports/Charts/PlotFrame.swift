/// A chart's plotting area inside its canvas: the margins, the two scales and the axes with their ticks, grid
/// lines and titles (every axis has a title with its unit).
struct PlotFrame {
    static let defaultSize = (width: 560.0, height: 340.0)

    var canvas: SVGCanvas
    let x: Scale
    let y: Scale
    let left: Double
    let right: Double
    let top: Double
    let bottom: Double

    /// - Parameters:
    ///   - xAxis: how to build the x scale for a pixel range (`Scale.fitting` or `Scale.categories`).
    init(
        width: Double = PlotFrame.defaultSize.width, height: Double = PlotFrame.defaultSize.height,
        margins: (left: Double, right: Double, top: Double, bottom: Double) = (64, 16, 14, 52),
        rotatedXLabels: Bool = false,
        xAxis: ((Double, Double)) -> Scale, yAxis: ((Double, Double)) -> Scale
    ) {
        // Slanted category labels need room below the axis, above its title.
        let extra = rotatedXLabels ? 40.0 : 0
        canvas = SVGCanvas(width: width, height: height + extra)
        left = margins.left
        right = width - margins.right
        top = margins.top
        bottom = height - margins.bottom
        x = xAxis((left, right))
        y = yAxis((bottom, top))
    }

    var plotWidth: Double { right - left }
    var plotHeight: Double { bottom - top }

    /// Draws both axes: grid lines at the ticks, tick labels, and the axis titles.
    mutating func drawAxes(xTitle: String, yTitle: String, xTickRotation: Double? = nil) {
        for tick in y.ticks() {
            let position = y(tick.value)
            guard position >= top - 0.5, position <= bottom + 0.5 else { continue }
            canvas.line(x1: left, y1: position, x2: right, y2: position, stroke: "#e3e3e3", cssClass: "grid")
            canvas.text(tick.label, x: left - 6, y: position + 4, anchor: .end)
        }
        let xTicks = x.ticks(count: max(2, Int(plotWidth / 90)))
        let crowded = xTicks.count > Int(plotWidth / 40)
        for (index, tick) in xTicks.enumerated() {
            let position = x(tick.value)
            guard position >= left - 0.5, position <= right + 0.5 else { continue }
            canvas.line(x1: position, y1: top, x2: position, y2: bottom, stroke: "#eeeeee", cssClass: "grid")
            // Too many categories for their labels: label every other one.
            if crowded, index % 2 == 1 { continue }
            let label = tick.label.count > 18 ? String(tick.label.prefix(17)) + "…" : tick.label
            if let rotation = xTickRotation {
                canvas.text(label, x: position + 4, y: bottom + 14, anchor: .end, rotate: rotation)
            } else {
                canvas.text(label, x: position, y: bottom + 16, anchor: .middle)
            }
        }
        canvas.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#888888", cssClass: "axis")
        canvas.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#888888", cssClass: "axis")
        canvas.text(xTitle, x: (left + right) / 2, y: canvas.height - 8, anchor: .middle, cssClass: "axis-title")
        canvas.text(
            yTitle, x: 14, y: (top + bottom) / 2, anchor: .middle, cssClass: "axis-title", rotate: -90)
    }

    /// Whether a pixel position lies inside the plotting area (with a little slack).
    func contains(_ px: Double, _ py: Double) -> Bool {
        px >= left - 1 && px <= right + 1 && py >= top - 1 && py <= bottom + 1
    }
}
