import Datasets
import HyperplanCore
import HyperplanTestSupport
import Testing

/// Impute → one-hot → standardize fitted on penguins' KFold(5) fold-0 training rows, against
/// scikit-learn's SimpleImputer, OneHotEncoder and StandardScaler (`preprocessing.json`).
///
/// Our `.impute(.mean)` fills numeric columns with their mean and categorical columns with their most
/// frequent category, as the fixture's two scikit-learn pipelines do. Statistics and transformed values
/// are compared to 1e-12 absolute: they are sums of at most 275 values of magnitude ≤ 6300, so the
/// summation order (NumPy's pairwise sum against our sequential one) moves them by a few ulps at most.
@Suite("Preprocessing equals scikit-learn's")
struct PreprocessingReferenceTests {
    static let tolerance = Tolerance.absolute(1e-12)

    struct Fitted {
        var fixture: FixtureCase
        var dataset: SupervisedDataset
        var preprocessing: FittedPreprocessing
    }

    private func fitted() throws -> Fitted {
        let fixture = try #require(try ReferenceFixtures.cases("preprocessing").first)
        let dataset = try ReferenceDatasets.supervised(try fixture.member("dataset").string())
        let train = try fixture.member("train_indices").ints()
        let plan = PreprocessingPlan([.impute(.mean), .oneHot, .standardize])
        return Fitted(fixture: fixture, dataset: dataset, preprocessing: .fit(plan, on: dataset, rows: train))
    }

    @Test("the fixture's split is KFold(5) fold 0")
    func split() throws {
        let fixture = try fitted().fixture
        #expect(try fixture.member("test_indices").ints() == Array(0..<69))
        #expect(try fixture.member("train_indices").ints() == Array(69..<344))
    }

    @Test("numeric columns: impute value, mean and scale")
    func numericStatistics() throws {
        let fitted = try fitted()
        let fixture = fitted.fixture, preprocessing = fitted.preprocessing
        let numeric = try #require(try fixture.member("numeric").objectValue)
        #expect(Set(numeric.keys) == Set(try fixture.member("numeric_columns").strings()))
        for (column, reference) in numeric.sorted(by: { $0.key < $1.key }) {
            let index = try #require(preprocessing.inputNames.firstIndex(of: column), "no transform for '\(column)'")
            guard case .numeric(let fill, let center, let scale) = preprocessing.transforms[index] else {
                Issue.record("'\(column)' is not transformed as a numeric column")
                continue
            }
            let pairs = [
                ("impute_value", fill, try reference.member("impute_value").double()),
                ("mean", center, try reference.member("mean").double()),
                ("scale", scale, try reference.member("scale").double()),
            ]
            for (name, actual, expected) in pairs {
                let closeness = Closeness(actual, reference: expected, within: Self.tolerance)
                #expect(closeness.isClose, "\(column) \(name): \(closeness)")
            }
        }
    }

    @Test("categorical columns: imputed category and categories")
    func categoricalStatistics() throws {
        let fitted = try fitted()
        let categorical = try #require(try fitted.fixture.member("categorical").objectValue)
        #expect(Set(categorical.keys) == Set(try fitted.fixture.member("categorical_columns").strings()))
        for (column, reference) in categorical.sorted(by: { $0.key < $1.key }) {
            let index = try #require(fitted.preprocessing.inputNames.firstIndex(of: column))
            guard case .oneHot(let fill, let codes) = fitted.preprocessing.transforms[index],
                case .categorical(_, let names) = fitted.dataset.featureColumns[index].values
            else {
                Issue.record("'\(column)' is not one-hot encoded")
                continue
            }
            let imputed = try reference.member("impute_value").string()
            let categories = try reference.member("categories").strings()
            #expect(fill >= 0 && names[Int(fill)] == imputed, "\(column) fill")
            #expect(codes.map { names[Int($0)] } == categories, "\(column) categories")
        }
    }

    @Test("every transformed test value, matched by output feature name")
    func transformedTestRows() throws {
        let fitted = try fitted()
        let test = try fitted.fixture.member("test_indices").ints()
        let matrix = fitted.preprocessing.transform(fitted.dataset, rows: test)
        let names = fitted.preprocessing.featureNames
        let outputColumns = try fitted.fixture.member("output_columns").strings()
        #expect(Set(names) == Set(outputColumns))
        #expect(names.count == outputColumns.count)
        #expect(matrix.rows == test.count && matrix.columns == names.count)
        let transformed = try #require(try fitted.fixture.member("transformed_test").objectValue)
        for name in outputColumns {
            let column = try #require(names.firstIndex(of: name), "no output feature '\(name)' in \(names)")
            let actual = (0..<matrix.rows).map { matrix[$0, column] }
            let reference = try #require(transformed[name]).doubles()
            let comparison = VectorCloseness(actual, reference: reference, within: Self.tolerance)
            #expect(comparison.isClose, "\(name): \(comparison)")
        }
    }
}
