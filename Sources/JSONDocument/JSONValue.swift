/// A value inside a ``JSONDocument``: the document and a tape index. Cheap to copy.
///
/// Equality and hashing follow JSON Schema semantics: `1 == 1.0`, object member order is
/// irrelevant, strings compare by their decoded code points.
public struct JSONValue: Sendable {
    public let document: JSONDocument
    /// Index of this value's node on the document tape.
    public let index: Int32

    @inlinable
    init(document: JSONDocument, index: Int32) {
        self.document = document
        self.index = index
    }

    @inlinable var node: TapeNode { document.tape[Int(index)] }

    public var kind: JSONKind { node.kind }
    public var isNull: Bool { node.tag == .null }

    public var bool: Bool? {
        switch node.tag {
        case .true: true
        case .false: false
        default: nil
        }
    }

    /// The string value (decoded), or nil when not a string.
    public var string: String? {
        guard node.tag == .string else { return nil }
        return document.withReader { String(decoding: $0.string(Int(index)), as: UTF8.self) }
    }

    /// The number, or nil when not a number.
    public var number: JSONNumber? {
        guard node.tag == .number else { return nil }
        return document.withReader { $0.number(Int(index)) }
    }

    public var int: Int? { number?.int64Value.flatMap { Int(exactly: $0) } }
    public var double: Double? { node.tag == .number ? document.withReader { $0.double(Int(index)) } : nil }

    /// Element count of an array, member count of an object, 0 otherwise.
    public var count: Int {
        switch node.tag {
        case .array, .object: Int(node.a)
        default: 0
        }
    }

    /// Array elements in order (empty for non-arrays).
    public var elements: [JSONValue] {
        guard node.tag == .array else { return [] }
        var result: [JSONValue] = []
        result.reserveCapacity(count)
        document.withReader { r in
            r.forEachElement(Int(index)) { e, _ in
                result.append(JSONValue(document: document, index: Int32(e)))
                return true
            }
        }
        return result
    }

    /// Object members in document order, duplicates included (empty for non-objects).
    /// Calls `body` with each member's key and value in document order (duplicates included),
    /// without building the array `members` returns.
    public func forEachMember(_ body: (_ key: String, _ value: JSONValue) -> Void) {
        guard node.tag == .object else { return }
        document.withReader { r in
            r.forEachMember(Int(index)) { k, v in
                body(String(decoding: r.string(k), as: UTF8.self), JSONValue(document: document, index: Int32(v)))
                return true
            }
        }
    }

    /// Calls `body` with each element's position and value, without building an array.
    public func forEachElement(_ body: (_ position: Int, _ element: JSONValue) -> Void) {
        guard node.tag == .array else { return }
        document.withReader { r in
            r.forEachElement(Int(index)) { e, position in
                body(position, JSONValue(document: document, index: Int32(e)))
                return true
            }
        }
    }

    public var members: [(key: String, value: JSONValue)] {
        guard node.tag == .object else { return [] }
        var result: [(key: String, value: JSONValue)] = []
        result.reserveCapacity(count)
        document.withReader { r in
            r.forEachMember(Int(index)) { k, v in
                result.append((String(decoding: r.string(k), as: UTF8.self), JSONValue(document: document, index: Int32(v))))
                return true
            }
        }
        return result
    }

    /// Member keys as values (their positions are where the keys are written).
    public var keyNodes: [JSONValue] {
        guard node.tag == .object else { return [] }
        var result: [JSONValue] = []
        document.withReader { r in
            r.forEachMember(Int(index)) { k, _ in
                result.append(JSONValue(document: document, index: Int32(k)))
                return true
            }
        }
        return result
    }

    /// Keys that occur more than once in this object, with every occurrence after the first.
    public var duplicateKeys: [JSONValue] {
        var seen = Set<String>()
        return keyNodes.filter { !seen.insert($0.string ?? "").inserted }
    }

    /// The last member named `key` (JSON lookups take the last duplicate), or nil.
    public subscript(key: String) -> JSONValue? {
        guard node.tag == .object else { return nil }
        var key = key
        return key.withUTF8 { keyBytes in
            document.withReader { r in r.member(Int(index), keyBytes).map { JSONValue(document: document, index: Int32($0)) } }
        }
    }

    /// The element at `position`, or nil.
    public subscript(position: Int) -> JSONValue? {
        guard node.tag == .array else { return nil }
        return document.withReader { r in r.element(Int(index), position).map { JSONValue(document: document, index: Int32($0)) } }
    }

    /// Where this value is written: 1-based line and column.
    public var location: SourceLocation { document.location(ofNode: Int(index)) }

    /// Byte offset of this value in a JSON input (nil for YAML documents).
    public var byteOffset: Int? { document.positions == nil ? Int(node.offset) : nil }

    /// The value serialized as compact JSON.
    public var json: String {
        var out: [UInt8] = []
        document.withReader { JSONWriter.write(reader: $0, index: Int(index), into: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}

extension JSONValue: Equatable, Hashable {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.document.withReader { l in
            rhs.document.withReader { r in JSONEquality.equal(l, Int(lhs.index), r, Int(rhs.index)) }
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(document.withReader { JSONEquality.hash($0, Int(index)) })
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { json }
}

extension JSONValue {
    /// Resolves an RFC 6901 JSON Pointer (`""` is the value itself). Nil when nothing is there.
    public func resolve(pointer: String) -> JSONValue? {
        guard let tokens = JSONPointer.tokens(pointer) else { return nil }
        return resolve(tokens: tokens)
    }

    /// Resolves already unescaped pointer tokens.
    public func resolve(tokens: [String]) -> JSONValue? {
        var current = self
        for token in tokens {
            switch current.kind {
            case .object:
                guard let next = current[token] else { return nil }
                current = next
            case .array:
                guard let position = JSONPointer.arrayIndex(token), let next = current[position] else { return nil }
                current = next
            default:
                return nil
            }
        }
        return current
    }
}
