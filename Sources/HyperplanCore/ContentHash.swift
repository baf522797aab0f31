import Crypto
import Foundation

/// A SHA-256 digest in lowercase hex: the identity of datasets, experiments and plan nodes.
///
/// Node IDs are content hashes of a node's kind, its canonical inputs and its parents' IDs, so that equal
/// work has an equal ID across runs and machines.
public struct ContentHash: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 64 lowercase hex digits of the digest.
    public let hex: String

    public init(hex: String) { self.hex = hex }

    /// The digest of raw bytes.
    public init(bytes: some DataProtocol) {
        let digest = SHA256.hash(data: Data(bytes))
        hex = digest.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }

    /// The digest of a string's UTF-8 bytes.
    public init(string: String) { self.init(bytes: Data(string.utf8)) }

    /// The digest of a JSON value's canonical serialisation.
    public init(json: JSONValue) { self.init(string: json.canonicalString()) }

    /// The first 12 hex digits: what paths and terminal output show.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }

    public static func < (lhs: ContentHash, rhs: ContentHash) -> Bool { lhs.hex < rhs.hex }
}
