import Datasets
import HyperplanCore
import HyperplanTestSupport
import Testing

/// Classification or regression from the target column alone.
@Suite("Task inference")
struct TaskInferenceTests {
    @Test(
        "built-in targets",
        arguments: [
            ("iris", "species", TaskKind.classification),
            ("penguins", "species", .classification),
            ("wine", "cultivar", .classification),
            ("diabetes", "progression", .regression),
            ("digits", "digit", .classification),
            ("iris", "sepal length (cm)", .regression),
        ])
    func builtin(dataset: String, column: String, task: TaskKind) throws {
        let target = try #require(try ReferenceDatasets.loaded(dataset).table.column(named: column))
        guard case .decided(let inferred, let reason) = TaskInference.infer(from: target) else {
            Issue.record("\(dataset).\(column): \(TaskInference.infer(from: target))")
            return
        }
        #expect(inferred == task, "\(reason)")
        #expect(reason.contains("'\(column)'"), "\(reason)")
    }

    @Test("the reasons name what was seen")
    func reasons() throws {
        let diabetes = try #require(try ReferenceDatasets.loaded("diabetes").table.column(named: "progression"))
        #expect(diabetes.distinctCount == 214)
        #expect(
            TaskInference.infer(from: diabetes)
                == .decided(.regression, reason: "'progression' holds 214 distinct whole numbers"))
        let digits = try #require(try ReferenceDatasets.loaded("digits").table.column(named: "digit"))
        #expect(
            TaskInference.infer(from: digits)
                == .decided(.classification, reason: "'digit' holds 10 distinct whole numbers"))
    }

    @Test("whole numbers between the class and regression limits are ambiguous", arguments: [21, 30, 49])
    func ambiguous(distinct: Int) {
        let column = DataColumn(name: "score", numeric: (0..<(3 * distinct)).map { Double($0 % distinct) })
        guard case .ambiguous(let reason) = TaskInference.infer(from: column) else {
            Issue.record("\(distinct) distinct integers: \(TaskInference.infer(from: column))")
            return
        }
        #expect(reason.contains("\(distinct) distinct whole numbers"), "\(reason)")
    }

    @Test("the limits themselves decide", arguments: [(20, TaskKind.classification), (50, .regression)])
    func limits(distinct: Int, task: TaskKind) {
        let column = DataColumn(name: "score", numeric: (0..<distinct).map(Double.init) + [.nan])
        guard case .decided(let inferred, _) = TaskInference.infer(from: column) else {
            Issue.record("\(distinct) distinct integers: \(TaskInference.infer(from: column))")
            return
        }
        #expect(inferred == task)
    }
}
