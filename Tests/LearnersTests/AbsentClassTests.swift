import HyperplanCore
import Learners
import Testing

/// A training fold can miss a class. As scikit-learn does, logistic regression then fits only the classes
/// present, and gives the missing class probability 0.
@Suite("Logistic regression with a class missing from the training rows")
struct AbsentClassTests {
    // Two well-separated 1-D groups labelled 0 and 2 of three classes.
    static let features = Matrix(rowArrays: [[-2], [-1.5], [-1], [-0.2], [0.3], [1], [1.4], [2]])
    static let labels = [0, 0, 0, 2, 0, 2, 2, 2]

    func fit(_ targets: Targets) throws -> FittedLogisticModel {
        let learner = LogisticRegression(hyperparameters: Hyperparameters(["C": .double(1)]), task: .classification)
        let model = try learner.fit(
            features: Self.features, targets: targets,
            context: FitContext(seed: 0, key: "t"))
        return try #require(model as? FittedLogisticModel)
    }

    @Test("the model is the binary model of the present classes, mapped back to the full class indices")
    func binaryOverPresentClasses() throws {
        let threeClass = try fit(.classes(Self.labels, classCount: 3))
        let binary = try fit(.classes(Self.labels.map { $0 == 2 ? 1 : 0 }, classCount: 2))
        #expect(threeClass.coefficients.count == 1)
        #expect(threeClass.coefficients == binary.coefficients)
        #expect(threeClass.intercepts == binary.intercepts)
        guard case .classes(let labels, let probabilities?) = threeClass.predict(Self.features),
            case .classes(let binaryLabels, let binaryProbabilities?) = binary.predict(Self.features)
        else {
            Issue.record("expected class predictions with probabilities")
            return
        }
        #expect(labels == binaryLabels.map { $0 == 1 ? 2 : 0 })
        for row in 0..<Self.features.rows {
            #expect(probabilities[row, 1] == 0)
            #expect(probabilities[row, 0] == binaryProbabilities[row, 0])
            #expect(probabilities[row, 2] == binaryProbabilities[row, 1])
        }
        #expect(threeClass.parameters["fitted_class_indices"] == .array([.int(0), .int(2)]))
    }
}
