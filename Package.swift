// swift-tools-version:6.0
import PackageDescription

// Hyperplan's targets follow its pipeline: the experiment spec is compiled into a plan, the plan is
// executed, and the execution's outcome is written as a result bundle. Datasets, resampling, learners,
// metrics and search are libraries those stages use; HyperplanCore is the vocabulary they share, and
// HyperplanNumerics the dense numerics (Cholesky, L-BFGS, eigen/SVD, SIMD kernels) learners and search share.
// `docs/architecture.md` draws the pipeline.

// Declarations are `package`, not `public`: the package ships one executable and nothing outside it links these
// modules. Imports are internal unless a `package` signature needs them (`package import`), and a file names
// every module whose members it uses.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// The modules whose loops fit models and search spaces are optimised in debug builds too: the tests that compare
// them with scikit-learn on real datasets would otherwise spend most of `swift test` in unoptimised arithmetic.
// Results do not change with it: -O keeps IEEE semantics (Swift has no fast-math mode), and the reference tests
// that compare with scikit-learn to 1e-9 pass in both configurations.
let optimizedInDebug: Set<String> = ["HyperplanNumerics", "Learners", "Search", "Analysis", "Metrics", "Datasets"]

/// A library target whose folder holds a README.md describing what it owns.
func library(_ name: String, _ dependencies: [Target.Dependency], resources: [Resource]? = nil) -> Target {
    let optimized: [SwiftSetting] =
        optimizedInDebug.contains(name) ? [.unsafeFlags(["-O"], .when(configuration: .debug))] : []
    return .target(
        name: name, dependencies: dependencies, exclude: ["README.md"], resources: resources,
        swiftSettings: settings + optimized)
}

func tests(_ name: String, _ dependencies: [Target.Dependency], exclude: [String] = []) -> Target {
    .testTarget(
        name: name, dependencies: dependencies + ["HyperplanCore", "HyperplanTestSupport"], exclude: exclude,
        swiftSettings: settings)
}

let package = Package(
    name: "hyperplan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hyperplan", targets: ["hyperplan"])
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // Trial commands: child processes awaited without holding a thread (`Executor/ChildProcess.swift`).
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        // `FilePath`, which swift-subprocess's API takes (Apple's platforms have it as the System framework).
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
    ],
    targets: [
        // Shared vocabulary.
        library("HyperplanCore", [.product(name: "Crypto", package: "swift-crypto")]),
        // Dense numerics both Learners and Search use: Cholesky, L-BFGS, eigen/SVD, SIMD kernels.
        library("HyperplanNumerics", []),
        // Libraries the stages use.
        library("Datasets", ["HyperplanCore"], resources: [.copy("Resources")]),
        library("Resampling", ["HyperplanCore"]),
        library("Metrics", ["HyperplanCore"]),
        library("Learners", ["HyperplanCore", "HyperplanNumerics"]),
        library("Search", ["HyperplanCore", "HyperplanNumerics"]),
        // Statistics on a finished sweep: fANOVA importances, the corrected resampled t-test.
        library("Analysis", ["HyperplanCore", "Learners"]),
        // Stage 1: YAML experiment file -> validated `Experiment`.
        library(
            "ExperimentSpec",
            [
                "HyperplanCore", "Datasets", "Resampling", "Metrics", "Learners", "Search",
                .product(name: "Yams", package: "Yams"),
            ]),
        // Stage 2: `Experiment` -> `TrialGraph`, the trial DAG with content-derived node IDs.
        library("Planner", ["HyperplanCore", "ExperimentSpec", "Datasets", "Resampling", "Search"]),
        // prctl(2) for the executor: a C function Swift cannot call directly (it is variadic).
        .target(name: "CProcessControl"),
        // Stage 3: runs a `TrialGraph` with bounded parallelism.
        library(
            "Executor",
            [
                "HyperplanCore", "ExperimentSpec", "Planner", "Datasets", "Resampling", "Metrics", "Learners", "Search",
                "CProcessControl",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system", condition: .when(platforms: [.linux])),
            ]),
        // A saved model (model.json: the fitted pipeline) read back and applied to new rows.
        library("Inference", ["HyperplanCore", "Datasets", "Learners"]),
        // Stage 4: a run's outcome -> the result bundle on disk.
        library(
            "ResultBundle",
            ["HyperplanCore", "ExperimentSpec", "Planner", "Executor", "Inference", "Learners", "Search"]),
        // Reading bundles back: the HTML report.
        library("Reports", ["HyperplanCore", "ResultBundle", "ExperimentSpec", "Analysis"]),
        // Reading bundles back: files for other tools (`hyperplan export`), one file per format.
        library("Exports", ["HyperplanCore", "ResultBundle"]),
        // The commands, and the thin executable that forwards to them.
        library(
            "HyperplanCLI",
            [
                "HyperplanCore", "ExperimentSpec", "Planner", "Executor", "ResultBundle", "Reports", "Inference",
                "Exports", "Datasets", "Search",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "hyperplan", dependencies: ["HyperplanCLI"], swiftSettings: settings),

        .target(
            name: "HyperplanTestSupport", dependencies: ["HyperplanCore", "Datasets"],
            path: "Tests/HyperplanTestSupport", swiftSettings: settings),
        tests("HyperplanCoreTests", []),
        tests("HyperplanNumericsTests", ["HyperplanNumerics"]),
        tests("DatasetsTests", ["Datasets"]),
        tests("ResamplingTests", ["Resampling", "Datasets"]),
        tests("MetricsTests", ["Metrics"]),
        tests("LearnersTests", ["Learners", "Datasets", "Resampling", "Metrics"]),
        tests("SearchTests", ["Search"]),
        tests("AnalysisTests", ["Analysis", "Learners"]),
        tests("ExperimentSpecTests", ["ExperimentSpec"], exclude: ["Corpus"]),
        tests("PlannerTests", ["Planner", "ExperimentSpec", "Search"]),
        tests(
            "ExecutorTests",
            ["Executor", "Planner", "ExperimentSpec", "ResultBundle", "Inference", "Datasets", "Learners", "Search"]),
        tests("ReportsTests", ["Reports"]),
        tests("InferenceTests", ["Inference", "Learners", "Datasets"]),
        tests("ExportsTests", ["Exports", "ResultBundle"]),
        tests("EndToEndTests", ["hyperplan", "Metrics"]),
    ],
    swiftLanguageModes: [.v6]
)
