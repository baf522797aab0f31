import Foundation

/// One chart on a page: a titled `<figure>` holding the SVG, a caption saying how to read it, and links to the
/// CSV files with its data.
///
/// The browser check relies on this shape: a chart is a `figure.chart` with a `data-chart` name, and holds at
/// least one element of class `mark`.
struct Figure {
    var id: String
    var title: String
    var caption: String
    var svg: String
    /// CSV files (in the page's `data/` folder) holding the chart's data.
    var data: [String]

    var html: String {
        var parts = ["<figure class=\"chart\" id=\"\(HTML.escape(id))\" data-chart=\"\(HTML.escape(id))\">"]
        parts.append("<figcaption><strong>\(HTML.escape(title))</strong> \(HTML.escape(caption))</figcaption>")
        parts.append(svg)
        if !data.isEmpty {
            let links = data.map { "<a href=\"data/\(HTML.escape($0))\">\(HTML.escape($0))</a>" }
            parts.append("<p class=\"data\">data: \(links.joined(separator: ", "))</p>")
        }
        parts.append("</figure>")
        return parts.joined(separator: "\n")
    }
}

/// A table written as a CSV file beside a page: RFC 4180 quoting, `\n` line ends, numbers in shortest
/// round-trip form, so pandas reads back exactly the values the bundle holds.
struct CSVTable {
    var name: String
    var header: [String]
    var rows: [[String]] = []

    init(name: String, header: [String]) {
        self.name = name
        self.header = header
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    var text: String {
        var output = header.map(CSVTable.field).joined(separator: ",") + "\n"
        for row in rows { output += row.map(CSVTable.field).joined(separator: ",") + "\n" }
        return output
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number as written in the bundle (shortest round trip), empty when missing or not finite.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return value.description
    }
}
