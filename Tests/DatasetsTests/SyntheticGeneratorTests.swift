import Datasets
import Foundation
import HyperplanCore
import Testing

/// Every synthetic generator: determinism, identity, option checking; and the geometry of regression,
/// moons, circles and blobs. Statistical bounds are five standard errors (stated at each test).
@Suite("Synthetic: generators")
struct SyntheticGeneratorTests {
    static let names = ["classification", "regression", "blobs", "moons", "circles"]

    @Test("the registry lists every generator, each with seed in its schema")
    func registry() {
        #expect(SyntheticRegistry.names == Self.names)
        for generator in SyntheticRegistry.all {
            #expect(generator.schema["seed"]?.defaultValue == nil, "\(generator.name)")
            #expect(generator.schema["samples"] != nil, "\(generator.name)")
            #expect(generator.version >= 1)
            #expect(generator.task == (generator.name == "regression" ? .regression : .classification))
        }
    }

    @Test("same options and seed: the same table bit for bit; another seed: another table", arguments: names)
    func determinism(name: String) throws {
        let options: [String: ParameterValue] = ["samples": .int(300), "noise": .double(0.1)]
            .filter { SyntheticRegistry.generator(named: name)?.schema[$0.key] != nil }
        let first = try Synthetic.generate(name, options, seed: 11)
        let second = try Synthetic.generate(name, options, seed: 11)
        let other = try Synthetic.generate(name, options, seed: 12)
        #expect(try Synthetic.identical(first.table, second.table))
        #expect(first.sha256 == second.sha256)
        #expect(try !Synthetic.identical(first.table, other.table))
        #expect(first.sha256 != other.sha256)
    }

    @Test("a seed option overrides the experiment's seed and gives the same identity")
    func seedOption() throws {
        let fixed = try Synthetic.generate("blobs", ["seed": .int(5)], seed: 99)
        let passed = try Synthetic.generate("blobs", [:], seed: 5)
        #expect(try Synthetic.identical(fixed.table, passed.table))
        #expect(fixed.sha256 == passed.sha256)
        #expect(fixed.source != passed.source)
        #expect(fixed.source.description == "synthetic:blobs")
    }

    @Test("sha256 is the hash of the documented canonical identity")
    func identity() throws {
        let loaded = try Synthetic.generate("moons", ["samples": .int(10)], seed: 5)
        let canonical =
            #"{"generator":"moons","options":{"noise":0.0,"samples":10,"shuffle":true},"seed":"5","version":1}"#
        #expect(loaded.sha256 == ContentHash(string: canonical))
        let expectedSource = DatasetSource.synthetic(
            name: "moons", options: .object(["noise": .double(0), "samples": .int(10), "shuffle": .bool(true)]))
        #expect(loaded.source == expectedSource)
        #expect(loaded.fileDescription == "synthetic:moons")
    }

    @Test("the source loads again to the same table; synthetic:NAME parses")
    func sourceRoundTrip() throws {
        let loaded = try Synthetic.generate(
            "regression", ["samples": .int(50), "features": .int(4), "informative": .int(2), "seed": .int(3)])
        let directory = FileManager.default.temporaryDirectory
        let again = try DatasetLoader.load(loaded.source, relativeTo: directory, seed: 1234)
        #expect(try Synthetic.identical(loaded.table, again.table))
        #expect(loaded.sha256 == again.sha256)
        #expect(DatasetSource(parsing: "synthetic:circles") == .synthetic(name: "circles", options: .object([:])))
        let defaults = try DatasetLoader.load(DatasetSource(parsing: "synthetic:circles"), relativeTo: directory)
        #expect(defaults.table.rowCount == 100)
        let unknown = Synthetic.error {
            _ = try DatasetLoader.load(.synthetic(name: "spirals", options: .object([:])), relativeTo: directory)
        }
        #expect(unknown?.id == "unknown-dataset")
        #expect(unknown?.message.contains("classification, regression, blobs, moons, circles") == true)
    }

    @Test("option values are checked against the schema's kinds")
    func optionKinds() throws {
        let cases: [(String, [String: ParameterValue], DiagnosticID, String)] = [
            ("moons", ["radius": .int(2)], "unknown-key", "unknown option 'radius' for synthetic dataset 'moons'"),
            ("moons", ["samples": .string("many")], "wrong-type", "'samples': expected an integer, found a string"),
            ("moons", ["samples": .int(0)], "invalid-value", "'samples' must be at least 1"),
            ("circles", ["factor": .double(1)], "invalid-value", "'factor' must be less than 1"),
            ("classification", ["flip_y": .double(1.5)], "invalid-value", "'flip_y' must be at most 1"),
            ("classification", ["class_sep": .int(0)], "invalid-value", "'class_sep' must be greater than 0"),
            (
                "regression", ["informative": .int(5), "features": .int(3)], "invalid-value",
                "'informative' (5) must be at most 'features' (3)"
            ),
            ("blobs", ["center_box": .list([.int(3), .int(-3)])], "invalid-value", "low ≤ high"),
            ("blobs", ["center_box": .list([.int(3)])], "invalid-value", "'center_box' must be two numbers"),
            ("blobs", ["seed": .int(-1)], "invalid-value", "'seed' must be at least 0"),
        ]
        for (name, options, id, message) in cases {
            let error = Synthetic.error { _ = try Synthetic.generate(name, options) }
            #expect(error?.id == id, "\(name) \(options): \(String(describing: error))")
            #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        }
        // A real number given for a real option as an integer is accepted and stored as a real.
        let loaded = try Synthetic.generate("circles", ["noise": .int(0)])
        #expect(
            loaded.source
                == .synthetic(
                    name: "circles",
                    options: .object([
                        "factor": .double(0.8), "noise": .double(0), "samples": .int(100), "shuffle": .bool(true),
                    ])))
    }

    @Test("regression without noise is exactly linear, with coefficients in [0, 100) on the informative features")
    func regressionExact() throws {
        let table = try Synthetic.generate(
            "regression",
            [
                "samples": .int(200), "features": .int(6), "informative": .int(3), "bias": .double(2.5),
                "shuffle": .bool(false),
            ]
        ).table
        let (coefficients, residuals) = Synthetic.leastSquares(
            try Synthetic.features(table), try Synthetic.column(table, "y"))
        #expect((residuals.map(abs).max() ?? .infinity) < 1e-9)
        for index in 0..<3 { #expect(coefficients[index] >= 0 && coefficients[index] < 100, "\(coefficients)") }
        for index in 3..<6 { #expect(abs(coefficients[index]) < 1e-9, "\(coefficients)") }
        #expect(abs(coefficients[6] - 2.5) < 1e-9)
        // Features are standard normal: each mean within 5/√n of 0 over all 1200 values.
        let all = try Synthetic.features(table).flatMap { $0 }
        #expect(abs(Synthetic.mean(all)) < 5 / Double(all.count).squareRoot())
    }

    @Test("regression noise has standard deviation `noise` (chi-square bound)")
    func regressionNoise() throws {
        let samples = 20_000
        let table = try Synthetic.generate(
            "regression",
            ["samples": .int(samples), "features": .int(4), "informative": .int(2), "noise": .double(3)]
        ).table
        let (_, residuals) = Synthetic.leastSquares(try Synthetic.features(table), try Synthetic.column(table, "y"))
        // Σ residual² / σ² is χ² with n − 5 degrees of freedom: its ratio to n − 5 has standard error √(2/(n−5)).
        let ratio = residuals.reduce(0) { $0 + $1 * $1 } / 9 / Double(samples - 5)
        #expect(abs(ratio - 1) < 5 * (2 / Double(samples - 5)).squareRoot(), "variance ratio \(ratio)")
    }

    @Test("moons without noise lie on their two half circles")
    func moonsGeometry() throws {
        let table = try Synthetic.generate("moons", ["samples": .int(101), "shuffle": .bool(false)]).table
        let x = try Synthetic.column(table, "x0")
        let y = try Synthetic.column(table, "x1")
        let labels = try Synthetic.column(table, "y")
        #expect(labels == [Double](repeating: 0, count: 50) + [Double](repeating: 1, count: 51))
        for row in 0..<50 {
            #expect(abs((x[row] * x[row] + y[row] * y[row]).squareRoot() - 1) < 1e-15)
            #expect(y[row] >= 0)
        }
        for row in 50..<101 {
            let radius = ((x[row] - 1) * (x[row] - 1) + (y[row] - 0.5) * (y[row] - 0.5)).squareRoot()
            #expect(abs(radius - 1) < 1e-15)
            #expect(y[row] <= 0.5)
        }
        // The ends of the arcs: t = 0 and t = π.
        #expect(x[0] == 1 && y[0] == 0 && x[49] == -1)
        #expect(x[50] == 0 && y[50] == 0.5 && x[100] == 2)
    }

    @Test("circles without noise: radius 1 and factor, evenly spaced from angle 0")
    func circlesGeometry() throws {
        let table = try Synthetic.generate(
            "circles", ["samples": .int(9), "factor": .double(0.3), "shuffle": .bool(false)]
        ).table
        let x = try Synthetic.column(table, "x0")
        let y = try Synthetic.column(table, "x1")
        #expect(try Synthetic.column(table, "y") == [0, 0, 0, 0, 1, 1, 1, 1, 1])
        for row in 0..<9 {
            let radius = (x[row] * x[row] + y[row] * y[row]).squareRoot()
            #expect(abs(radius - (row < 4 ? 1 : 0.3)) < 1e-15, "row \(row): \(radius)")
        }
        // Outer angles 0, π/2, π, 3π/2; inner 0, 2π/5, ….
        #expect(x[0] == 1 && y[0] == 0 && abs(x[1]) < 1e-15 && abs(y[1] - 1) < 1e-15)
        #expect(x[4] == 0.3 && abs(Foundation.atan2(y[5], x[5]) - 2 * Double.pi / 5) < 1e-15)
    }

    @Test("noise on the plane shapes: shuffled rows are the same points; noise has deviation `noise`")
    func planeNoise() throws {
        for name in ["moons", "circles"] {
            let clean = try Synthetic.generate(name, ["samples": .int(5000), "shuffle": .bool(false)]).table
            let shuffled = try Synthetic.generate(name, ["samples": .int(5000)]).table
            func points(_ table: DataTable) throws -> [[Double]] {
                let columns = try Synthetic.features(table) + [Synthetic.column(table, "y")]
                return (0..<table.rowCount).map { row in columns.map { $0[row] } }
            }
            let cleanPoints = try points(clean)
            let shuffledPoints = try points(shuffled)
            #expect(cleanPoints != shuffledPoints)
            #expect(
                cleanPoints.sorted { $0.lexicographicallyPrecedes($1) }
                    == shuffledPoints.sorted { $0.lexicographicallyPrecedes($1) })
            let noisy = try Synthetic.generate(
                name, ["samples": .int(5000), "shuffle": .bool(false), "noise": .double(0.1)]
            ).table
            // 10,000 displacements of variance 0.01 around 0: ratio within 5·√(2/10000) of 1.
            var displacements: [Double] = []
            for column in ["x0", "x1"] {
                displacements += zip(try Synthetic.column(noisy, column), try Synthetic.column(clean, column)).map {
                    $0 - $1
                }
            }
            let ratio = Synthetic.variance(displacements, around: 0) / 0.01
            #expect(abs(ratio - 1) < 5 * (2 / 10_000.0).squareRoot(), "\(name): \(ratio)")
        }
    }

    @Test("blobs: sizes, centres inside center_box, spread cluster_std")
    func blobs() throws {
        let samples = 10_001
        let table = try Synthetic.generate(
            "blobs",
            [
                "samples": .int(samples), "features": .int(3), "centers": .int(4), "cluster_std": .double(0.5),
                "center_box": .list([.int(-5), .int(5)]),
            ]
        ).table
        #expect(table.columnNames == ["x0", "x1", "x2", "y"])
        let labels = try Synthetic.column(table, "y")
        #expect((0..<4).map { centre in labels.filter { $0 == Double(centre) }.count } == [2501, 2500, 2500, 2500])
        let columns = try Synthetic.features(table)
        var squares = 0.0
        for centre in 0..<4 {
            let rows = labels.indices.filter { labels[$0] == Double(centre) }
            for column in columns {
                let values = rows.map { column[$0] }
                let mean = Synthetic.mean(values)
                // The centre is uniform in [−5, 5]; its estimate is within 5·0.5/√2500 = 0.05 of it.
                #expect(mean > -5.05 && mean < 5.05, "centre \(centre): \(mean)")
                squares += values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            }
        }
        // Pooled within-centre variance over 3 × (10001 − 4) degrees of freedom, against 0.25.
        let degrees = Double(3 * (samples - 4))
        let ratio = squares / degrees / 0.25
        #expect(abs(ratio - 1) < 5 * (2 / degrees).squareRoot(), "variance ratio \(ratio)")
    }
}
