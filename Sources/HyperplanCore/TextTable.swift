import Foundation

/// Columns of text padded to their widest cell, two spaces apart, for the commands' tables.
package enum TextTable {
    /// - Parameter rightAligned: the columns (by position) to align right, such as numbers.
    package static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let widths = header.indices.map { column in
            ([header] + rows).map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([format(header)] + rows.map(format)).joined(separator: "\n") + "\n"
    }
}
