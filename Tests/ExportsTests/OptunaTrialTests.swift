import Exports
import HyperplanCore
import ResultBundle
import Testing

/// Hyperplan trials as Optuna trials: states, values, intermediate values, parameters and user attributes.
@Suite("Optuna trials")
struct OptunaTrialTests {
    let space: [String: OptunaDistribution]

    init() throws {
        space = ExportFixtures.space(
            try ExportFixtures.modelChoiceSpace() + [
                try ExportFixtures.dimension(#"{"name":"model.C","domain":{"loguniform":[0.001,1000.0]}}"#)
            ])
    }

    @Test("an ok trial is COMPLETE with the mean validation score, its rank, flags and scores as user attributes")
    func complete() throws {
        let record = try ExportFixtures.trial(
            #"{"trial":4,"status":"ok","rank":2,"flags":["overfitting"],"parameters":{"model.C":10.0},"#
                + #""validation":{"accuracy":{"mean":0.9,"std":0.05}},"train":{"accuracy":{"mean":0.99,"std":0.01}},"#
                + #""folds":["# + ExportFixtures.fold(0, validation: 0.85, train: 0.98) + ","
                + ExportFixtures.fold(1, validation: 0.95, train: 1.0) + "]}")
        let trial = try OptunaTrial(record, number: 4, space: space, metric: "accuracy", metrics: ["accuracy"])
        #expect(trial.state == .complete)
        #expect(trial.value == 0.9)
        #expect(trial.parameters == ["model.C": .double(10)])
        #expect(trial.distributions == ["model.C": .float(low: 0.001, high: 1000, log: true)])
        #expect(trial.intermediateValues.isEmpty)
        #expect(
            trial.userAttributes == [
                "hyperplan_trial": .int(4), "rank": .int(2), "flags": .array([.string("overfitting")]),
                "mean_validation_accuracy": .double(0.9), "std_validation_accuracy": .double(0.05),
                "mean_train_accuracy": .double(0.99), "std_train_accuracy": .double(0.01),
                "fold_validation_accuracy": .array([.double(0.85), .double(0.95)]),
                "fold_train_accuracy": .array([.double(0.98), .double(1.0)]),
            ])
        #expect(trial.notes.isEmpty)
    }

    @Test("a pruned trial's intermediate values are the mean over the folds that reached each epoch")
    func pruned() throws {
        let record = try ExportFixtures.trial(
            #"{"trial":1,"status":"pruned","pruned_at":2,"parameters":{"model.C":1.0},"folds":["#
                + ExportFixtures.fold(0, validation: 0.5, train: 0.6, curve: [0.4, 0.6, 0.7])
                + "," + ExportFixtures.fold(1, validation: 0.5, train: 0.6, curve: [0.2, 0.4], status: "pruned")
                + "]}")
        let trial = try OptunaTrial(record, number: 1, space: space, metric: "accuracy", metrics: ["accuracy"])
        #expect(trial.state == .pruned)
        #expect(trial.intermediateValues.keys.sorted() == [1, 2, 3])
        #expect(abs((trial.intermediateValues[1] ?? 0) - 0.3) < 1e-15)
        #expect(abs((trial.intermediateValues[2] ?? 0) - 0.5) < 1e-15)
        #expect(trial.intermediateValues[3] == 0.7)
        // As Optuna's `study.tell` gives a pruned trial its last intermediate value.
        #expect(trial.value == 0.7)
        #expect(trial.userAttributes["pruned_at"] == .int(2))
        #expect(trial.userAttributes["rank"] == nil)
    }

    @Test("a failed trial is FAIL without a value, with its reason")
    func failed() throws {
        let record = try ExportFixtures.trial(
            #"{"trial":2,"status":"failed","reason":"fold 0: the program exited with status 3","#
                + #""parameters":{"model.C":0.01},"folds":[{"fold":0,"status":"failed","reason":"exit 3"}]}"#)
        let trial = try OptunaTrial(record, number: 2, space: space, metric: "accuracy", metrics: ["accuracy"])
        #expect(trial.state == .fail)
        #expect(trial.value == nil)
        #expect(trial.userAttributes["reason"] == .string("fold 0: the program exited with status 3"))
        #expect(trial.fields["value"] == .null)
        #expect(trial.fields["state"] == .int(3))
    }

    @Test("an ok trial whose mean is not a finite number is FAIL, with a note")
    func nonFiniteMean() throws {
        let record = try ExportFixtures.trial(
            #"{"trial":0,"status":"ok","rank":null,"parameters":{},"validation":{"accuracy":{"mean":null,"std":null}}}"#
        )
        let trial = try OptunaTrial(record, number: 0, space: space, metric: "accuracy", metrics: ["accuracy"])
        #expect(trial.state == .fail && trial.value == nil)
        #expect(trial.notes == ["trial 0 is exported as FAIL: its mean validation accuracy is not a finite number"])
    }

    @Test("a trial command's step reports of the objective are its intermediate values")
    func commandReports() throws {
        let record = try ExportFixtures.trial(
            #"{"trial":0,"status":"ok","parameters":{},"validation":{"val_loss":{"mean":0.2,"std":0.0}},"#
                + #""folds":[{"fold":0,"status":"ok","validation":{"val_loss":0.2},"reports":["#
                + #"{"step":10,"val_loss":0.9},{"step":20,"val_loss":0.5},{"step":30,"other":1}]}]}"#)
        let trial = try OptunaTrial(record, number: 0, space: space, metric: "val_loss", metrics: ["val_loss"])
        #expect(trial.intermediateValues == [10: 0.9, 20: 0.5])
        #expect(trial.value == 0.2)
    }

    @Test("a conditional block's trial has only its own parameters; a list choice is stored by position")
    func conditional() throws {
        let knn = try ExportFixtures.trial(
            #"{"trial":0,"status":"failed","parameters":{"model.type":"knn","model.knn.n_neighbors":7}}"#)
        let mlp = try ExportFixtures.trial(
            #"{"trial":1,"status":"failed","parameters":{"model.type":"mlp","model.mlp.hidden_layers":[32,16],"#
                + #""model.mlp.alpha":0.001}}"#)
        let knnTrial = try OptunaTrial(knn, number: 0, space: space, metric: "accuracy", metrics: [])
        let mlpTrial = try OptunaTrial(mlp, number: 1, space: space, metric: "accuracy", metrics: [])
        #expect(knnTrial.parameters == ["model.type": .int(0), "model.knn.n_neighbors": .int(7)])
        #expect(Set(knnTrial.distributions.keys) == ["model.type", "model.knn.n_neighbors"])
        #expect(
            mlpTrial.parameters == [
                "model.type": .int(1), "model.mlp.hidden_layers": .int(1), "model.mlp.alpha": .double(0.001),
            ])
        let layers = try #require(mlpTrial.fields["distributions"]?["model.mlp.hidden_layers"]?.stringValue)
        #expect(layers == #"{"attributes":{"choices":["[16]","[32,16]"]},"name":"CategoricalDistribution"}"#)
    }

    @Test("a parameter outside the space, or of the wrong kind, is refused in one sentence")
    func unrepresentable() throws {
        let unknown = try ExportFixtures.trial(#"{"trial":3,"status":"failed","parameters":{"model.gamma":1.0}}"#)
        #expect(
            throws: ExportError(
                .unrepresentable,
                "trial 3 records the parameter 'model.gamma', which is not a dimension of the search space in "
                    + "resolved.json")
        ) { try OptunaTrial(unknown, number: 0, space: space, metric: "accuracy", metrics: []) }
        let wrong = try ExportFixtures.trial(#"{"trial":5,"status":"failed","parameters":{"model.type":"svm"}}"#)
        #expect(
            throws: ExportError(
                .unrepresentable, #"trial 5 records 'model.type' = "svm", which is not one of its domain's choices"#)
        ) { try OptunaTrial(wrong, number: 0, space: space, metric: "accuracy", metrics: []) }
    }

    @Test(
        "placeholder datetimes count seconds from 2000-01-01T00:00:00Z",
        arguments: [
            (0, "2000-01-01T00:00:00.000000+00:00"), (3_661, "2000-01-01T01:01:01.000000+00:00"),
            (59 * 86_400, "2000-02-29T00:00:00.000000+00:00"), (366 * 86_400, "2001-01-01T00:00:00.000000+00:00"),
            (86_400 * 365 * 30 + 7, "2029-12-24T00:00:07.000000+00:00"),
        ])
    func datetimes(seconds: Int, expected: String) throws {
        let record = try ExportFixtures.trial(#"{"trial":0,"status":"failed","parameters":{}}"#)
        let trial = try OptunaTrial(record, number: seconds, space: [:], metric: "m", metrics: [])
        #expect(trial.fields["datetime_start"] == .string(expected))
        #expect(trial.fields["datetime_complete"] == .string(expected))
    }
}
