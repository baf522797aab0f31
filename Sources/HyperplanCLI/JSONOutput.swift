import ArgumentParser
import HyperplanCore

/// `--json` and `--jsonl` for the commands that describe bundles (`status`, `ls`, `show`): one JSON document,
/// or one object per line, and never objects printed one after another.
struct JSONOutput: ParsableArguments {
    @Flag(help: "Print JSON: an object for one bundle, an array for several.")
    var json = false

    @Flag(help: "Print JSON lines: one object per line.")
    var jsonl = false

    var isEnabled: Bool { json || jsonl }

    func validate() throws {
        if json && jsonl { throw ValidationError("--json and --jsonl cannot be combined") }
    }

    /// The values as the chosen form. `single` says the user named exactly one thing, which `--json` prints
    /// as an object rather than an array of one.
    func render(_ values: [JSONValue], single: Bool) -> String {
        if jsonl { return values.map { $0.canonicalString() + "\n" }.joined() }
        if single, values.count == 1 { return values[0].prettyString() }
        return JSONValue.array(values).prettyString()
    }
}
