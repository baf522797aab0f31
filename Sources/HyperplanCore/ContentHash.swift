import Crypto
package import Foundation

/// A SHA-256 digest in lowercase hex: the identity of datasets, experiments and plan nodes.
///
/// Node IDs are content hashes of a node's kind, its canonical inputs and its parents' IDs, so that equal
/// work has an equal ID across runs and machines.
package struct ContentHash: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 64 lowercase hex digits of the digest.
    package let hex: String

    package init(hex: String) { self.hex = hex }

    /// The digest of raw bytes.
    package init(bytes: some DataProtocol) {
        let digest = SHA256.hash(data: Data(bytes))
        hex = digest.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }

    /// The digest of a string's UTF-8 bytes.
    package init(string: String) { self.init(bytes: Data(string.utf8)) }

    /// The digest of a JSON value's canonical serialisation.
    package init(json: JSONValue) { self.init(string: json.canonicalString()) }

    /// The first 12 hex digits: what paths and terminal output show.
    package var short: String { String(hex.prefix(12)) }

    package var description: String { hex }

    package static func < (lhs: ContentHash, rhs: ContentHash) -> Bool { lhs.hex < rhs.hex }
}
