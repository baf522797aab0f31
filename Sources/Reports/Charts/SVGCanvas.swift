import HyperplanCore

/// An SVG drawing built as text. Every coordinate is written with one decimal and every string escaped, so the
/// same data gives the same bytes and nothing from a user's files can become markup.
///
/// Marks (the shapes that stand for data) carry the class `mark`, which the browser check counts; hover text is
/// an SVG `<title>` inside the mark, so the page needs no script to show a point's trial and configuration.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var parts: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let text = NumberFormatting.fixed(value, digits: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    private static func attributes(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { name, value in value.map { " \(name)=\"\(HTML.escape($0))\"" } }.joined()
    }

    private mutating func element(_ name: String, _ pairs: [(String, String?)], title: String?) {
        let head = "<\(name)\(SVGCanvas.attributes(pairs))"
        if let title {
            parts.append(head + "><title>\(HTML.escape(title))</title></\(name)>")
        } else {
            parts.append(head + "/>")
        }
    }

    mutating func circle(
        x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil,
        opacity: Double? = nil, mark: Bool = true, title: String? = nil
    ) {
        element(
            "circle",
            [
                ("class", mark ? "mark" : nil), ("cx", Self.number(x)), ("cy", Self.number(y)),
                ("r", Self.number(radius)), ("fill", fill), ("stroke", stroke),
                ("fill-opacity", opacity.map { NumberFormatting.fixed($0, digits: 2) }),
            ], title: title)
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
        mark: Bool = true, title: String? = nil
    ) {
        element(
            "rect",
            [
                ("class", mark ? "mark" : nil), ("x", Self.number(x)), ("y", Self.number(y)),
                ("width", Self.number(max(width, 0))), ("height", Self.number(max(height, 0))), ("fill", fill),
                ("stroke", stroke),
            ], title: title)
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil, cssClass: String? = nil
    ) {
        element(
            "line",
            [
                ("class", cssClass), ("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)),
                ("y2", Self.number(y2)), ("stroke", stroke), ("stroke-width", Self.number(width)),
                ("stroke-dasharray", dash),
            ], title: nil)
    }

    /// A polyline through `points` (in pixels); a `nil` point breaks the line.
    mutating func polyline(
        _ points: [(Double, Double)?], stroke: String, width: Double = 1.5, dash: String? = nil,
        opacity: Double? = nil, mark: Bool = true, title: String? = nil
    ) {
        var data = ""
        var pen = false
        for point in points {
            guard let (x, y) = point, x.isFinite, y.isFinite else {
                pen = false
                continue
            }
            data += (pen ? "L" : "M") + Self.number(x) + " " + Self.number(y)
            pen = true
        }
        guard !data.isEmpty else { return }
        path(data, stroke: stroke, width: width, dash: dash, opacity: opacity, mark: mark, title: title)
    }

    /// A raw path (`d` built by the caller from `SVGCanvas.number`).
    mutating func path(
        _ data: String, fill: String = "none", stroke: String? = nil, width: Double = 1.5,
        dash: String? = nil, opacity: Double? = nil, linecap: String? = nil, mark: Bool = true, title: String? = nil
    ) {
        element(
            "path",
            [
                ("class", mark ? "mark" : nil), ("d", data), ("fill", fill), ("stroke", stroke),
                ("stroke-width", stroke == nil ? nil : Self.number(width)), ("stroke-dasharray", dash),
                ("stroke-linecap", linecap),
                ("stroke-opacity", opacity.map { NumberFormatting.fixed($0, digits: 2) }),
            ], title: title)
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(
        _ string: String, x: Double, y: Double, anchor: Anchor = .start, cssClass: String = "tick",
        rotate: Double? = nil
    ) {
        let transform = rotate.map { "rotate(\(Self.number($0)) \(Self.number(x)) \(Self.number(y)))" }
        parts.append(
            "<text\(SVGCanvas.attributes([("class", cssClass), ("x", Self.number(x)), ("y", Self.number(y)), ("text-anchor", anchor.rawValue), ("transform", transform)]))>"
                + HTML.escape(string) + "</text>")
    }

    /// The drawing as an `<svg>` element; `label` is its accessible name.
    func render(label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
            + "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" role=\"img\" aria-label=\"\(HTML.escape(label))\">"
            + parts.joined() + "</svg>"
    }
}
