/// A value inside a JSON document together with the key path that reached it (`parameters.trees[3].left`).
///
/// Files Hyperplan writes and later reads back (a saved model) may have been edited or damaged. Reading them
/// through `JSONField` turns every wrong kind, missing key or bad length into a `JSONFieldError` that names the
/// exact key, never a trap and never a silently wrong value.
package struct JSONField: Sendable {
    package var value: JSONValue
    /// Where `value` sits: keys joined by dots, array positions in brackets; empty for the document itself.
    package var path: String

    package init(_ value: JSONValue, path: String = "") {
        self.value = value
        self.path = path
    }

    /// The error for this field: `message` says what was expected.
    package func error(_ message: String) -> JSONFieldError {
        JSONFieldError(path: path, message: message)
    }

    /// Whether the object has `key` with a value other than `null`.
    package func has(_ key: String) -> Bool {
        guard let member = value[key] else { return false }
        if case .null = member { return false }
        return true
    }

    /// The member `key` of this object.
    ///
    /// - Throws: `JSONFieldError` when this is not an object or `key` is missing.
    package func field(_ key: String) throws(JSONFieldError) -> JSONField {
        guard let object = value.objectValue else { throw error("must be an object") }
        let childPath = path.isEmpty ? key : "\(path).\(key)"
        guard let member = object[key] else { throw JSONFieldError(path: childPath, message: "is missing") }
        return JSONField(member, path: childPath)
    }

    /// The member `key`, or `nil` when it is missing or `null`.
    ///
    /// - Throws: `JSONFieldError` when this is not an object.
    package func optionalField(_ key: String) throws(JSONFieldError) -> JSONField? {
        guard value.objectValue != nil else { throw error("must be an object") }
        return has(key) ? try field(key) : nil
    }

    /// The elements of this array, each with its position in the path.
    ///
    /// - Throws: `JSONFieldError` when this is not an array, or (with `count`) has another length.
    package func elements(count: Int? = nil) throws(JSONFieldError) -> [JSONField] {
        guard let array = value.arrayValue else { throw error("must be a list") }
        if let count, array.count != count {
            throw error("must have \(count) \(count == 1 ? "entry" : "entries"), not \(array.count)")
        }
        return array.enumerated().map { JSONField($1, path: "\(path)[\($0)]") }
    }

    /// This value as a finite number.
    ///
    /// - Throws: `JSONFieldError` when it is not a number.
    package func double() throws(JSONFieldError) -> Double {
        guard let number = value.doubleValue else { throw error("must be a number") }
        return number
    }

    /// This value as an integer in `range`.
    ///
    /// - Throws: `JSONFieldError` when it is not an integer or lies outside `range`.
    package func int(in range: ClosedRange<Int> = Int.min...Int.max) throws(JSONFieldError) -> Int {
        guard let number = value.intValue else { throw error("must be an integer") }
        guard range.contains(number) else { throw error("must be between \(range.lowerBound) and \(range.upperBound)") }
        return number
    }

    /// This value as a string, one of `allowed` when given.
    ///
    /// - Throws: `JSONFieldError` when it is not a string or not among `allowed`.
    package func string(allowed: [String]? = nil) throws(JSONFieldError) -> String {
        guard let text = value.stringValue else { throw error("must be a string") }
        if let allowed, !allowed.contains(text) {
            throw error("must be one of \(allowed.map { "'\($0)'" }.joined(separator: ", ")), not '\(text)'")
        }
        return text
    }

    /// This value as a boolean.
    ///
    /// - Throws: `JSONFieldError` when it is not `true` or `false`.
    package func bool() throws(JSONFieldError) -> Bool {
        guard case .bool(let flag) = value else { throw error("must be true or false") }
        return flag
    }

    /// This array as numbers, appended to `output` (flat storage for large arrays).
    ///
    /// - Throws: `JSONFieldError` naming the first element that is not a number, or a wrong length.
    /// - Complexity: O(n).
    package func appendDoubles(to output: inout [Double], count: Int? = nil) throws(JSONFieldError) {
        guard let array = value.arrayValue else { throw error("must be a list of numbers") }
        if let count, array.count != count {
            throw error("must have \(count) \(count == 1 ? "number" : "numbers"), not \(array.count)")
        }
        for (index, element) in array.enumerated() {
            guard let number = element.doubleValue else {
                throw JSONFieldError(path: "\(path)[\(index)]", message: "must be a number")
            }
            output.append(number)
        }
    }

    /// This array as numbers.
    ///
    /// - Throws: `JSONFieldError` naming the first element that is not a number, or a wrong length.
    package func doubles(count: Int? = nil) throws(JSONFieldError) -> [Double] {
        var output: [Double] = []
        output.reserveCapacity(value.arrayValue?.count ?? 0)
        try appendDoubles(to: &output, count: count)
        return output
    }

    /// This array as integers in `range`.
    ///
    /// - Throws: `JSONFieldError` naming the first element that is not such an integer, or a wrong length.
    package func ints(count: Int? = nil, in range: ClosedRange<Int> = Int.min...Int.max) throws(JSONFieldError)
        -> [Int]
    {
        try elements(count: count).map { element throws(JSONFieldError) in try element.int(in: range) }
    }

    /// This array as strings.
    ///
    /// - Throws: `JSONFieldError` naming the first element that is not a string, or a wrong length.
    package func strings(count: Int? = nil) throws(JSONFieldError) -> [String] {
        try elements(count: count).map { element throws(JSONFieldError) in try element.string() }
    }
}

/// A key of a JSON document that does not hold what its reader expects.
package struct JSONFieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key path, as `JSONField.path`.
    package var path: String
    /// What is wrong (`must be a number`, `is missing`).
    package var message: String

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// The error for a record read through `CanonicalCoding` from the value at `base` (a key path, empty for
    /// the document): the failure's path appended to it, and its rule as the message.
    package init(_ failure: CanonicalCoding.Failure, under base: String = "") {
        let path: String
        if base.isEmpty || failure.path.isEmpty {
            path = base + failure.path
        } else {
            path = failure.path.hasPrefix("[") ? base + failure.path : "\(base).\(failure.path)"
        }
        self.init(path: path, message: failure.rule)
    }

    /// `'parameters.coefficients[2]' must be a number`.
    package var description: String { path.isEmpty ? "the document \(message)" : "'\(path)' \(message)" }
}
