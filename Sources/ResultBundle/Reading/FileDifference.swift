package import Foundation
import HyperplanCore

/// Where two versions of a bundle file first differ, said the way a person looks for it: the first key path
/// that differs in a JSON file, the first line in a text file.
package enum FileDifference {
    /// `nil` when the files are byte-identical; otherwise a sentence naming the first difference. A missing
    /// file on either side is a difference.
    package static func first(_ expected: URL, _ actual: URL) -> String? {
        let expectedData = FileManager.default.contents(atPath: expected.path)
        let actualData = FileManager.default.contents(atPath: actual.path)
        switch (expectedData, actualData) {
        case (nil, nil): return nil
        case (nil, _): return "the bundle has no such file, the rerun wrote one"
        case (_, nil): return "the rerun did not write it"
        case (let left?, let right?):
            if left == right { return nil }
            let (a, b) = (String(decoding: left, as: UTF8.self), String(decoding: right, as: UTF8.self))
            if expected.pathExtension == "json", let x = try? JSONValue.parse(a), let y = try? JSONValue.parse(b),
                let found = firstDifferingKey(x, y, path: "")
            {
                let key = found.path.isEmpty ? "(top level)" : found.path
                return "first difference at key '\(key)': \(short(found.left?.canonicalString() ?? "(absent)")) in "
                    + "the bundle, \(short(found.right?.canonicalString() ?? "(absent)")) in the rerun"
            }
            return firstDifferingLine(a, b)
        }
    }

    static func firstDifferingLine(_ a: String, _ b: String) -> String {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let x = index < left.count ? String(left[index]) : nil
            let y = index < right.count ? String(right[index]) : nil
            if x != y {
                return
                    "first difference on line \(index + 1): \(short(x ?? "(no line)")) in the bundle, \(short(y ?? "(no line)")) in the rerun"
            }
        }
        return "the files differ in their bytes (line ends or encoding)"
    }

    /// The first key path (`best.validation.accuracy.mean`, `trials[3].configuration`) where the values differ,
    /// visiting object keys in sorted order, with the two values there (`nil` where one side has no such key).
    static func firstDifferingKey(_ x: JSONValue, _ y: JSONValue, path: String)
        -> (path: String, left: JSONValue?, right: JSONValue?)?
    {
        switch (x, y) {
        case (.object(let left), .object(let right)):
            for key in Set(left.keys).union(right.keys).sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard let a = left[key], let b = right[key] else { return (child, left[key], right[key]) }
                if let found = firstDifferingKey(a, b, path: child) { return found }
            }
            return nil
        case (.array(let left), .array(let right)):
            for index in 0..<max(left.count, right.count) {
                let child = "\(path)[\(index)]"
                guard index < left.count, index < right.count else {
                    return (child, index < left.count ? left[index] : nil, index < right.count ? right[index] : nil)
                }
                if let found = firstDifferingKey(left[index], right[index], path: child) { return found }
            }
            return nil
        default:
            return x == y ? nil : (path, x, y)
        }
    }

    static func short(_ text: String) -> String {
        text.count > 120 ? "'" + text.prefix(117) + "…'" : "'\(text)'"
    }
}
