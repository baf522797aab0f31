import Datasets
package import Foundation
package import HyperplanCore
import Synchronization

/// The scikit-learn reference fixtures in `Tests/Fixtures/reference/` (see `scripts/reference/README.md`).
///
/// Tests compare Hyperplan's folds, metrics, preprocessing and learners with these numbers. Loading never
/// traps: a missing or malformed file is a thrown `FixtureError` that names the file and the JSON path.
package enum ReferenceFixtures {
    /// `Tests/Fixtures/reference`, found next to this source file so tests run from any working directory.
    package static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
        .appendingPathComponent("reference")

    /// Documents already parsed, by name: suites read the same fixture for several tests' arguments.
    private static let parsed = Mutex<[String: JSONValue]>([:])

    /// The whole document `NAME.json` (parsed once per test process).
    ///
    /// - Throws: `FixtureError` when the file cannot be read or is not valid JSON.
    package static func load(_ name: String) throws(FixtureError) -> JSONValue {
        if let document = parsed.withLock({ $0[name] }) { return document }
        let url = directory.appendingPathComponent(name + ".json")
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw FixtureError("cannot read \(url.path): \(error.localizedDescription)")
        }
        do {
            let document = try JSONValue.parse(text)
            parsed.withLock { $0[name] = document }
            return document
        } catch {
            throw FixtureError("\(url.path):\(error.line):\(error.column): \(error.message)")
        }
    }

    /// The entries of `cases` in `NAME.json` for which `isIncluded` holds, each labelled with its `name`.
    ///
    /// Meant for `@Test(arguments: try ReferenceFixtures.cases(...))`: a parameterised test with no arguments
    /// passes without running anything, so a fixture that does not load, has no cases or has none of the kind
    /// asked for is an error here, which fails the test instead.
    ///
    /// - Throws: `FixtureError` when the file cannot be loaded, a case has no string `name`, or no case is
    ///   included.
    package static func cases(
        _ name: String, where isIncluded: (FixtureCase) -> Bool = { _ in true }
    ) throws(FixtureError) -> [FixtureCase] {
        let document = try load(name)
        var result: [FixtureCase] = []
        for (index, entry) in try document.member("cases").array().enumerated() {
            guard let caseName = entry["name"]?.stringValue else {
                throw FixtureError("\(name).json: cases[\(index)] has no string 'name'")
            }
            let fixtureCase = FixtureCase(file: name, name: caseName, json: entry)
            if isIncluded(fixtureCase) { result.append(fixtureCase) }
        }
        if result.isEmpty { throw FixtureError("\(name).json: no case is selected; a test of no cases tests nothing") }
        return result
    }

    /// The cases of `NAME.json` whose `kind` is `kind`.
    ///
    /// - Throws: `FixtureError` as `cases(_:where:)`, so also when no case has that kind.
    package static func cases(_ name: String, kind: String) throws(FixtureError) -> [FixtureCase] {
        try cases(name) { $0.json["kind"]?.stringValue == kind }
    }
}

/// One entry of a fixture's `cases`, shown by its name in test output.
package struct FixtureCase: Sendable, CustomStringConvertible {
    /// The fixture file's name without `.json`.
    package var file: String
    package var name: String
    package var json: JSONValue

    package var description: String { name }

    /// The member `key` of the case.
    ///
    /// - Throws: `FixtureError` naming the file, the case and the key when it is absent.
    package func member(_ key: String) throws(FixtureError) -> JSONValue {
        guard let value = json[key] else { throw FixtureError("\(file).json: case '\(name)' has no '\(key)'") }
        return value
    }
}

/// A fixture that is missing, unreadable or not shaped as the test expects.
package struct FixtureError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

// MARK: - Typed access to fixture JSON

extension JSONValue {
    /// The member `key` of an object.
    ///
    /// - Throws: `FixtureError` when this is not an object or has no such member.
    package func member(_ key: String) throws(FixtureError) -> JSONValue {
        guard case .object(let members) = self else { throw FixtureError("expected an object with '\(key)'") }
        guard let value = members[key] else {
            throw FixtureError("no member '\(key)' among \(members.keys.sorted())")
        }
        return value
    }

    package func array() throws(FixtureError) -> [JSONValue] {
        guard let values = arrayValue else { throw FixtureError("expected an array, found \(kindDescription)") }
        return values
    }

    /// A number; integers are accepted.
    package func double() throws(FixtureError) -> Double {
        guard let value = doubleValue else { throw FixtureError("expected a number, found \(kindDescription)") }
        return value
    }

    package func int() throws(FixtureError) -> Int {
        guard let value = intValue else { throw FixtureError("expected an integer, found \(kindDescription)") }
        return value
    }

    package func string() throws(FixtureError) -> String {
        guard let value = stringValue else { throw FixtureError("expected a string, found \(kindDescription)") }
        return value
    }

    /// An array of numbers, such as coefficients or a column of transformed values.
    package func doubles() throws(FixtureError) -> [Double] {
        var result: [Double] = []
        for (index, element) in try array().enumerated() {
            guard let value = element.doubleValue else {
                throw FixtureError("element \(index): expected a number, found \(element.kindDescription)")
            }
            result.append(value)
        }
        return result
    }

    /// An array of integers, such as row indices or class labels.
    package func ints() throws(FixtureError) -> [Int] {
        var result: [Int] = []
        for (index, element) in try array().enumerated() {
            guard let value = element.intValue else {
                throw FixtureError("element \(index): expected an integer, found \(element.kindDescription)")
            }
            result.append(value)
        }
        return result
    }

    package func strings() throws(FixtureError) -> [String] {
        var result: [String] = []
        for (index, element) in try array().enumerated() {
            guard let value = element.stringValue else {
                throw FixtureError("element \(index): expected a string, found \(element.kindDescription)")
            }
            result.append(value)
        }
        return result
    }

    /// An array of arrays of numbers (a coefficient matrix, a probability table), rows in order.
    package func doubleRows() throws(FixtureError) -> [[Double]] {
        var result: [[Double]] = []
        for (index, element) in try array().enumerated() {
            do {
                result.append(try element.doubles())
            } catch {
                throw FixtureError("row \(index): \(error.message)")
            }
        }
        return result
    }

    /// An array of arrays of integers (fold index lists), rows in order.
    package func intRows() throws(FixtureError) -> [[Int]] {
        var result: [[Int]] = []
        for (index, element) in try array().enumerated() {
            do {
                result.append(try element.ints())
            } catch {
                throw FixtureError("row \(index): \(error.message)")
            }
        }
        return result
    }

    /// Whether the value is JSON `null`.
    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    private var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
