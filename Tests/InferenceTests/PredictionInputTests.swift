import Datasets
import HyperplanCore
import Inference
import Testing

/// Rows of a CSV file laid out by a saved pipeline, and every way input can be wrong.
@Suite("Prediction input")
struct PredictionInputTests {
    /// `a`: imputed and scaled; `b`: no imputation; `c`: one-hot over x, y with x as the fill.
    static let pipeline = StoredPreprocessing(
        plan: PreprocessingPlan([.impute(.mean), .oneHot, .standardize]),
        columns: [
            .numeric(name: "a", fill: 1.5, center: 0.5, scale: 2),
            .numeric(name: "b", fill: nil, center: 0, scale: 1),
            .oneHot(name: "c", categories: ["x", "y"], fill: "x"),
        ])

    static func read(_ text: String, unknown: UnknownCategoryPolicy = .ignore) throws(PredictionError)
        -> PredictionInput
    {
        try PredictionInput.read(
            Array(text.utf8), file: "rows.csv", preprocessing: pipeline, target: "label", unknownCategories: unknown)
    }

    static func failure(_ text: String, unknown: UnknownCategoryPolicy = .ignore) -> PredictionError? {
        return #expect(throws: PredictionError.self) { try read(text, unknown: unknown) }
    }

    @Test("values are filled, scaled and one-hot encoded; columns in any order; extra columns noted")
    func layout() throws {
        let input = try Self.read("label,c,b,a,id\nq,x,2,1,7\nq,y,3,,8\nq,NA,4,NA,9\n")
        #expect(input.features == Matrix(rowArrays: [[0.25, 2, 1, 0], [0.5, 3, 0, 1], [0.5, 4, 1, 0]]))
        #expect(input.diagnostics.map(\.id) == ["input-ignored-columns"])
        #expect(input.diagnostics.first?.severity == .note)
        #expect(input.diagnostics.first?.message.contains("'label' (the target), 'id'") == true)
    }

    @Test("a missing feature column is named, with the columns the file has")
    func missingColumn() {
        let error = Self.failure("a,c\n1,x\n")
        #expect(error?.cause == .input)
        #expect(error?.diagnostics.map(\.id) == ["input-missing-column"])
        #expect(error?.diagnostics.first?.message.contains("column 'b'") == true)
        #expect(error?.diagnostics.first?.notes.first == "the file has 'a', 'c'")
    }

    @Test("text in a numeric column is reported at its line and column, with the count of such rows")
    func textInNumericColumn() {
        let error = Self.failure("a,b,c\n1,2,x\n1,hello,y\n1,bye,y\n")
        let diagnostic = error?.diagnostics.first
        #expect(diagnostic?.id == "input-text-in-numeric-column")
        #expect(diagnostic?.location == SourceLocation(file: "rows.csv", line: 3, column: 3))
        #expect(diagnostic?.message.contains("'hello'") == true)
        #expect(diagnostic?.message.contains("and on 1 more row") == true)
        #expect(
            diagnostic?.rendered(colored: false)
                == "rows.csv:3:3: error: column 'b' holds the text 'hello' where the model reads a number "
                + "(and on 1 more row)\n1,hello,y\n  ^\n")
    }

    @Test("a missing value where the model has no imputation is an error that explains why")
    func missingWithoutImputation() {
        let error = Self.failure("a,b,c\n1,,x\n")
        #expect(error?.diagnostics.map(\.id) == ["input-missing-value"])
        #expect(error?.diagnostics.first?.location?.line == 2)
        #expect(error?.diagnostics.first?.notes.first?.contains("no 'impute' step") == true)
    }

    @Test("an unseen category gives all-zero columns and a warning, or an error with --unknown-categories error")
    func unseenCategory() throws {
        let input = try Self.read("a,b,c\n1,2,z\n1,2,z\n1,2,x\n")
        #expect(input.features.row(0) == [0.25, 2, 0, 0])
        #expect(input.features.row(2) == [0.25, 2, 1, 0])
        let warning = try #require(input.diagnostics.first)
        #expect(warning.id == "input-unseen-category")
        #expect(warning.severity == .warning)
        #expect(warning.message.hasPrefix("2 rows have categories of column 'c'"))
        let error = Self.failure("a,b,c\n1,2,z\n", unknown: .error)
        #expect(error?.diagnostics.map(\.id) == ["input-unseen-category"])
        #expect(error?.diagnostics.first?.severity == .error)
    }

    @Test("every problem is reported at once, in column order")
    func everyProblem() {
        let error = Self.failure("a,b,c\ninf,,x\n")
        #expect(error?.diagnostics.map(\.id) == ["input-non-finite", "input-missing-value"])
    }

    @Test("a header without rows, an empty file and malformed CSV are errors")
    func emptyInput() {
        #expect(Self.failure("a,b,c\n")?.diagnostics.map(\.id) == ["input-no-rows"])
        #expect(Self.failure("\n\n")?.diagnostics.map(\.id) == ["csv-empty"])
        let malformed = Self.failure("a,b,c\n1,2\n")
        #expect(malformed?.diagnostics.map(\.id) == ["csv-field-count"])
        #expect(malformed?.diagnostics.first?.location?.line == 2)
    }

    @Test("the pipeline's JSON reads back to the same pipeline")
    func pipelineRoundTrip() throws {
        let text = Self.pipeline.json.prettyString()
        let read = try StoredPreprocessing(json: JSONField(try JSONValue.parse(text), path: "preprocessing"))
        #expect(read == Self.pipeline)
        #expect(read.featureNames == ["a", "b", "c=x", "c=y"])
    }

    @Test("a damaged pipeline names the key")
    func damagedPipeline() throws {
        var json = try #require(Self.pipeline.json.objectValue)
        var columns = try #require(json["columns"]?.arrayValue)
        var first = try #require(columns[0].objectValue)
        first["scale"] = .double(0)
        columns[0] = .object(first)
        json["columns"] = .array(columns)
        let error = #expect(throws: JSONFieldError.self) {
            try StoredPreprocessing(json: JSONField(.object(json), path: "preprocessing"))
        }
        #expect(error?.path == "preprocessing.columns[0].scale")
    }
}
