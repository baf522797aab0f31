/// The tool's version. It is part of every plan node's ID, so that a new version never reuses results
/// computed by an older one.
package enum HyperplanVersion {
    package static let current = "0.1.0"
}
