import HyperplanCore
import Search

/// Reads a section's options against an extension point's `OptionSchema`: literals are checked against
/// their kind, search domains are read where the option is searchable, unknown keys get suggestions.
struct OptionReader {
    struct Result {
        /// Literal values given in the file.
        var literals: [String: ParameterValue] = [:]
        /// Searched options in file order, with the node of each domain.
        var domains: [(name: String, domain: Domain, node: YAMLNode)] = []
        /// Every option the file gives, literal or searched.
        var given: Set<String> = []
        /// The node of each given option's value, for later diagnostics.
        var nodes: [String: YAMLNode] = [:]
        var keyNodes: [String: YAMLNode] = [:]
        /// Whether every given option was valid.
        var valid = true

        /// Literal values with defaults filled in for options that are neither given nor searched.
        func resolved(with schema: OptionSchema) -> Hyperparameters {
            var values = Hyperparameters(literals)
            for option in schema.options
            where values[option.name] == nil && !domains.contains(where: { $0.name == option.name }) {
                if let value = option.defaultValue { values[option.name] = value }
            }
            return values
        }
    }

    /// - Parameters:
    ///   - entries: the section's entries, minus keys the caller handles itself.
    ///   - pathPrefix: how searched options are named (`model.`), and the section name in messages.
    ///   - allowSearch: whether domains are accepted at all in this section.
    static func read(
        _ entries: [SpecReader.Entry], schema: OptionSchema, section: String, owner: String, allowSearch: Bool,
        reader: inout SpecReader
    ) -> Result {
        var result = Result()
        reader.rejectUnknownKeys(entries, allowed: schema.names, in: section) { key in
            if let suggestion = Suggestion.closest(to: key, among: schema.names) {
                return "did you mean '\(suggestion)'?"
            }
            return schema.names.isEmpty
                ? "\(owner) takes no options" : "\(owner) takes \(Suggestion.list(schema.names))"
        }
        for entry in entries {
            guard let option = schema[entry.key] else { result.valid = false; continue }
            result.given.insert(option.name)
            result.nodes[option.name] = entry.value
            result.keyNodes[option.name] = entry.keyNode
            let path = "\(section).\(option.name)"
            if entry.value.pairs != nil, DomainReader.looksLikeDomain(entry.value) {
                guard allowSearch, option.searchable else {
                    reader.error(
                        "not-searchable", "'\(path)' cannot be searched", at: entry.value, hint: "give a single value")
                    result.valid = false
                    continue
                }
                guard let domain = DomainReader.read(entry.value, option: option, path: path, reader: &reader) else {
                    result.valid = false
                    continue
                }
                result.domains.append((path, domain, entry.value))
                continue
            }
            guard let value = entry.value.parameterValue else {
                reader.error(
                    "wrong-type", "'\(path)' must be \(option.kind.phrase), found \(entry.value.kindDescription)",
                    at: entry.value,
                    hint: allowSearch && option.searchable && entry.value.pairs != nil
                        ? "search it with \(Suggestion.list(Domain.names.map { "{\($0): ...}" }))" : nil)
                result.valid = false
                continue
            }
            if let problem = option.kind.problem(with: value) {
                let (id, message) = OptionReader.describe(problem, path: path, option: option, node: entry.value)
                var hint: String?
                if case .enumeration(let allowed) = option.kind {
                    hint =
                        value.stringValue.flatMap { Suggestion.hint(for: $0, among: allowed) }
                        ?? "expected \(Suggestion.list(allowed))"
                }
                if case .boolean = option.kind, ["yes", "no", "on", "off"].contains(value.stringValue ?? "") {
                    hint = "write true or false"
                }
                reader.error(id, message, at: entry.value, hint: hint)
                result.valid = false
                continue
            }
            result.literals[option.name] = option.kind.canonical(value)
        }
        return result
    }

    /// Turns an `OptionKind` problem into a diagnostic ID and message that name the option.
    static func describe(_ problem: String, path: String, option: OptionSpec, node: YAMLNode) -> (DiagnosticID, String)
    {
        if problem.hasPrefix("must") { return ("invalid-value", "'\(path)' \(problem)") }
        if problem.hasPrefix("unknown value") { return ("unknown-value", "\(problem) for '\(path)'") }
        return ("wrong-type", "'\(path)' must be \(option.kind.phrase), found \(node.kindDescription)")
    }
}
