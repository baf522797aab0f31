import HyperplanCore
import Search

/// Reads an inline search domain (`{loguniform: [1e-3, 1e3], grid: 7}`) and checks it against the
/// option it stands for.
enum DomainReader {
    /// Whether a mapping node is written as a search domain (it has a domain name or a near miss as a key).
    static func looksLikeDomain(_ node: YAMLNode) -> Bool {
        guard let pairs = node.pairs else { return false }
        return pairs.contains { pair in
            guard let key = pair.key.text else { return false }
            return Domain.names.contains(key) || Suggestion.closest(to: key, among: Domain.names) != nil
                || key == "grid" || key == "log"
        }
    }

    static func read(_ node: YAMLNode, option: OptionSpec, path: String, reader: inout SpecReader) -> Domain? {
        guard let entries = reader.mapping(node, named: path) else { return nil }
        let kinds = entries.filter { Domain.names.contains($0.key) }
        reader.rejectUnknownKeys(entries, allowed: Domain.names + ["grid", "log"], in: path) { key in
            Suggestion.hint(for: key, among: Domain.names).map {
                "\($0) (search domains: \(Suggestion.list(Domain.names)))"
            }
        }
        guard let kind = kinds.first else {
            if entries.allSatisfy({ Domain.names.contains($0.key) || ["grid", "log"].contains($0.key) }) {
                reader.error(
                    "missing-key", "search domain for '\(path)' names no domain", at: node,
                    hint: "write one of \(Suggestion.list(Domain.names))")
            }
            return nil
        }
        if kinds.count > 1 {
            reader.error(
                "conflicting-keys",
                "a search domain has one kind, but '\(path)' gives \(Suggestion.list(kinds.map(\.key), conjunction: "and"))",
                at: kinds[1].keyNode)
            return nil
        }
        let grid = entries.first { $0.key == "grid" }
        let log = entries.first { $0.key == "log" }
        if kind.key == "choice" {
            for extra in [grid, log].compactMap({ $0 }) {
                reader.error("unknown-key", "'\(extra.key)' does not apply to a choice domain", at: extra.keyNode)
            }
            return readChoice(kind.value, option: option, path: path, reader: &reader)
        }
        if let log, kind.key != "int" {
            reader.error(
                "unknown-key", "'log' applies to int domains only", at: log.keyNode,
                hint: kind.key == "uniform" ? "use 'loguniform' for a log-scaled real range" : nil)
        }
        var gridCount: Int?
        if let grid {
            gridCount = reader.integer(grid.value, named: "grid", min: 2, max: 100_000)
            if gridCount == nil { return nil }
        }
        // A union option (a word, a count or a fraction) is searched over its numeric member.
        guard let searched = numericMember(of: option, integerDomain: kind.key == "int") else {
            reader.error(
                "domain-type-mismatch", "'\(path)' takes \(option.kind.phrase), not a numeric range", at: kind.value,
                hint: "use {choice: [...]}")
            return nil
        }
        switch kind.key {
        case "int":
            let useLog = log.flatMap { reader.boolean($0.value, named: "log") } ?? false
            return readInteger(kind.value, option: searched, path: path, log: useLog, grid: gridCount, reader: &reader)
        default:
            return readReal(kind.value, kind: kind.key, option: searched, path: path, grid: gridCount, reader: &reader)
        }
    }

    private static func readChoice(_ node: YAMLNode, option: OptionSpec, path: String, reader: inout SpecReader)
        -> Domain?
    {
        guard let items = node.items else {
            reader.error("wrong-type", "'choice' must be a list of values, found \(node.kindDescription)", at: node)
            return nil
        }
        guard !items.isEmpty else {
            reader.error("empty-domain", "'choice' for '\(path)' has no values", at: node)
            return nil
        }
        var values: [ParameterValue] = []
        var valid = true
        for item in items {
            guard let literal = item.parameterValue else {
                reader.error(
                    "wrong-type", "choices for '\(path)' must be literal values, found \(item.kindDescription)",
                    at: item)
                valid = false
                continue
            }
            if let problem = option.kind.problem(with: literal) {
                let hint: String?
                if case .enumeration(let allowed) = option.kind, let text = literal.stringValue {
                    hint = Suggestion.hint(for: text, among: allowed) ?? "expected \(Suggestion.list(allowed))"
                } else {
                    hint = nil
                }
                reader.error("invalid-value", "invalid choice for '\(path)': \(problem)", at: item, hint: hint)
                valid = false
                continue
            }
            let canonical = option.kind.canonical(literal)
            if values.contains(canonical) {
                reader.warning("duplicate-choice", "choice '\(canonical)' for '\(path)' is listed twice", at: item)
            }
            values.append(canonical)
        }
        return valid ? .choice(values) : nil
    }

    private static func bounds(_ node: YAMLNode, kind: String, path: String, reader: inout SpecReader) -> (
        YAMLNode, YAMLNode
    )? {
        guard let items = node.items, items.count == 2 else {
            reader.error(
                "wrong-type",
                "'\(kind)' must be a list of two bounds [low, high], found \(node.items.map { "a list of \($0.count)" } ?? node.kindDescription)",
                at: node)
            return nil
        }
        return (items[0], items[1])
    }

    private static func readReal(
        _ node: YAMLNode, kind: String, option: OptionSpec, path: String, grid: Int?, reader: inout SpecReader
    ) -> Domain? {
        switch option.kind {
        case .integer:
            reader.error(
                "domain-type-mismatch", "'\(path)' takes integers, but '\(kind)' draws real numbers", at: node,
                hint: "use {int: [low, high]}")
            return nil
        case .enumeration, .boolean, .text, .fractionOrCount, .integerList, .union:
            reader.error(
                "domain-type-mismatch", "'\(path)' takes \(option.kind.phrase), not a numeric range", at: node,
                hint: "use {choice: [...]}")
            return nil
        case .real:
            break
        }
        guard let (lowNode, highNode) = bounds(node, kind: kind, path: path, reader: &reader) else { return nil }
        guard let low = number(lowNode, reader: &reader), let high = number(highNode, reader: &reader) else {
            return nil
        }
        if low == high {
            reader.error(
                "empty-range",
                "the range [\(NumberFormatting.shortest(low)), \(NumberFormatting.shortest(high))] for '\(path)' is empty",
                at: node, hint: "write the literal value instead")
            return nil
        }
        if low > high {
            reader.error(
                "inverted-range",
                "the range for '\(path)' is inverted: \(NumberFormatting.shortest(low)) > \(NumberFormatting.shortest(high))",
                at: node, hint: "write [\(NumberFormatting.shortest(high)), \(NumberFormatting.shortest(low))]")
            return nil
        }
        if kind == "loguniform", low <= 0 {
            reader.error(
                "invalid-value", "'loguniform' needs a positive lower bound, found \(NumberFormatting.shortest(low))",
                at: lowNode)
            return nil
        }
        guard checkBounds(option: option, path: path, values: [(low, lowNode), (high, highNode)], reader: &reader)
        else { return nil }
        return kind == "loguniform"
            ? .logUniform(lower: low, upper: high, grid: grid) : .uniform(lower: low, upper: high, grid: grid)
    }

    private static func readInteger(
        _ node: YAMLNode, option: OptionSpec, path: String, log: Bool, grid: Int?, reader: inout SpecReader
    ) -> Domain? {
        switch option.kind {
        case .integer, .real: break
        case .enumeration, .boolean, .text, .fractionOrCount, .integerList, .union:
            reader.error(
                "domain-type-mismatch", "'\(path)' takes \(option.kind.phrase), not a numeric range", at: node,
                hint: "use {choice: [...]}")
            return nil
        }
        guard let (lowNode, highNode) = bounds(node, kind: "int", path: path, reader: &reader) else { return nil }
        guard let low = reader.integer(lowNode, named: "int lower bound"),
            let high = reader.integer(highNode, named: "int upper bound")
        else { return nil }
        if low > high {
            reader.error(
                "inverted-range", "the range for '\(path)' is inverted: \(low) > \(high)", at: node,
                hint: "write [\(high), \(low)]")
            return nil
        }
        if low == high {
            reader.warning(
                "single-value-range", "the range [\(low), \(high)] for '\(path)' holds one value", at: node,
                hint: "write the literal \(low) instead")
        }
        if log, low <= 0 {
            reader.error(
                "invalid-value", "a log-scaled int domain needs a positive lower bound, found \(low)", at: lowNode)
            return nil
        }
        guard
            checkBounds(
                option: option, path: path, values: [(Double(low), lowNode), (Double(high), highNode)], reader: &reader)
        else { return nil }
        return .integer(lower: low, upper: high, log: log, grid: grid)
    }

    /// The option itself, or for a union the member a numeric range searches (integers for `int`, else reals).
    private static func numericMember(of option: OptionSpec, integerDomain: Bool) -> OptionSpec? {
        guard case .union(let members) = option.kind else { return option }
        let integer = members.first { if case .integer = $0 { true } else { false } }
        let real = members.first { if case .real = $0 { true } else { false } }
        guard let member = integerDomain ? (integer ?? real) : real else { return nil }
        var copy = option
        copy.kind = member
        return copy
    }

    private static func number(_ node: YAMLNode, reader: inout SpecReader) -> Double? {
        switch node.scalar {
        case .int(let value)?: return Double(value)
        case .double(let value)? where value.isFinite: return value
        case .double?:
            reader.error("invalid-value", "range bounds must be finite numbers", at: node)
            return nil
        default:
            reader.error("wrong-type", "range bounds must be numbers, found \(node.kindDescription)", at: node)
            return nil
        }
    }

    /// Both ends of a range must be valid values of the option.
    private static func checkBounds(
        option: OptionSpec, path: String, values: [(Double, YAMLNode)], reader: inout SpecReader
    ) -> Bool {
        var valid = true
        for (value, node) in values {
            let candidate: ParameterValue = {
                if case .integer = option.kind { return .int(Int(value)) }
                return .double(value)
            }()
            if let problem = option.kind.problem(with: candidate) {
                reader.error(
                    "domain-out-of-bounds",
                    "bound \(NumberFormatting.shortest(value)) for '\(path)' is out of range: \(problem)", at: node)
                valid = false
            }
        }
        return valid
    }
}
