import Testing

@testable import Reports

@Suite("Axes and escaping")
struct ScaleTests {
    @Test("linear ticks are 1-2-2.5-5 × 10ⁿ steps inside the range")
    func linearTicks() {
        let scale = Scale(kind: .linear, domain: 0...1, range: (0, 100))
        #expect(scale.ticks(count: 5).map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        let wide = Scale(kind: .linear, domain: -3...17, range: (0, 100))
        #expect(wide.ticks(count: 4).map(\.value) == [0, 5, 10, 15])
        #expect(scale(0.25) == 25)
        #expect(abs(scale.invert(25) - 0.25) < 1e-12)
    }

    @Test("log ticks fall on decades; within one decade they use 1, 2 and 5")
    func logTicks() {
        let decades = Scale(kind: .log, domain: 0.0005...2000, range: (0, 100))
        #expect(decades.ticks(count: 8).map(\.label) == ["0.001", "0.01", "0.1", "1", "10", "100", "1000"])
        let narrow = Scale(kind: .log, domain: 1.5...8, range: (0, 100))
        #expect(narrow.ticks().map(\.label) == ["2", "5"])
        #expect(
            abs((decades(0.01) - decades(0.001)) - (decades(1) - decades(0.1))) < 1e-9, "decades are equally spaced")
    }

    @Test("tick labels are compact and never show binary noise")
    func labels() {
        #expect(Scale.label(0.30000000000000004, step: 0.1) == "0.3")
        #expect(Scale.label(1e-5) == "1e-5")
        #expect(Scale.label(2_500_000) == "2.5e6")
        #expect(Scale.label(1000) == "1000")
    }

    @Test("a category scale centres each category in an equal band")
    func categories() {
        let scale = Scale.categories(["a", "b", "c", "d"], range: (0, 400))
        #expect(scale(0) == 50 && scale(3) == 350)
        #expect(scale.bandWidth == 100)
    }

    @Test("HTML escaping leaves no markup and no NUL")
    func escaping() {
        #expect(
            HTML.escape("<script>a=\"1\" & b='2'</script>\0")
                == "&lt;script&gt;a=&quot;1&quot; &amp; b=&#39;2&#39;&lt;/script&gt;\u{FFFD}")
        var canvas = SVGCanvas(width: 10, height: 10)
        canvas.circle(x: 1.25, y: 2, radius: 3, fill: "#000", title: "<b>")
        #expect(canvas.render(label: "x\"y").contains("<title>&lt;b&gt;</title>"))
        #expect(canvas.render(label: "x\"y").contains("aria-label=\"x&quot;y\""))
        #expect(SVGCanvas.number(.nan) == "0", "no NaN reaches an SVG attribute")
    }
}
