/// Why a bundle could not be exported: a code for callers and one sentence for the user's terminal, without the
/// program name or the `error:` prefix (the command puts the path in front).
package struct ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for choosing an exit status.
    package struct Code: Sendable, Hashable {
        let name: String

        /// The bundle holds something the format cannot express (a parameter outside its search space).
        package static let unrepresentable = Code(name: "unrepresentable")
        /// The destination is not acceptable: inside the bundle, a folder, or in a folder that does not exist.
        package static let invalidDestination = Code(name: "invalid-destination")
        /// Writing the file failed (permissions, a full disk).
        package static let writeFailed = Code(name: "write-failed")
    }

    package var code: Code
    /// The sentence, e.g. "trial 3 records 'model.C' = "x", which is not a number of its domain".
    package var message: String

    /// An error of kind `code` saying `message`.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
