import HyperplanCore
import Learners
import Testing

/// A saved model's parameters may have been edited or cut short: every shape and index prediction relies on is
/// checked, and a bad one is an error naming its key, never a trap or a hang.
@Suite("Damaged model parameters")
struct DamagedParametersTests {
    /// One edit of a fitted model's parameters and the key the error must name.
    struct Damage: CustomTestStringConvertible, Sendable {
        var caseIndex: Int
        var path: [String]
        var value: JSONValue
        var expectedKey: String
        var testDescription: String { "\(path.joined(separator: ".")) → '\(expectedKey)'" }
    }

    static let damages: [Damage] = [
        // linear_regression on diabetes: 10 coefficients.
        Damage(
            caseIndex: 0, path: ["coefficients"], value: .array([.double(1)]), expectedKey: "parameters.coefficients"),
        Damage(caseIndex: 0, path: ["intercept"], value: .string("x"), expectedKey: "parameters.intercept"),
        Damage(caseIndex: 0, path: ["intercept"], value: .null, expectedKey: "parameters.intercept"),
        // logistic_regression on iris.
        Damage(
            caseIndex: 2, path: ["intercepts"], value: .array([.double(0)]), expectedKey: "parameters.intercepts"),
        Damage(
            caseIndex: 2, path: ["fitted_class_indices"], value: .array([.int(0), .int(7)]),
            expectedKey: "parameters.fitted_class_indices[1]"),
        // decision_tree on iris: a child pointing back at the root would loop forever.
        Damage(caseIndex: 5, path: ["left"], value: .array([.int(0)]), expectedKey: "parameters.left"),
        Damage(caseIndex: 5, path: ["node_count"], value: .int(-3), expectedKey: "parameters.node_count"),
        Damage(caseIndex: 5, path: ["value"], value: .array([]), expectedKey: "parameters.value"),
        // random_forest on wine.
        Damage(caseIndex: 7, path: ["n_estimators"], value: .int(9), expectedKey: "parameters.trees"),
        // knn on iris: more neighbours than training rows.
        Damage(caseIndex: 9, path: ["n_neighbors"], value: .int(100_000), expectedKey: "parameters.n_neighbors"),
        Damage(caseIndex: 9, path: ["training_rows"], value: .array([]), expectedKey: "parameters.training_rows"),
        Damage(caseIndex: 9, path: ["metric"], value: .string("cosine"), expectedKey: "parameters.metric"),
        // mlp on iris with layers of 6 and 4 units.
        Damage(caseIndex: 12, path: ["output"], value: .string("identity"), expectedKey: "parameters.output"),
        Damage(caseIndex: 12, path: ["layers"], value: .array([]), expectedKey: "parameters.layers"),
    ]

    @Test("the error names the damaged key", arguments: damages)
    func namesTheKey(_ damage: Damage) throws {
        let testCase = ModelRebuildTests.cases[damage.caseIndex]
        var stored = try ModelRebuildTests.fit(testCase).stored
        stored.field.value = Self.replacing(stored.field.value, at: damage.path, with: damage.value)
        let error = #expect(throws: JSONFieldError.self) {
            try LearnerRegistry.rebuild(type: testCase.learner, parameters: stored)
        }
        #expect(error?.path == damage.expectedKey, "\(String(describing: error))")
    }

    @Test("a tree whose child points back at an earlier node is refused")
    func treeCycle() throws {
        var stored = try ModelRebuildTests.fit(ModelRebuildTests.cases[5]).stored
        var right = try #require(stored.field.value["right"]?.arrayValue)
        let split = try #require(right.firstIndex { ($0.intValue ?? -1) >= 0 })
        right[split] = .int(split)
        stored.field.value = Self.replacing(stored.field.value, at: ["right"], with: .array(right))
        let error = #expect(throws: JSONFieldError.self) {
            try LearnerRegistry.rebuild(type: "decision_tree", parameters: stored)
        }
        #expect(error?.path == "parameters.right")
        #expect(error?.description.contains("must point after node \(split)") == true)
    }

    static func replacing(_ json: JSONValue, at path: [String], with value: JSONValue) -> JSONValue {
        guard let key = path.first, var object = json.objectValue else { return value }
        object[key] = replacing(object[key] ?? .null, at: Array(path.dropFirst()), with: value)
        return .object(object)
    }
}
