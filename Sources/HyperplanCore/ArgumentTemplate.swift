import Foundation

/// An argument of a trial command with `{name}` placeholders, substituted per trial. `{{` and `}}` stand for
/// literal braces. Each template stays exactly one argument, whatever the substituted values contain.
package struct ArgumentTemplate: Sendable, Hashable {
    package var text: String

    package init(_ text: String) { self.text = text }

    /// A piece of the template: literal text, or a placeholder's name.
    enum Segment: Equatable {
        case literal(String)
        case placeholder(String)
    }

    /// The template read left to right: `{{` and `}}` are literal braces, `{name}` a placeholder, and any other
    /// brace is literal text. Validation and substitution both read the template this way, so they agree.
    var segments: [Segment] {
        var segments: [Segment] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                literal.append("{")
                index = text.index(after: next)
            } else if character == "}", next < text.endIndex, text[next] == "}" {
                literal.append("}")
                index = text.index(after: next)
            } else if character == "{", let close = text[next...].firstIndex(of: "}") {
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                segments.append(.placeholder(String(text[next..<close])))
                index = text.index(after: close)
            } else {
                literal.append(character)
                index = next
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }

    /// The placeholder names the template uses, in order.
    package var placeholders: [String] {
        segments.compactMap { segment in
            if case .placeholder(let name) = segment { return name }
            return nil
        }
    }

    /// The argument with every placeholder replaced by `values[name]`, or the first name `values` lacks.
    package func substituted(_ values: [String: String]) -> Result<String, UnknownPlaceholder> {
        var output = ""
        for segment in segments {
            switch segment {
            case .literal(let text): output += text
            case .placeholder(let name):
                guard let value = values[name] else { return .failure(UnknownPlaceholder(name: name)) }
                output += value
            }
        }
        return .success(output)
    }

    package struct UnknownPlaceholder: Error, Sendable, Hashable {
        package var name: String
        package init(name: String) { self.name = name }
    }
}
