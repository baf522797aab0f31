import Foundation

/// Colours that stay distinguishable for colour-blind readers: Okabe and Ito's eight categorical colours, and
/// the viridis ramp for continuous values (perceptually uniform, readable in grey).
enum Palette {
    static let blue = "#0072B2"
    static let orange = "#E69F00"
    static let vermillion = "#D55E00"
    static let green = "#009E73"
    static let sky = "#56B4E9"
    static let purple = "#CC79A7"
    static let yellow = "#F0E442"
    static let black = "#000000"
    static let grey = "#999999"

    /// Validation scores are blue, training scores orange, everywhere.
    static let validation = blue
    static let train = orange

    static let categorical = [blue, orange, green, vermillion, purple, sky, yellow, black]

    static func category(_ index: Int) -> String {
        categorical[((index % categorical.count) + categorical.count) % categorical.count]
    }

    private static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142), (31, 158, 137), (53, 183, 121),
        (109, 205, 89), (180, 222, 44), (253, 231, 37),
    ]

    /// The viridis colour at `t` in [0, 1] (0 dark purple, 1 yellow).
    static func sequential(_ t: Double) -> String {
        let clamped = t.isFinite ? min(1, max(0, t)) : 0
        let position = clamped * Double(viridis.count - 1)
        let index = min(viridis.count - 2, Int(position))
        let fraction = position - Double(index)
        let (a, b) = (viridis[index], viridis[index + 1])
        func channel(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * fraction).rounded()) }
        return String(format: "#%02X%02X%02X", channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }
}
