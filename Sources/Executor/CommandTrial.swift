import Foundation
import HyperplanCore

/// The protocol between Hyperplan and a user's training program (`model.type: command`).
///
/// In: argv with `{name}` placeholders substituted per trial (each argument stays one argument: no shell),
/// and the environment variables `HYPERPLAN_PARAMS` (a JSON file of the trial's parameters),
/// `HYPERPLAN_TRIAL_DIR` (the trial's own folder), `HYPERPLAN_SEED`, and with a dataset `HYPERPLAN_TRAIN` and
/// `HYPERPLAN_VALIDATION` (CSV files of the fold's rows). Out: JSON objects on standard output, one per line:
/// objects with an `epoch` or `step` key are intermediate reports, the last other object holds the final
/// metrics (`train_NAME` keys give training scores); every other line is only logged.
enum CommandTrial {
    /// Placeholders every command may use besides its parameters.
    static let builtinPlaceholders = ["train", "validation", "trial_dir", "seed", "fold"]

    /// How a parameter's value is written into argv.
    static func argument(for value: ParameterValue) -> String {
        switch value {
        case .list: return value.json.canonicalString()
        default: return value.description
        }
    }

    /// What a program reported on standard output.
    struct Report: Sendable {
        /// Intermediate reports (objects with `epoch` or `step`), in order.
        var intermediate: [JSONValue] = []
        /// The last object without `epoch` or `step`.
        var final: [String: JSONValue]?
        /// Why the last line that starts with `{` but is not JSON could not be read, when it came after every
        /// readable object: most likely the metrics the program meant to print.
        var unreadableLast: String?
    }

    static func parse(_ output: Data) -> Report {
        var report = Report()
        for line in String(decoding: output, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("{") else { continue }
            guard let value = try? JSONValue.parse(trimmed), let object = value.objectValue else {
                report.unreadableLast = unreadableReason(trimmed)
                continue
            }
            report.unreadableLast = nil
            if object["epoch"] != nil || object["step"] != nil {
                report.intermediate.append(value)
            } else {
                report.final = object
            }
        }
        return report
    }

    /// Why `line` (which starts with `{`) is not a JSON object, in a user's words: Python's `json.dumps` writes
    /// `NaN` and `Infinity`, which JSON does not have.
    static func unreadableReason(_ line: String) -> String {
        for token in ["NaN", "-Infinity", "Infinity"] where line.contains(token) {
            return "'\(token)' is not a JSON number (print null, or a finite number)"
        }
        return "it is not valid JSON"
    }

    /// The line as an intermediate report (a JSON object with `epoch` or `step`), or `nil`.
    static func intermediateReport(_ line: Substring) -> [String: JSONValue]? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{"), let object = (try? JSONValue.parse(trimmed))?.objectValue,
            object["epoch"] != nil || object["step"] != nil
        else { return nil }
        return object
    }

    /// The last `count` lines of a program's standard error, for a failure's reason.
    static func tail(_ data: Data, lines count: Int = 5) -> String {
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).suffix(count)
        return lines.joined(separator: " | ")
    }
}
