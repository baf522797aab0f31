/// Durations for messages: `8h`, `1h 30m`, `45s`.
package enum DurationText {
    package static func describe(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        var parts: [String] = []
        if total >= 86400 { parts.append("\(total / 86400)d") }
        if total % 86400 >= 3600 { parts.append("\((total % 86400) / 3600)h") }
        if total % 3600 >= 60 { parts.append("\((total % 3600) / 60)m") }
        if total % 60 > 0 || parts.isEmpty { parts.append("\(total % 60)s") }
        return parts.joined(separator: " ")
    }
}
