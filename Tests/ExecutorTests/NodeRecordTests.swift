import Datasets
import HyperplanCore
import Learners
import Planner
import Testing

@testable import Executor

/// Every node kind's journal record: the bytes the hand-written writers produced, read back to the same value,
/// and a damaged record refused naming its key.
@Suite("Node records")
struct NodeRecordTests {
    /// A fold of each status, with NaN scores, an empty map, a full and a minimal epoch, and a command's reports.
    static let folds: [(FoldResult, String)] = [
        (
            FoldResult(
                fold: 0, status: .ok, trainScores: ["accuracy": 0.5],
                validationScores: ["accuracy": .nan, "log_loss": 1],
                report: FitReport(
                    iterations: 3, converged: false, objective: .nan,
                    history: [
                        EpochRecord(
                            epoch: 1, learningRate: 0.1, trainLoss: 2, trainMetric: 0.25, validationLoss: .nan,
                            validationMetric: 0.5),
                        EpochRecord(epoch: 2, learningRate: 0.05, trainLoss: 1.5),
                    ])),
            #"{"fit":{"converged":false,"history":[{"epoch":1,"learning_rate":0.1,"train_loss":2.0,"train_metric":0.25,"#
                + #""validation_loss":null,"validation_metric":0.5},{"epoch":2,"learning_rate":0.05,"train_loss":1.5}],"#
                + #""iterations":3,"objective":null},"fold":0,"status":"ok","train":{"accuracy":0.5},"#
                + #""validation":{"accuracy":null,"log_loss":1.0}}"#
        ),
        (
            FoldResult(fold: 1, status: .failed(reason: "boom"), trainScores: [:], validationScores: [:], report: nil),
            #"{"fold":1,"reason":"boom","status":"failed","train":{},"validation":{}}"#
        ),
        (
            FoldResult(
                fold: 2, status: .pruned(resource: 4), trainScores: [:], validationScores: [:],
                report: FitReport(iterations: 4, converged: false)),
            #"{"fit":{"converged":false,"iterations":4},"fold":2,"pruned_at":4,"status":"pruned","train":{},"validation":{}}"#
        ),
        (
            FoldResult(
                fold: 0, status: .skipped(reason: "the search had stopped"), trainScores: [:], validationScores: [:],
                report: nil),
            #"{"fold":0,"reason":"the search had stopped","status":"skipped","train":{},"validation":{}}"#
        ),
        (
            FoldResult(
                fold: 3, status: .ok, trainScores: ["mse": 2], validationScores: ["mse": 3], report: FitReport(),
                reports: [.object(["epoch": .int(1), "val_loss": .double(0.4)])]),
            #"{"fit":{"converged":true},"fold":3,"reports":[{"epoch":1,"val_loss":0.4}],"status":"ok","train":{"mse":2.0},"#
                + #""validation":{"mse":3.0}}"#
        ),
    ]

    @Test("fit_score: a fold of every status reads back to the fold it was")
    func foldRecords() throws {
        for (fold, expected) in Self.folds {
            let read = FoldResult(record: try RecordCoding.roundTrip(fold.record, expected))
            #expect(read.fold == fold.fold && read.status == fold.status && read.reports == fold.reports)
            #expect(read.trainScores.keys.sorted() == fold.trainScores.keys.sorted())
            #expect(read.validationScores["accuracy"].map(\.isNaN) == fold.validationScores["accuracy"].map(\.isNaN))
            #expect(read.report?.objective?.isNaN == fold.report?.objective?.isNaN, "null is NaN, absent is nil")
            #expect(read.report?.history.count == fold.report?.history.count)
            #expect(read.report?.history.last == fold.report?.history.last)
            #expect(fold.json.canonicalString() == expected)
        }
    }

    @Test("the small records keep their keys, nulls and integers")
    func smallRecords() throws {
        #expect(try RecordCoding.roundTrip(LoadDataNode.Record(rows: 150), #"{"rows":150}"#).rows == 150)
        let rows = try RecordCoding.roundTrip(
            SplitTestNode.Record(train: [0, 1], test: nil), #"{"test":null,"train":[0,1]}"#)
        #expect(rows.test == nil && rows.train == [0, 1])
        let split = try RecordCoding.roundTrip(
            SplitTestNode.Record(train: [2], test: [0, 1]), #"{"test":[0,1],"train":[2]}"#)
        #expect(split.test == [0, 1])
        let folds = try RecordCoding.roundTrip(
            MakeFoldsNode.Record(validation: [[1, 3], [], [0, 2]]), #"{"validation":[[1,3],[],[0,2]]}"#)
        #expect(folds.validation == [[1, 3], [], [0, 2]])
        #expect(try RecordCoding.roundTrip(SelectBestNode.Record(best: nil), #"{"best":null}"#).best == nil)
        #expect(try RecordCoding.roundTrip(SelectBestNode.Record(best: 2), #"{"best":2}"#).best == 2)
        let none = try RecordCoding.roundTrip(RefitNode.Record(trial: nil), #"{"trial":null}"#)
        #expect(none.trial == nil && none.parametersSHA256 == nil)
        let refit = try RecordCoding.roundTrip(
            RefitNode.Record(trial: 1, parametersSHA256: "ab"), #"{"parameters_sha256":"ab","trial":1}"#)
        #expect(refit.trial == 1 && refit.parametersSHA256 == "ab")
        #expect(try RecordCoding.roundTrip(EvaluateTestNode.Record(scores: nil), #"{"scores":null}"#).scores == nil)
        let scores = try RecordCoding.roundTrip(
            EvaluateTestNode.Record(scores: ["accuracy": 0.9, "r2": .nan, "count": 10]),
            #"{"scores":{"accuracy":0.9,"count":10.0,"r2":null}}"#)
        #expect(scores.scores?["r2"]?.isNaN == true && scores.scores?["count"] == 10)
        #expect(try RecordCoding.roundTrip(EvaluateTestNode.Record(scores: [:]), #"{"scores":{}}"#).scores == [:])
        let files = try RecordCoding.roundTrip(
            ExportFoldNode.Record(train: "a/train.csv", heldOut: "a/validation.csv"),
            #"{"held_out":"a/validation.csv","train":"a/train.csv"}"#)
        #expect(files.heldOut == "a/validation.csv")
        let suggestion = try RecordCoding.roundTrip(
            SuggestionRecord(trial: 3, configuration: ["model.C": .double(0.5), "model.k": .int(3)]),
            #"{"configuration":{"model.C":0.5,"model.k":3},"trial":3}"#)
        #expect(suggestion.configuration["model.k"] == .int(3))
        try RecordCoding.roundTrip(WriteBundleNode.Record(), "{}")
        let outcome = TrialOutcomeRecord(
            trial: 1, status: .ok, validation: ["accuracy": FoldSummary([0.5, 1]), "r2": FoldSummary([])])
        let read = try RecordCoding.roundTrip(
            outcome,
            #"{"status":"ok","trial":1,"validation":{"accuracy":{"mean":0.75,"std":0.25},"r2":{"mean":null,"std":null}}}"#
        )
        #expect(
            read.validation["accuracy"] == outcome.validation["accuracy"] && read.validation["r2"]?.mean.isNaN == true)
        try RecordCoding.roundTrip(
            TrialOutcomeRecord(trial: 0, status: .failed, validation: [:]),
            #"{"status":"failed","trial":0,"validation":{}}"#)
    }

    @Test("fit_preprocessing: numeric and one-hot columns, a NaN fill, read back exactly")
    func preprocessingRecord() throws {
        let expected =
            #"{"preprocessing":{"columns":[{"center":1.5,"column":"a","fill":null,"kind":"numeric","scale":2.0},"#
            + #"{"category_codes":[0,2],"column":"c","fill_code":-1,"kind":"one_hot"}],"feature_names":["a","c=x","c=z"]}}"#
        let record = try CanonicalCoding.decode(FitPreprocessingNode.Record.self, from: try JSONValue.parse(expected))
        let read = try RecordCoding.roundTrip(record, expected).preprocessing
        #expect(read.inputNames == ["a", "c"] && read.featureNames == ["a", "c=x", "c=z"])
        guard case .numeric(let fill, let center, let scale) = read.transforms[0] else {
            Issue.record("'a' is not numeric")
            return
        }
        #expect(fill.isNaN && center == 1.5 && scale == 2)
        #expect(read.transforms[1] == .oneHot(fill: -1, categories: [0, 2]))
    }

    @Test("a damaged record is refused naming the key path")
    func damagedRecords() throws {
        let missing = try RecordCoding.failure(FoldRecord.self, #"{"status":"ok","train":{},"validation":{}}"#)
        #expect(missing?.description == "fold: missing")
        let mistyped = try RecordCoding.failure(
            FoldRecord.self, #"{"fold":0,"status":"ok","train":{"accuracy":"high"}}"#)
        #expect(mistyped?.path == "train.accuracy")
        #expect(mistyped?.description.contains("expected a number") == true)
        let epoch = try RecordCoding.failure(
            FoldRecord.self,
            #"{"fold":0,"status":"ok","fit":{"converged":true,"history":[{"epoch":1},{"train_loss":1}]}}"#)
        #expect(epoch?.path == "fit.history[1].epoch")
        let report = try RecordCoding.failure(FoldRecord.self, #"{"fold":0,"status":"ok","fit":{"iterations":3}}"#)
        #expect(report?.path == "fit.converged")
        let scale = try RecordCoding.failure(
            FitPreprocessingNode.Record.self,
            #"{"preprocessing":{"columns":[{"center":0,"column":"a","fill":0,"kind":"numeric","scale":"x"}],"feature_names":["a"]}}"#
        )
        #expect(scale?.path == "preprocessing.columns[0].scale")
        let kind = try RecordCoding.failure(
            FitPreprocessingNode.Record.self,
            #"{"preprocessing":{"columns":[{"column":"a","kind":"log"}],"feature_names":[]}}"#)
        #expect(kind?.path == "preprocessing.columns[0].kind")
        #expect(try RecordCoding.failure(SplitTestNode.Record.self, #"{"test":null}"#)?.path == "train")
        #expect(
            try RecordCoding.failure(MakeFoldsNode.Record.self, #"{"validation":[[1],["2"]]}"#)?.path
                == "validation[1][0]")
        #expect(try RecordCoding.failure(SuggestionRecord.self, #"{"trial":1}"#)?.path == "configuration")
        #expect(
            try RecordCoding.failure(
                TrialOutcomeRecord.self, #"{"trial":1,"status":"ok","validation":{"a":{"mean":1}}}"#)?.path
                == "validation.a.std")
    }
}
