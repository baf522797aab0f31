/// The declared options of an extension point (a learner's hyperparameters, a CV scheme's settings,
/// a search strategy's settings): what the spec stage validates a YAML section against and what
/// `docs/dsl.md` documents.
package struct OptionSchema: Sendable {
    package var options: [OptionSpec]

    package init(_ options: [OptionSpec]) { self.options = options }

    package subscript(name: String) -> OptionSpec? { options.first { $0.name == name } }

    package var names: [String] { options.map(\.name) }
}

/// One declared option: its name, the values it accepts, its default and a one-line summary.
package struct OptionSpec: Sendable {
    package var name: String
    package var kind: OptionKind
    /// The value used when the file does not give one; `nil` means the option is optional without a value.
    package var defaultValue: ParameterValue?
    /// Whether a search domain (`{choice: ...}`, `{uniform: ...}`) may stand in for a literal.
    package var searchable: Bool
    package var summary: String

    package init(
        _ name: String, _ kind: OptionKind, default defaultValue: ParameterValue? = nil, searchable: Bool = true,
        summary: String
    ) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.searchable = searchable
        self.summary = summary
    }
}

/// The values an option accepts.
package enum OptionKind: Sendable {
    case real(RealBounds)
    case integer(min: Int, max: Int)
    case enumeration([String])
    case boolean
    case text
    /// A share of rows: a fraction in (0, 1), or a row count ≥ 1 (`test_size`, `validation_size`).
    case fractionOrCount
    /// A non-empty list of integers, each in [min, max] (layer widths, milestones).
    case integerList(min: Int, max: Int)
    /// Any of several kinds, the first that accepts a value deciding its meaning (`max_features`: a word,
    /// an integer count or a real fraction).
    indirect case union([OptionKind])

    /// Checks a literal against the kind; returns a problem description, or `nil` when the value is valid.
    ///
    /// Integers are accepted where real numbers are expected; real numbers are not accepted for integers.
    package func problem(with value: ParameterValue) -> String? {
        switch self {
        case .real(let bounds):
            guard let number = value.doubleValue else { return "expected a number, found \(value.typeDescription)" }
            guard number.isFinite else { return "must be a finite number" }
            return bounds.problem(with: number)
        case .integer(let min, let max):
            guard case .int(let number) = value else {
                return "expected an integer, found \(value.typeDescription)"
            }
            if number < min { return "must be at least \(min)" }
            if number > max { return "must be at most \(max)" }
            return nil
        case .enumeration(let allowed):
            guard case .string(let text) = value else {
                return
                    "expected one of \(allowed.map { "'\($0)'" }.joined(separator: ", ")), found \(value.typeDescription)"
            }
            return allowed.contains(text) ? nil : "unknown value '\(text)'"
        case .boolean:
            return value.boolValue == nil ? "expected true or false, found \(value.typeDescription)" : nil
        case .text:
            return value.stringValue == nil ? "expected a string, found \(value.typeDescription)" : nil
        case .fractionOrCount:
            switch value {
            case .int(let count): return count >= 1 ? nil : "must be a row count of at least 1"
            case .double(let fraction): return fraction > 0 && fraction < 1 ? nil : "must be a fraction between 0 and 1"
            default: return "expected a fraction or a row count, found \(value.typeDescription)"
            }
        case .integerList(let min, let max):
            guard case .list(let items) = value else {
                return "expected a list of integers, found \(value.typeDescription)"
            }
            guard !items.isEmpty else { return "must not be an empty list" }
            for item in items {
                guard case .int(let number) = item else {
                    return "expected a list of integers, found \(item.typeDescription) in it"
                }
                if number < min || number > max { return "must hold integers in [\(min), \(max)], not \(number)" }
            }
            return nil
        case .union(let members):
            if members.contains(where: { $0.problem(with: value) == nil }) { return nil }
            // A word that no member knows is reported as an unknown value; anything else by the whole kind.
            if case .string(let text) = value,
                members.contains(where: { if case .enumeration = $0 { true } else { false } })
            {
                return "unknown value '\(text)'"
            }
            return "must be \(phrase)"
        }
    }

    /// The value in the kind's canonical form: integers given for a real-valued option become real numbers,
    /// so that `C: 1` and `C: 1.0` are the same configuration (and the same node IDs).
    package func canonical(_ value: ParameterValue) -> ParameterValue {
        switch self {
        case .real:
            if case .int(let integer) = value { return .double(Double(integer)) }
            return value
        case .union(let members):
            // The first member that accepts the value decides: an integer stays a count where a member takes counts.
            return members.first { $0.problem(with: value) == nil }?.canonical(value) ?? value
        default:
            return value
        }
    }

    /// A short description of the accepted values for documentation and diagnostics.
    package var summary: String {
        switch self {
        case .real(let bounds): return "number" + bounds.summary
        case .integer(let min, let max):
            if max == Int.max { return "integer ≥ \(min)" }
            return "integer in [\(min), \(max)]"
        case .enumeration(let allowed): return allowed.joined(separator: " | ")
        case .boolean: return "boolean"
        case .text: return "string"
        case .fractionOrCount: return "fraction in (0, 1) or row count ≥ 1"
        case .integerList(let min, let max): return "list of integers in [\(min), \(max)]"
        case .union(let members): return members.map(\.summary).joined(separator: " | ")
        }
    }

    /// The accepted values as a noun phrase for messages ("an integer in [2, 10000]", "true or false").
    package var phrase: String {
        switch self {
        case .real(let bounds): return "a number" + bounds.summary
        case .integer(let min, let max):
            if min == Int.min, max == Int.max { return "an integer" }
            if max == Int.max { return "an integer ≥ \(min)" }
            return "an integer in [\(min), \(max)]"
        case .enumeration(let allowed):
            let quoted = allowed.map { "'\($0)'" }
            return quoted.count > 1
                ? "one of " + quoted.dropLast().joined(separator: ", ") + " or " + (quoted.last ?? "") : quoted.joined()
        case .boolean: return "true or false"
        case .text: return "a string"
        case .fractionOrCount: return "a fraction in (0, 1) or a row count ≥ 1"
        case .integerList(let min, let max):
            return min == Int.min && max == Int.max ? "a list of integers" : "a list of integers in [\(min), \(max)]"
        case .union(let members):
            let phrases = members.map(\.phrase)
            return phrases.count > 1
                ? phrases.dropLast().joined(separator: ", ") + " or " + (phrases.last ?? "") : phrases.joined()
        }
    }
}

/// Bounds on a real-valued option, each end open, closed or absent.
package struct RealBounds: Sendable {
    package var lower: Double?
    package var lowerInclusive: Bool
    package var upper: Double?
    package var upperInclusive: Bool

    package init(lower: Double? = nil, lowerInclusive: Bool = true, upper: Double? = nil, upperInclusive: Bool = true) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// Any finite number.
    package static let any = RealBounds()
    /// Strictly positive numbers.
    package static let positive = RealBounds(lower: 0, lowerInclusive: false)
    /// Zero or more.
    package static let nonNegative = RealBounds(lower: 0)
    /// The closed unit interval [0, 1].
    package static let unitInterval = RealBounds(lower: 0, upper: 1)
    /// The open unit interval (0, 1).
    package static let openUnitInterval = RealBounds(
        lower: 0, lowerInclusive: false, upper: 1, upperInclusive: false)

    package func contains(_ value: Double) -> Bool { problem(with: value) == nil }

    package func problem(with value: Double) -> String? {
        if let lower {
            if lowerInclusive ? value < lower : value <= lower {
                return lowerInclusive
                    ? "must be at least \(NumberFormatting.shortest(lower))"
                    : "must be greater than \(NumberFormatting.shortest(lower))"
            }
        }
        if let upper {
            if upperInclusive ? value > upper : value >= upper {
                return upperInclusive
                    ? "must be at most \(NumberFormatting.shortest(upper))"
                    : "must be less than \(NumberFormatting.shortest(upper))"
            }
        }
        return nil
    }

    var summary: String {
        switch (lower, upper) {
        case (nil, nil): return ""
        case (let lower?, nil):
            return lowerInclusive ? " ≥ \(NumberFormatting.shortest(lower))" : " > \(NumberFormatting.shortest(lower))"
        case (nil, let upper?):
            return upperInclusive ? " ≤ \(NumberFormatting.shortest(upper))" : " < \(NumberFormatting.shortest(upper))"
        case (let lower?, let upper?):
            return
                " in \(lowerInclusive ? "[" : "(")\(NumberFormatting.shortest(lower)), \(NumberFormatting.shortest(upper))\(upperInclusive ? "]" : ")")"
        }
    }
}
