/// The tree an encoding builds: containers keep a reference to their node and fill it as the value encodes.
final class EncodedNode {
    enum Content {
        case empty
        case scalar(JSONValue)
        case object([String: EncodedNode])
        case array([EncodedNode])
    }

    var content = Content.empty

    /// The finished JSON; `nil` when nothing was encoded.
    var value: JSONValue? {
        switch content {
        case .empty: return nil
        case .scalar(let value): return value
        case .object(let fields): return .object(fields.compactMapValues(\.value))
        case .array(let items): return .array(items.map { $0.value ?? .null })
        }
    }
}

/// `Encoder` writing into an `EncodedNode`.
struct ValueEncoder: Encoder {
    let storage: EncodedNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(path: [any CodingKey], storage: EncodedNode = EncodedNode()) {
        self.storage = storage
        codingPath = path
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = storage.content {} else { storage.content = .object([:]) }
        return KeyedEncodingContainer(KeyedValueEncoder<Key>(node: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = storage.content {} else { storage.content = .array([]) }
        return UnkeyedValueEncoder(node: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueEncoder(node: storage, codingPath: codingPath)
    }

    /// Encodes `value` into `node`: plain values and `JSONValue` directly, anything else through its `encode(to:)`.
    static func encode<Value: Encodable>(_ value: Value, into node: EncodedNode, path: [any CodingKey]) throws {
        switch value {
        case let json as JSONValue: node.content = .scalar(json)
        case let number as Double: node.content = .scalar(.double(number))
        case let number as Int: node.content = .scalar(.int(number))
        case let text as String: node.content = .scalar(.string(text))
        case let flag as Bool: node.content = .scalar(.bool(flag))
        default: try value.encode(to: ValueEncoder(path: path, storage: node))
        }
    }
}

private struct KeyedValueEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> EncodedNode {
        child(
            named: CanonicalCoding.isDictionaryKey(Key.self)
                ? key.stringValue : CanonicalCoding.snakeCase(key.stringValue))
    }

    private func child(named name: String) -> EncodedNode {
        let child = EncodedNode()
        if case .object(var fields) = node.content {
            fields[name] = child
            node.content = .object(fields)
        }
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).content = .scalar(.null) }

    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        try ValueEncoder.encode(value, into: child(key), path: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        ValueEncoder(path: codingPath + [key], storage: child(key)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ValueEncoder(path: codingPath + [key], storage: child(key)).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(path: codingPath, storage: child(named: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(path: codingPath + [key], storage: child(key))
    }
}

private struct UnkeyedValueEncoder: UnkeyedEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var count: Int {
        if case .array(let items) = node.content { return items.count }
        return 0
    }

    private func append() -> EncodedNode {
        let child = EncodedNode()
        if case .array(var items) = node.content {
            items.append(child)
            node.content = .array(items)
        }
        return child
    }

    mutating func encodeNil() throws { append().content = .scalar(.null) }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        try ValueEncoder.encode(value, into: append(), path: codingPath + [IndexKey(count)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        ValueEncoder(path: codingPath + [IndexKey(count)], storage: append()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        ValueEncoder(path: codingPath + [IndexKey(count)], storage: append()).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(path: codingPath, storage: append()) }
}

private struct SingleValueEncoder: SingleValueEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .scalar(.null) }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        try ValueEncoder.encode(value, into: node, path: codingPath)
    }
}

/// A position in a list, as a coding key.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { intValue.map(String.init) ?? "" }

    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
