import Datasets
import HyperplanCore
import HyperplanTestSupport
import Testing

/// Choosing target and features and encoding the target.
@Suite("Supervised datasets")
struct SupervisedDatasetTests {
    @Test("class labels are indices into the sorted class names; numeric labels sort numerically")
    func classEncoding() throws {
        let loaded = try TemporaryCSV.load("x,label,grade\n1,b,10\n2,a,9\n3,c,10\n4,a,2\n")
        let text = try SupervisedDataset.make(
            from: loaded, target: "label", features: nil, drop: [], task: .classification)
        #expect(text.classNames == ["a", "b", "c"])
        #expect(text.classLabels == [1, 0, 2, 0])
        #expect(text.featureColumns.map(\.name) == ["x", "grade"])
        let numeric = try SupervisedDataset.make(
            from: loaded, target: "grade", features: nil, drop: [], task: .classification)
        #expect(numeric.classNames == ["2", "9", "10"])
        #expect(numeric.classLabels == [2, 1, 2, 0])
        let regression = try SupervisedDataset.make(
            from: loaded, target: "grade", features: ["x"], drop: [], task: .regression)
        #expect(regression.targets == .values([10, 9, 10, 2]))
        #expect(regression.featureColumns.map(\.name) == ["x"])
    }

    @Test("features can be listed or dropped, and never include the target")
    func featureSelection() throws {
        let loaded = try ReferenceDatasets.loaded("penguins")
        let dropped = try SupervisedDataset.make(
            from: loaded, target: "species", features: nil, drop: ["island", "year"], task: .classification)
        #expect(
            dropped.featureColumns.map(\.name) == [
                "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex",
            ])
        let listed = try SupervisedDataset.make(
            from: loaded, target: "species", features: ["year", "species", "sex"], drop: [], task: .classification)
        #expect(listed.featureColumns.map(\.name) == ["year", "sex"])
    }

    @Test("an unknown target or feature column")
    func unknownColumn() throws {
        let loaded = try ReferenceDatasets.loaded("iris")
        let target = #expect(throws: DatasetError.self) {
            try SupervisedDataset.make(from: loaded, target: "Species", features: nil, drop: [], task: .classification)
        }
        #expect(target?.id == "unknown-column")
        #expect(target?.message == "target column 'Species' is not in 'builtin:iris'")
        let feature = #expect(throws: DatasetError.self) {
            try SupervisedDataset.make(
                from: loaded, target: "species", features: ["petal"], drop: [], task: .classification)
        }
        #expect(feature?.id == "unknown-column")
    }

    @Test(
        "missing target values are reported at the first such row's line",
        arguments: ["y,x\n1,2\n3,4\n,5\nNA,6\n", "y,x\r\n1,2\r\n\r\n3,4\r\nNA,6\r\n"])
    func missingTarget(text: String) throws {
        let loaded = try TemporaryCSV.load(text)
        let error = #expect(throws: DatasetError.self) {
            try SupervisedDataset.make(from: loaded, target: "y", features: nil, drop: [], task: .regression)
        }
        let expectedLine = text.contains("\r\n\r\n") ? 5 : 4
        let count = text.contains("\r\n\r\n") ? 1 : 2
        #expect(error?.id == "missing-target")
        #expect(error?.location == SourceLocation(file: "data.csv", line: expectedLine, column: 1))
        #expect(error?.message == "target 'y' is missing on \(count) row(s); remove those rows")
    }

    @Test("a text target cannot be a regression target")
    func regressionOnText() throws {
        let error = #expect(throws: DatasetError.self) {
            try SupervisedDataset.make(
                from: try ReferenceDatasets.loaded("iris"), target: "species", features: nil, drop: [],
                task: .regression)
        }
        #expect(error?.id == "non-numeric-target")
    }
}
