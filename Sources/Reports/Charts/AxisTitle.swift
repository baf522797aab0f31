import HyperplanCore
import ResultBundle

/// Axis titles with their units, so that every chart says what it measures.
enum AxisTitle {
    /// `validation accuracy (0–1, higher is better)`.
    static func metric(_ name: String, side: String? = "validation", goal: OptimizationGoal) -> String {
        let prefix = side.map { "\($0) " } ?? ""
        return "\(prefix)\(name) (\(unit(of: name)), \(goal == .maximize ? "higher" : "lower") is better)"
    }

    static func unit(of metric: String) -> String {
        switch metric {
        case "accuracy", "balanced_accuracy": return "fraction correct"
        case "log_loss": return "nats"
        case "mse": return "target units²"
        case "rmse", "mae": return "target units"
        case "r2", "explained_variance": return "1 = perfect"
        default:
            if metric.hasPrefix("precision") || metric.hasPrefix("recall") || metric.hasPrefix("f1")
                || metric.hasPrefix("roc_auc")
            {
                return "0–1"
            }
            return "as reported"
        }
    }

    /// A hyperparameter axis: its name, and the scale when it is logarithmic.
    static func dimension(_ dimension: RecordedDimension) -> String {
        switch dimension.kind {
        case .choice: return "\(dimension.name) (choice)"
        case .real(_, _, let log), .integer(_, _, let log):
            return log ? "\(dimension.name) (log scale)" : dimension.name
        }
    }
}
