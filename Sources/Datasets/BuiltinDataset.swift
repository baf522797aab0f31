package import HyperplanCore

/// A dataset shipped with Hyperplan as a package resource, addressed as `builtin:NAME`.
package struct BuiltinDataset: Sendable {
    package var name: String
    /// The CSV file name among the module's resources.
    package var fileName: String
    /// The column used as target when the experiment names none.
    package var defaultTarget: String
    package var task: TaskKind
    package var summary: String
    package var provenance: String

    /// Every built-in dataset; `builtin:NAME` resolves against this list.
    package static let all: [BuiltinDataset] = [
        BuiltinDataset(
            name: "iris", fileName: "iris.csv", defaultTarget: "species", task: .classification,
            summary: "150 irises, 4 measurements, 3 species",
            provenance: "R. A. Fisher (1936), UCI Machine Learning Repository, CC BY 4.0"),
        BuiltinDataset(
            name: "wine", fileName: "wine.csv", defaultTarget: "cultivar", task: .classification,
            summary: "178 wines, 13 chemical measurements, 3 cultivars",
            provenance: "Forina et al., UCI Machine Learning Repository, CC BY 4.0"),
        BuiltinDataset(
            name: "breast_cancer", fileName: "breast_cancer.csv", defaultTarget: "diagnosis", task: .classification,
            summary: "569 tumours, 30 features, malignant or benign",
            provenance: "Wolberg, Street, Mangasarian, UCI Machine Learning Repository, CC BY 4.0"),
        BuiltinDataset(
            name: "diabetes", fileName: "diabetes.csv", defaultTarget: "progression", task: .regression,
            summary: "442 patients, 10 baseline variables, disease progression after one year",
            provenance: "Efron, Hastie, Johnstone, Tibshirani (2004), Least Angle Regression"),
        BuiltinDataset(
            name: "digits", fileName: "digits.csv", defaultTarget: "digit", task: .classification,
            summary: "1797 handwritten digits as 8×8 images, 10 classes",
            provenance: "Alpaydin, Kaynak, UCI Machine Learning Repository, CC BY 4.0"),
        BuiltinDataset(
            name: "penguins", fileName: "penguins.csv", defaultTarget: "species", task: .classification,
            summary: "344 penguins, numeric and categorical features with missing values, 3 species",
            provenance: "Gorman, Williams, Fraser (2014), Palmer Station LTER, CC0"),
    ]

    package static func named(_ name: String) -> BuiltinDataset? { all.first { $0.name == name } }
}
