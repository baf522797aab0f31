import Datasets
import HyperplanCore
import Inference
import Learners
import Search
import Testing

@testable import Executor
@testable import ResultBundle

/// The records of the bundle's files: `trials.jsonl` lines, `model.json` with its pipeline and
/// `hyperplan status --json`, against the bytes the hand-written writers produced, read back, and damaged.
@Suite("Bundle file records")
struct BundleRecordTests {
    static func fold(_ number: Int, validation: Double, train: Double) -> FoldResult {
        FoldResult(
            fold: number, status: .ok, trainScores: ["accuracy": train], validationScores: ["accuracy": validation],
            report: FitReport(iterations: 2))
    }

    static let foldText = [
        #"{"fit":{"converged":true,"iterations":2},"fold":0,"status":"ok","train":{"accuracy":1.0},"validation":{"accuracy":0.5}}"#,
        #"{"fit":{"converged":true,"iterations":2},"fold":1,"status":"ok","train":{"accuracy":1.0},"validation":{"accuracy":1.0}}"#,
    ]

    @Test("trials.jsonl: an ok, a failed and a pruned trial, with and without a schedule")
    func trialLines() throws {
        let configuration = Configuration([Configuration.Entry(name: "model.C", value: .double(0.5))])
        let ok = TrialResult(
            trial: 2, configuration: configuration,
            hyperparameters: Hyperparameters(["C": .double(0.5), "max_iter": .int(100)]), schedule: nil,
            folds: [Self.fold(0, validation: 0.5, train: 1), Self.fold(1, validation: 1, train: 1)],
            metrics: ["accuracy"])
        let okRecord = try RecordCoding.roundTrip(
            TrialRecord(ok, rank: 1, flags: ["overfitting"]),
            #"{"flags":["overfitting"],"folds":["# + Self.foldText.joined(separator: ",")
                + #"],"hyperparameters":{"C":0.5,"max_iter":100},"parameters":{"model.C":0.5},"rank":1,"status":"ok","#
                + #""train":{"accuracy":{"mean":1.0,"std":0.0}},"trial":2,"validation":{"accuracy":{"mean":0.75,"std":0.25}}}"#
        )
        #expect(okRecord == TrialRecord(ok, rank: 1, flags: ["overfitting"]))
        let recorded = RecordedTrial(okRecord)
        #expect(recorded.validation["accuracy"] == MeanAndSpread(mean: 0.75, std: 0.25))
        #expect(recorded.folds.map(\.iterations) == [2, 2] && recorded.folds[0].converged == true)
        #expect(recorded.rank == 1 && recorded.flags == ["overfitting"] && recorded.schedule == nil)

        let failedFold = FoldResult(
            fold: 0, status: .failed(reason: "boom"), trainScores: [:], validationScores: [:], report: nil)
        let failed = TrialResult(
            trial: 0, configuration: Configuration(), hyperparameters: Hyperparameters(),
            schedule: Hyperparameters(["optimizer": .string("sgd")]), folds: [failedFold], metrics: ["accuracy"])
        let failedRecord = try RecordCoding.roundTrip(
            TrialRecord(failed, rank: nil, flags: []),
            #"{"flags":[],"folds":[{"fold":0,"reason":"boom","status":"failed","train":{},"validation":{}}],"#
                + #""hyperparameters":{},"parameters":{},"rank":null,"reason":"fold 0: boom","#
                + #""schedule":{"optimizer":"sgd"},"status":"failed","train":{},"trial":0,"validation":{}}"#)
        #expect(RecordedTrial(failedRecord).failureKind == "boom")

        let prunedFold = FoldResult(
            fold: 0, status: .pruned(resource: 3), trainScores: [:], validationScores: [:], report: nil)
        let pruned = TrialResult(
            trial: 1, configuration: Configuration(), hyperparameters: Hyperparameters(), schedule: nil,
            folds: [prunedFold], metrics: ["accuracy"])
        let prunedRecord = try RecordCoding.roundTrip(
            TrialRecord(pruned, rank: nil, flags: []),
            #"{"flags":[],"folds":[{"fold":0,"pruned_at":3,"status":"pruned","train":{},"validation":{}}],"#
                + #""hyperparameters":{},"parameters":{},"pruned_at":3,"rank":null,"status":"pruned","train":{},"trial":1,"validation":{}}"#
        )
        #expect(RecordedTrial(prunedRecord).prunedAt == 3)
    }

    @Test("a damaged trials.jsonl line names its place and key path")
    func damagedTrialLine() throws {
        let error = #expect(throws: BundleError.self) {
            try RecordedTrial(
                record: try JSONValue.parse(#"{"trial":0,"status":"ok","parameters":{},"folds":[{"fold":0}]}"#),
                place: "trials.jsonl:1")
        }
        #expect(error?.description == "trials.jsonl:1: not a trial record: folds[0].status: missing")
        let mistyped = try RecordCoding.failure(TrialRecord.self, #"{"trial":"0","status":"ok","parameters":{}}"#)
        #expect(mistyped?.path == "trial")
        #expect(try RecordCoding.failure(TrialRecord.self, #"{"trial":0,"status":"ok"}"#)?.path == "parameters")
    }

    @Test("status --json: every key, null where unknown")
    func statusReport() throws {
        let report = BundleStatus.Report(
            bundle: "runs/x/abc", state: .ok, experiment: nil, plannedTrials: 10, finishedTrials: 4, failedTrials: 1,
            prunedTrials: 0, bestTrial: 3, bestScore: 0.9, metric: "accuracy", lockHolder: nil, stopReason: nil,
            lastActivitySecondsAgo: nil, notes: ["journal line 3: not readable JSON"])
        let read = try RecordCoding.roundTrip(
            report,
            #"{"best_score":0.9,"best_trial":3,"bundle":"runs/x/abc","experiment":null,"failed_trials":1,"#
                + #""finished_trials":4,"last_activity_seconds_ago":null,"lock_holder":null,"metric":"accuracy","#
                + #""notes":["journal line 3: not readable JSON"],"#
                + #""planned_trials":10,"pruned_trials":0,"state":"ok","stop_reason":null}"#)
        #expect(read == report)
    }

    static let pipeline = StoredPreprocessing(
        plan: PreprocessingPlan([.standardize, .impute(.mean), .oneHot]),
        columns: [
            .numeric(name: "a", fill: 2, center: 1.5, scale: 2), .oneHot(name: "c", categories: ["x", "y"], fill: nil),
        ])

    static let modelText =
        #"{"classes":["no","yes"],"feature_names":["a","c=x","c=y"],"features":["a","c"],"fit":{"converged":true},"#
        + #""fitted":true,"format":2,"hyperparameters":{"C":1.0},"parameters":{"coefficients":[1.0,2.0,3.0],"intercept":0.0},"#
        + #""preprocessing":{"columns":[{"center":1.5,"column":"a","fill":2.0,"kind":"numeric","scale":2.0},"#
        + #"{"categories":["x","y"],"column":"c","fill":null,"kind":"one_hot"}],"#
        + #""steps":[{"impute":{"strategy":"mean"}},"one_hot","standardize"]},"schedule":null,"target":"label","#
        + #""task":"classification","train_scores":{"accuracy":1.0,"log_loss":null},"trial":1,"type":"logistic_regression"}"#

    @Test("model.json: a fitted model with its pipeline, and an unfitted one")
    func modelFile() throws {
        let file = ModelFile(
            type: "logistic_regression", trial: 1, hyperparameters: .object(["C": .double(1)]), schedule: .null,
            task: .classification, target: "label", featureNames: ["a", "c=x", "c=y"], classes: ["no", "yes"],
            preprocessing: Self.pipeline,
            parameters: .object([
                "coefficients": .array([.double(1), .double(2), .double(3)]), "intercept": .double(0),
            ]),
            fitReport: FitReport().json, trainScores: ["accuracy": 1, "log_loss": .nan])
        let read = try RecordCoding.roundTrip(file, Self.modelText)
        #expect(read.preprocessing == Self.pipeline && read.classes == ["no", "yes"] && read.features == ["a", "c"])
        #expect(read.trainScores["log_loss"]?.isNaN == true && read.task == .classification && read.trial == 1)
        let unfitted = try RecordCoding.roundTrip(
            ModelFile.unfitted(type: "knn"), #"{"fitted":false,"format":2,"type":"knn"}"#)
        #expect(!unfitted.fitted && unfitted.preprocessing == nil)
        #expect(try ModelFile(json: try JSONValue.parse(Self.modelText)).json.canonicalString() == Self.modelText)
    }

    /// `model.json` with one key replaced.
    static func damaged(_ key: String, _ value: JSONValue?) throws -> JSONFieldError? {
        var fields = try #require(try JSONValue.parse(modelText).objectValue)
        fields[key] = value
        return #expect(throws: JSONFieldError.self) { try ModelFile(json: .object(fields)) }
    }

    @Test("a damaged model.json names the key as predict reports it")
    func damagedModelFile() throws {
        #expect(try Self.damaged("preprocessing", .string("x"))?.description == "'preprocessing' must be an object")
        #expect(try Self.damaged("preprocessing", .null)?.description == "'preprocessing' must be an object")
        #expect(try Self.damaged("features", nil)?.description == "'features' is missing")
        #expect(try Self.damaged("parameters", nil)?.description == "'parameters' is missing")
        #expect(try Self.damaged("fitted", .int(1))?.description == "'fitted' must be true or false")
        #expect(try Self.damaged("features", .array([.string("c"), .string("a")]))?.path == "features")
        #expect(
            try Self.damaged("features", .array([.string("a"), .int(1)]))?.description
                == "'features[1]' must be a string")
        #expect(
            try Self.damaged("classes", .array([.string("no")]))?.message == "must list at least two distinct classes")
        #expect(
            try Self.damaged("task", .string("ranking"))?.message
                == "must be one of 'classification', 'regression', not 'ranking'")
        var pipeline = try #require(Self.pipeline.json.objectValue)
        pipeline["steps"] = .array([.string("log")])
        #expect(try Self.damaged("preprocessing", .object(pipeline))?.path == "preprocessing.steps[0]")
        pipeline = try #require(Self.pipeline.json.objectValue)
        pipeline["columns"] = .array([
            .object([
                "column": .string("c"), "kind": .string("one_hot"), "categories": .array([]), "fill": .string("z"),
            ])
        ])
        let fill = try Self.damaged("preprocessing", .object(pipeline))
        #expect(fill?.description == "'preprocessing.columns[0].fill' must be one of the column's categories, not 'z'")
    }
}
