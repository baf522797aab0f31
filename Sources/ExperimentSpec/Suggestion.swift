/// "Did you mean" suggestions: the closest known name by edit distance, when it is close enough.
enum Suggestion {
    /// The candidate closest to `input` (optimal string alignment distance), if within about a third of its length.
    static func closest(to input: String, among candidates: [String]) -> String? {
        let lowered = input.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(Array(lowered), Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let limit = max(1, min(3, (max(input.count, best.name.count) + 2) / 3))
        return best.distance <= limit ? best.name : nil
    }

    /// "; did you mean 'x'?" or nil.
    static func hint(for input: String, among candidates: [String]) -> String? {
        closest(to: input, among: candidates).map { "did you mean '\($0)'?" }
    }

    /// A list of names for messages: "'a', 'b' or 'c'".
    static func list(_ names: [String], conjunction: String = "or") -> String {
        let quoted = names.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " \(conjunction) " + (quoted.last ?? "")
    }

    /// Damerau–Levenshtein distance restricted to adjacent transpositions.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
