import Exports
import HyperplanCore
import ResultBundle
import Testing

/// A study's journal: the operations Optuna replays, in order, in canonical JSON lines.
@Suite("Optuna journal")
struct OptunaStudyTests {
    static func study(trials: [String], goal: OptimizationGoal = .maximize) throws -> OptunaStudy {
        try OptunaStudy(
            name: "iris-logistic", goal: goal, metric: "accuracy", metrics: ["accuracy"],
            dimensions: [try ExportFixtures.dimension(#"{"name":"model.C","domain":{"loguniform":[0.001,1000.0]}}"#)],
            trials: try trials.map(ExportFixtures.trial),
            userAttributes: ["experiment": .string("f9b3"), "metric": .string("accuracy")])
    }

    static let ok =
        #"{"trial":0,"status":"ok","rank":1,"parameters":{"model.C":1.0},"validation":{"accuracy":{"mean":0.9,"std":0.1}}}"#
    static let failed = #"{"trial":1,"status":"failed","reason":"fold 0: boom","parameters":{"model.C":0.001}}"#

    @Test("CREATE_STUDY, one SET_STUDY_USER_ATTR per attribute, then one CREATE_TRIAL per trial")
    func operations() throws {
        let entries = try Self.study(trials: [Self.ok, Self.failed]).journalEntries
        #expect(entries.map { $0["op_code"] } == [.int(0), .int(2), .int(2), .int(4), .int(4)])
        #expect(entries.allSatisfy { $0["worker_id"] == .string("hyperplan-export") })
        #expect(entries[0]["study_name"] == .string("iris-logistic"))
        #expect(entries[0]["directions"] == .array([.int(2)]))
        #expect(entries[1]["user_attr"] == .object(["experiment": .string("f9b3")]))
        #expect(entries[2]["user_attr"] == .object(["metric": .string("accuracy")]))
        #expect(entries.dropFirst().allSatisfy { $0["study_id"] == .int(0) })
        #expect(entries[3]["state"] == .int(1) && entries[3]["value"] == .double(0.9))
        #expect(entries[3]["params"] == .object(["model.C": .double(1)]))
        #expect(entries[4]["state"] == .int(3) && entries[4]["value"] == .null)
        #expect(entries[4]["datetime_start"] == .string("2000-01-01T00:00:01.000000+00:00"))
    }

    @Test("minimize is Optuna's direction 1")
    func minimize() throws {
        let entries = try Self.study(trials: [], goal: .minimize).journalEntries
        #expect(entries[0]["directions"] == .array([.int(1)]))
    }

    @Test("the text is one canonical JSON line per operation, the same every time")
    func text() throws {
        let text = try Self.study(trials: [Self.ok, Self.failed]).journalText
        #expect(text == (try Self.study(trials: [Self.ok, Self.failed]).journalText))
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 5)
        for line in lines {
            let parsed = try JSONValue.parse(String(line))
            #expect(parsed.canonicalString() == String(line))
        }
        #expect(
            lines.first
                == #"{"directions":[2],"op_code":0,"study_name":"iris-logistic","worker_id":"hyperplan-export"}"#)
    }

    @Test("Optuna numbers trials in order; gaps in Hyperplan's indices get a note; skipped trials are left out")
    func numbering() throws {
        let later = #"{"trial":5,"status":"failed","parameters":{"model.C":2.0}}"#
        let skipped = #"{"trial":6,"status":"skipped","reason":"the search had stopped","parameters":{}}"#
        let study = try Self.study(trials: [later, skipped, Self.ok])
        #expect(study.trials.map(\.number) == [0, 1])
        #expect(study.trials.map { $0.userAttributes["hyperplan_trial"] } == [.int(0), .int(5)])
        #expect(study.notes.count == 1)
        #expect(study.notes.first?.contains("'hyperplan_trial'") == true)
        #expect(study.summary == "2 trials: 1 complete, 1 failed")
    }

    @Test("a value recorded outside its declared bounds widens the distribution, with a note")
    func widening() throws {
        let outside = #"{"trial":0,"status":"failed","parameters":{"model.C":1000.0000000000002}}"#
        let study = try Self.study(trials: [outside, Self.failed])
        #expect(study.trials[0].distributions["model.C"] == .float(low: 0.001, high: 1000.0000000000002, log: true))
        #expect(study.trials[1].distributions["model.C"] == study.trials[0].distributions["model.C"])
        #expect(study.notes.contains { $0.contains("'model.C' has recorded values outside its declared bounds") })
    }
}
