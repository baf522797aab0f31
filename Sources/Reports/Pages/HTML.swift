/// Text made safe for HTML and SVG: every string that comes from a user's files (experiment names, column
/// names, category values, a program's standard error) goes through `escape` before it reaches a page.
enum HTML {
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\0": output += "\u{FFFD}"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }

    /// An element with escaped text content.
    static func element(_ name: String, _ text: String, cssClass: String? = nil) -> String {
        let attribute = cssClass.map { " class=\"\(escape($0))\"" } ?? ""
        return "<\(name)\(attribute)>\(escape(text))</\(name)>"
    }
}
