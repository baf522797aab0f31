import Foundation

/// An argument of a trial command with `{name}` placeholders, substituted per trial. `{{` and `}}` stand for
/// literal braces. Each template stays exactly one argument, whatever the substituted values contain.
public struct ArgumentTemplate: Sendable, Hashable {
    public var text: String

    public init(_ text: String) { self.text = text }

    /// The placeholder names the template uses, in order.
    public var placeholders: [String] {
        var names: [String] = []
        let plain = text.replacingOccurrences(of: "{{", with: "").replacingOccurrences(of: "}}", with: "")
        var remaining = Substring(plain)
        while let open = remaining.firstIndex(of: "{"), let close = remaining[open...].firstIndex(of: "}") {
            names.append(String(remaining[remaining.index(after: open)..<close]))
            remaining = remaining[remaining.index(after: close)...]
        }
        return names
    }

    /// The argument with every placeholder replaced by `values[name]`, or the first name `values` lacks.
    public func substituted(_ values: [String: String]) -> Result<String, UnknownPlaceholder> {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                output.append("{")
                index = text.index(after: next)
            } else if character == "}", next < text.endIndex, text[next] == "}" {
                output.append("}")
                index = text.index(after: next)
            } else if character == "{", let close = text[next...].firstIndex(of: "}") {
                let name = String(text[next..<close])
                guard let value = values[name] else { return .failure(UnknownPlaceholder(name: name)) }
                output.append(value)
                index = text.index(after: close)
            } else {
                output.append(character)
                index = next
            }
        }
        return .success(output)
    }

    public struct UnknownPlaceholder: Error, Sendable, Hashable {
        public var name: String
        public init(name: String) { self.name = name }
    }
}
