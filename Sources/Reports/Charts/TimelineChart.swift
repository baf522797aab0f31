import HyperplanCore
import ResultBundle

/// When each fit ran and on which worker slot: one row per slot (per session, when the run was resumed), one
/// bar per fit, coloured by its trial's status. Gaps are idle slots; long bars are stragglers; short orange bars
/// are trials pruned early. From `timings.json`, the bundle's only wall-clock file.
enum TimelineChart {
    /// Above this many fits, bars are merged into one path per row and status, without hover text.
    static let individualBarLimit = 3000

    static func figure(_ model: ReportModel) -> Figure? {
        guard let timings = model.snapshot.timings else { return nil }
        let fits = timings.nodes.filter { $0.trial != nil }
        guard !fits.isEmpty else { return nil }
        let statusByTrial = Dictionary(model.trials.map { ($0.trial, $0) }, uniquingKeysWith: { first, _ in first })
        // Rows: (session, slot) pairs in order; sessions are laid side by side on the time axis.
        let rows = Set(timings.nodes.map { RowKey(session: $0.session, slot: $0.slot) }).sorted()
        var sessionOffset: [Int: Double] = [:]
        var offset = 0.0
        for session in 0..<max(timings.sessions, 1) {
            sessionOffset[session] = offset
            let end = timings.nodes.filter { $0.session == session }.map { $0.start + $0.seconds }.max() ?? 0
            offset += end + (timings.sessions > 1 ? end * 0.02 : 0)
        }
        let height = max(Double(rows.count) * 18, 96) + 60
        var frame = PlotFrame(
            width: 900, height: height, margins: (left: 110, right: 16, top: 10, bottom: 50),
            xAxis: { Scale.fitting([0, max(offset, 1e-3)], log: false, range: $0) },
            yAxis: { Scale(kind: .linear, domain: 0...Double(max(rows.count, 1)), range: $0) })
        frame.drawAxesForRows(
            rows.map { timings.sessions > 1 ? "run \($0.session + 1) · slot \($0.slot)" : "slot \($0.slot)" },
            xTitle: "time since the run started (seconds)", yTitle: "worker slot")
        let rowHeight = frame.plotHeight / Double(max(rows.count, 1))
        let rowIndex = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($0.element, $0.offset) })
        let many = timings.nodes.count > individualBarLimit
        var merged: [String: String] = [:]
        for node in timings.nodes {
            guard let row = rowIndex[RowKey(session: node.session, slot: node.slot)] else { continue }
            let start = (sessionOffset[node.session] ?? 0) + node.start
            let x0 = frame.x(start), x1 = max(frame.x(start + node.seconds), x0 + 0.6)
            let y = frame.y(Double(rows.count - row)) + 2
            let trial = node.trial.flatMap { statusByTrial[$0] }
            let color: String
            switch trial?.status {
            case nil: color = Palette.grey
            case .ok: color = Palette.validation
            case .pruned: color = Palette.orange
            default: color = Palette.vermillion
            }
            if many {
                merged[color, default: ""] +=
                    "M\(SVGCanvas.number(x0)) \(SVGCanvas.number(y))H\(SVGCanvas.number(x1))V\(SVGCanvas.number(y + rowHeight - 4))H\(SVGCanvas.number(x0))Z"
            } else {
                var title =
                    "\(node.label): \(ReportModel.number(node.seconds)) s from \(ReportModel.number(node.start)) s"
                if let trial { title += " · " + model.describe(trial) }
                frame.canvas.rect(x: x0, y: y, width: x1 - x0, height: rowHeight - 4, fill: color, title: title)
            }
        }
        for (color, data) in merged.sorted(by: { $0.key < $1.key }) { frame.canvas.path(data, fill: color) }
        let sessions =
            timings.sessions > 1 ? " The run was resumed: its \(timings.sessions) runs are laid side by side." : ""
        return Figure(
            id: "timeline", title: "Timeline",
            caption:
                "Each bar a fit on its worker slot: blue ok, orange pruned, red failed, grey other steps (data, preprocessing, refit).\(sessions)\(many ? " Hover text is off above \(individualBarLimit) bars." : "")",
            svg: frame.canvas.render(label: "timeline of the run"), data: ["timeline.csv"])
    }

    struct RowKey: Hashable, Comparable {
        var session: Int
        var slot: Int
        static func < (lhs: RowKey, rhs: RowKey) -> Bool { (lhs.session, lhs.slot) < (rhs.session, rhs.slot) }
    }
}

extension PlotFrame {
    /// A time axis along x and one labelled row per entry of `rows` along y (the first at the top).
    mutating func drawAxesForRows(_ rows: [String], xTitle: String, yTitle: String) {
        for tick in x.ticks(count: max(2, Int(plotWidth / 90))) {
            let position = x(tick.value)
            guard position >= left - 0.5, position <= right + 0.5 else { continue }
            canvas.line(x1: position, y1: top, x2: position, y2: bottom, stroke: "#eeeeee", cssClass: "grid")
            canvas.text(tick.label, x: position, y: bottom + 16, anchor: .middle)
        }
        for (index, label) in rows.enumerated() {
            let center = y(Double(rows.count - index)) + (y(0) - y(1)) / 2
            canvas.text(label, x: left - 6, y: center + 4, anchor: .end)
        }
        canvas.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#888888", cssClass: "axis")
        canvas.text(xTitle, x: (left + right) / 2, y: canvas.height - 8, anchor: .middle, cssClass: "axis-title")
        canvas.text(yTitle, x: 14, y: (top + bottom) / 2, anchor: .middle, cssClass: "axis-title", rotate: -90)
    }
}
