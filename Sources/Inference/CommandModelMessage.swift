import Foundation
import HyperplanCore

/// The answer to `predict` on a bundle whose best model is a trial command: there is no in-process model, so it
/// says so and shows the program's command line with the best configuration filled in.
enum CommandModelMessage {
    /// The placeholders the run fills per fold rather than per configuration; they stay as written.
    static let filePlaceholders = ["train", "validation", "seed", "trial_dir", "fold"]

    static func error(file: ModelFile, bundle: URL, path: String) -> PredictionError {
        var notes: [String] = []
        if let command = commandLine(file: file, bundle: bundle) {
            notes.append("to apply it to new rows, run the program with the best configuration: \(command)")
            notes.append(
                "with {train} a CSV file of the training rows and {validation} one of the rows to predict "
                    + "(a header of the feature columns, then the target), as the run wrote them under 'folds/test/'")
        } else {
            notes.append("the program is the 'run' command of the bundle's experiment.yaml")
        }
        return PredictionError(
            .bundle, "model-is-command",
            "the best model is a trial command ('model.type: command'): it is a program of its own, so there is "
                + "no in-process model to apply", file: path, notes: notes)
    }

    /// `run` from `resolved.json` with the best trial's parameters substituted, shell-quoted where needed.
    static func commandLine(file: ModelFile, bundle: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: bundle.appendingPathComponent("resolved.json").path),
            let resolved = try? JSONValue.parse(String(decoding: data, as: UTF8.self)),
            let run = resolved["model"]?["run"]?.arrayValue?.compactMap(\.stringValue), !run.isEmpty
        else { return nil }
        var values: [String: String] = [:]
        for name in filePlaceholders { values[name] = "{\(name)}" }
        for (name, value) in file.hyperparameters.objectValue ?? [:] { values[name] = argument(value) }
        let arguments = run.map { template in
            (try? ArgumentTemplate(template).substituted(values).get()) ?? template
        }
        return arguments.map(quoted).joined(separator: " ")
    }

    /// A parameter as the run passes it to the program (`CommandTrial.argument`).
    static func argument(_ value: JSONValue) -> String {
        switch value {
        case .int(let number): return String(number)
        case .double(let number): return NumberFormatting.shortest(number)
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: return value.canonicalString()
        }
    }

    /// The argument quoted for a POSIX shell when it holds anything but plain characters.
    static func quoted(_ argument: String) -> String {
        let plain = argument.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "{}-_./=:,+@%".unicodeScalars.contains(scalar)
        }
        if plain, !argument.isEmpty { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
