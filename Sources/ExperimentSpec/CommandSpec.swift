package import HyperplanCore

/// A user's program run as the model (`model.type: command`).
package struct CommandSpec: Sendable {
    /// argv templates with `{name}` placeholders.
    package var run: [String]
    /// SHA-256 of each file `run` names outright (the training script), so that editing it changes the
    /// trials' node IDs and earlier results are not reused for new code.
    package var fileHashes: [String: ContentHash]
    /// The folder the program runs in: the experiment file's.
    package var workingDirectory: String

    /// What identifies the program in node IDs.
    package var json: JSONValue {
        .object([
            "run": .array(run.map(JSONValue.string)),
            "files": .object(fileHashes.mapValues { .string($0.hex) }),
        ])
    }

    /// The model type that runs a command.
    package static let typeName = "command"
}
