import HyperplanCore
import Testing

@testable import Executor

/// The fit diagnosis rule of docs/reports.md, on scores worked out by hand.
@Suite("Fit diagnosis")
struct FitDiagnosisTests {
    typealias Scores = FitDiagnosis.Scores

    @Test("accuracy (a score bounded by 1): gaps of more than 0.05; spread above twice the median")
    func boundedScore() {
        let scores = [
            // Best validation 0.90. Train 0.99 vs validation 0.90: gap 0.09 > 0.05, overfitting.
            Scores(isOK: true, validationMean: 0.90, validationStd: 0.02, trainMean: 0.99),
            // Train 0.84 is 0.06 below the best validation: underfitting; validation ≤ train, no overfit.
            Scores(isOK: true, validationMean: 0.83, validationStd: 0.02, trainMean: 0.84),
            // Train 0.88 is only 0.02 below the best; gap 0.02: no flag. Spread 0.03 < 2 × median 0.02.
            Scores(isOK: true, validationMean: 0.86, validationStd: 0.03, trainMean: 0.88),
            // Spread 0.09 > 2 × median (0.025 with four ok trials) = 0.05: unstable.
            Scores(isOK: true, validationMean: 0.87, validationStd: 0.09, trainMean: 0.89),
            // Not ok: never flagged.
            Scores(isOK: false, validationMean: nil, validationStd: nil, trainMean: nil),
        ]
        let diagnosis = FitDiagnosis(scores: scores, best: 0, metric: "accuracy", goal: .maximize)
        #expect(diagnosis.flags == [[.overfitting], [.underfitting], [], [.unstable], []])
        #expect(diagnosis.thresholds.gap == 0.05 && !diagnosis.thresholds.relative)
    }

    @Test("log loss (unbounded, minimised): gaps relative to the best validation loss, 25 %")
    func relativeLoss() {
        let scores = [
            // Best validation loss 0.40: the threshold is 0.10.
            Scores(isOK: true, validationMean: 0.40, validationStd: 0.01, trainMean: 0.35),
            // Validation 0.60 vs train 0.45: worse by 0.15 > 0.10, overfitting; train 0.45 vs best 0.40: 0.05, fine.
            Scores(isOK: true, validationMean: 0.60, validationStd: 0.01, trainMean: 0.45),
            // Train 0.55 is worse than the best validation by 0.15: underfitting.
            Scores(isOK: true, validationMean: 0.58, validationStd: 0.01, trainMean: 0.55),
        ]
        let diagnosis = FitDiagnosis(scores: scores, best: 0, metric: "log_loss", goal: .minimize)
        #expect(diagnosis.flags == [[], [.overfitting], [.underfitting]])
        #expect(diagnosis.names(at: 1) == ["overfitting"])
    }

    @Test("a trial command's metric without training scores gets no over- or underfitting flag")
    func noTrainingScores() {
        let scores = [
            Scores(isOK: true, validationMean: 1, validationStd: 0, trainMean: nil),
            Scores(isOK: true, validationMean: 5, validationStd: 0, trainMean: nil),
        ]
        let diagnosis = FitDiagnosis(scores: scores, best: 0, metric: "val_loss", goal: .minimize)
        #expect(diagnosis.flags == [[], []])
    }
}
