import Foundation
import HyperplanCore
import Testing

/// Bundles `predict` cannot use exit 1 with one clear message and write nothing: no fitted model, a trial
/// command, an older format, a damaged model file. `predict` never changes the bundle.
@Suite("Predict refuses bundles it cannot use")
struct PredictBundleTests {
    static let csv = "\(PredictErrorTests.header)\n\(PredictErrorTests.row)\n"

    /// A copy of the penguins bundle with `model.json` replaced by `edit` of it.
    static func editedBundle(_ edit: (JSONValue) -> JSONValue) throws -> URL {
        let original = try PredictErrorTests.penguins()
        let copy = try PredictWorkspace.scratch().appendingPathComponent("bundle")
        try FileManager.default.copyItem(at: original, to: copy)
        let model = copy.appendingPathComponent("model.json")
        try edit(try PredictWorkspace.json(model)).prettyString().write(to: model, atomically: true, encoding: .utf8)
        return copy
    }

    static func replacing(_ json: JSONValue, _ key: String, with value: JSONValue?) -> JSONValue {
        var object = json.objectValue ?? [:]
        object[key] = value
        return .object(object)
    }

    @Test(
        "a bundle without a fitted model, of an older format, or with a damaged model file exits 1",
        arguments: [
            ("fitted", "unfitted", "error: the bundle has no fitted model (\"fitted\": false)"),
            (
                "format", "format 1",
                "error: the model file is format 1, written by an older hyperplan; this one reads format 2"
            ),
            ("format", "format 3", "error: the model file is format 3, written by a newer hyperplan"),
            (
                "parameters", "damaged parameters",
                "model.json: error: the model file is damaged: 'parameters.coefficients' must have 3 entries, not 1"
            ),
            (
                "preprocessing", "damaged pipeline",
                "model.json: error: the model file is damaged: 'preprocessing' must be an object"
            ),
        ])
    func unusableBundle(_ key: String, _ what: String, _ message: String) throws {
        let bundle = try Self.editedBundle { json in
            switch what {
            case "unfitted":
                return .object(["format": .int(2), "type": .string("logistic_regression"), "fitted": .bool(false)])
            case "format 1": return Self.replacing(json, "format", with: nil)
            case "format 3": return Self.replacing(json, "format", with: .int(3))
            case "damaged parameters":
                return Self.replacing(
                    json, "parameters", with: .object(["coefficients": .array([.array([])]), "intercepts": .array([])]))
            default: return Self.replacing(json, key, with: .string("?"))
            }
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: bundle.path).sorted()
        let (result, wrote) = try PredictErrorTests.predict(bundle.path, csv: Self.csv)
        #expect(result.status == 1, "\(what): \(result.standardError)")
        #expect(result.standardError.contains(message), "\(what): \(result.standardError)")
        #expect(!wrote)
        #expect(try FileManager.default.contentsOfDirectory(atPath: bundle.path).sorted() == before)
    }

    @Test("a trial command's bundle has no in-process model: predict says so and shows the program's command")
    func commandBundle() throws {
        let directory = try PredictWorkspace.scratch()
        let result = try HyperplanProcess.run(
            ["run", HyperplanProcess.example("command-iris-centroid.yaml"), "-j", "2", "--output", "out", "--quiet"],
            in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let (refused, wrote) = try PredictErrorTests.predict(
            directory.appendingPathComponent("out/command-iris-centroid").path, csv: Self.csv, in: directory)
        #expect(refused.status == 1)
        #expect(
            refused.standardError.contains(
                "error: the best model is a trial command ('model.type: command'): it is a program of its own"))
        #expect(
            refused.standardError.contains(
                "note: to apply it to new rows, run the program with the best configuration: "
                    + "python3 scripts/nearest_centroid.py {train} {validation} "), "\(refused.standardError)")
        #expect(refused.standardError.contains("with {train} a CSV file of the training rows and {validation}"))
        #expect(!wrote)
    }
}
