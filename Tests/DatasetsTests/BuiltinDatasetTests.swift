import Datasets
import HyperplanCore
import HyperplanTestSupport
import Testing

/// The built-in datasets load with the shapes, targets and SHA-256 listed in `Resources/README.md`.
@Suite("Built-in datasets")
struct BuiltinDatasetTests {
    struct Expected: Sendable, CustomStringConvertible {
        var name: String
        var rows: Int
        var columns: Int
        var target: String
        var classes: [String]
        var sha256Prefix: String
        var description: String { name }
    }

    static let expected: [Expected] = [
        Expected(
            name: "iris", rows: 150, columns: 5, target: "species", classes: ["setosa", "versicolor", "virginica"],
            sha256Prefix: "30821fb97cfd3335"),
        Expected(
            name: "wine", rows: 178, columns: 14, target: "cultivar", classes: ["class_0", "class_1", "class_2"],
            sha256Prefix: "d3fcd1284adcc1c3"),
        Expected(
            name: "breast_cancer", rows: 569, columns: 31, target: "diagnosis", classes: ["benign", "malignant"],
            sha256Prefix: "af399a019264f799"),
        Expected(
            name: "diabetes", rows: 442, columns: 11, target: "progression", classes: [],
            sha256Prefix: "9193026b7622ff94"),
        Expected(
            name: "digits", rows: 1797, columns: 65, target: "digit", classes: (0...9).map(String.init),
            sha256Prefix: "592cc047d0a1cc7f"),
        Expected(
            name: "penguins", rows: 344, columns: 8, target: "species", classes: ["Adelie", "Chinstrap", "Gentoo"],
            sha256Prefix: "f2d6493fc64ad958"),
    ]

    @Test("shape, target, classes and content hash", arguments: expected)
    func loads(_ expected: Expected) throws {
        let loaded = try ReferenceDatasets.loaded(expected.name)
        #expect(loaded.table.rowCount == expected.rows)
        #expect(loaded.table.columns.count == expected.columns)
        #expect(loaded.table.columns.allSatisfy { $0.count == expected.rows })
        #expect(loaded.table.rowLines == Array(2...(expected.rows + 1)))
        #expect(loaded.sha256.hex.hasPrefix(expected.sha256Prefix), "\(loaded.sha256.hex)")
        #expect(loaded.fileDescription == "builtin:\(expected.name)")

        let builtin = try #require(BuiltinDataset.named(expected.name))
        #expect(builtin.defaultTarget == expected.target)
        let dataset = try ReferenceDatasets.supervised(expected.name)
        #expect(dataset.task == builtin.task)
        #expect(dataset.featureColumns.count == expected.columns - 1)
        #expect(dataset.classNames == expected.classes)
        #expect(dataset.targets.count == expected.rows)
    }

    @Test("the target is the last column, except penguins' first", arguments: expected)
    func targetPosition(_ expected: Expected) throws {
        let names = try ReferenceDatasets.loaded(expected.name).table.columnNames
        #expect((expected.name == "penguins" ? names.first : names.last) == expected.target)
    }

    @Test("only penguins has categorical features and missing values")
    func penguinsColumns() throws {
        let table = try ReferenceDatasets.loaded("penguins").table
        let categorical = table.columns.filter { !$0.isNumeric }.map(\.name)
        #expect(categorical == ["species", "island", "sex"])
        #expect(table.columns.map(\.missingCount).reduce(0, +) == 19)
        #expect(table.column(named: "sex")?.missingCount == 11)
        for name in ["iris", "wine", "breast_cancer", "diabetes", "digits"] {
            let columns = try ReferenceDatasets.loaded(name).table.columns
            #expect(columns.allSatisfy { $0.missingCount == 0 }, "\(name) has missing values")
            let features = try ReferenceDatasets.supervised(name).featureColumns
            #expect(features.allSatisfy { $0.isNumeric }, "\(name) has a categorical feature")
        }
    }
}
