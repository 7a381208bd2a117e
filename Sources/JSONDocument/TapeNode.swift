#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The kind of a JSON value, as every validator sees it.
@frozen
public enum JSONKind: UInt8, Sendable, CustomStringConvertible {
    case null = 0
    case boolean = 1
    case number = 2
    case string = 3
    case array = 4
    case object = 5

    public var description: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// One entry of the document tape: 16 bytes, no references, no per-node allocation.
///
/// Layout of `header`: bits 0–3 the tag (`Tag`), bits 4–11 flags.
/// `offset` is where the node's text starts in the document's `storage`
/// (for JSON that is also its source position). `a` and `b` depend on the tag:
///
/// | tag     | a                                   | b                               |
/// |---------|-------------------------------------|---------------------------------|
/// | string  | payload start (storage or decoded)  | payload length in bytes         |
/// | number  | low 32 bits of the value / text len | high 32 bits of the value       |
/// | array   | element count                       | tape index after the last child |
/// | object  | member count                        | tape index after the last child |
///
/// Object members are laid out as key (a string node), value, key, value, …
@frozen
public struct TapeNode: Sendable, Equatable {
    @usableFromInline var header: UInt32
    @usableFromInline var offset: UInt32
    @usableFromInline var a: UInt32
    @usableFromInline var b: UInt32

    @inlinable
    init(header: UInt32, offset: UInt32, a: UInt32, b: UInt32) {
        self.header = header
        self.offset = offset
        self.a = a
        self.b = b
    }

    @usableFromInline
    enum Tag: UInt32 {
        case null = 0
        case `false` = 1
        case `true` = 2
        case number = 3
        case string = 4
        case array = 5
        case object = 6
    }

    // Flags (bits 4…).
    /// The payload (string) or literal text (number) lives in the document's `decoded` buffer:
    /// a JSON string that had escapes, YAML text that is not a slice of the input.
    @usableFromInline static let flagDecoded: UInt32 = 1 << 4
    /// Number: `a|b` holds an `Int64`.
    @usableFromInline static let flagInt64: UInt32 = 1 << 5
    /// Number: `a|b` holds a `UInt64` above `Int64.max`.
    @usableFromInline static let flagUInt64: UInt32 = 1 << 6
    /// Number: `a|b` holds the bit pattern of a `Double` (YAML floats, `.inf`, `.nan`).
    @usableFromInline static let flagDouble: UInt32 = 1 << 7
    /// Number: the literal has no fraction and no exponent (a big integer when not Int64/UInt64).
    @usableFromInline static let flagIntegerLiteral: UInt32 = 1 << 8
    /// String: every byte is ASCII (lets the evaluator count characters by bytes).
    @usableFromInline static let flagASCII: UInt32 = 1 << 9

    @inlinable var tag: Tag { Tag(rawValue: header & 0xF).unsafelyUnwrapped }
    @inlinable func has(_ flag: UInt32) -> Bool { header & flag != 0 }

    @inlinable var kind: JSONKind {
        switch tag {
        case .null: .null
        case .false, .true: .boolean
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// The 64-bit payload of number nodes.
    @inlinable var bits: UInt64 { UInt64(a) | (UInt64(b) << 32) }

    @inlinable
    static func scalar(_ tag: Tag, flags: UInt32 = 0, offset: UInt32, a: UInt32 = 0, b: UInt32 = 0) -> TapeNode {
        TapeNode(header: tag.rawValue | flags, offset: offset, a: a, b: b)
    }

    @inlinable
    static func number(flags: UInt32, offset: UInt32, bits: UInt64) -> TapeNode {
        TapeNode(
            header: Tag.number.rawValue | flags, offset: offset,
            a: UInt32(truncatingIfNeeded: bits), b: UInt32(truncatingIfNeeded: bits >> 32))
    }
}

/// Tape memory, from malloc so that a tape can grow in place and be cut to its length when
/// parsing ends (realloc). A description of thousands of small files keeps every tape alive
/// for the whole lint, and what parsing reserved was ~40% of DigitalOcean's heap.
enum TapeMemory {
    static func allocate(_ capacity: Int) -> UnsafeMutablePointer<TapeNode> {
        guard let raw = malloc(max(capacity, 1) * MemoryLayout<TapeNode>.stride) else {
            fatalError("out of memory for a document tape of \(capacity) nodes")
        }
        return raw.bindMemory(to: TapeNode.self, capacity: max(capacity, 1))
    }

    /// The tape moved (or grown, or cut) to `capacity` nodes; its first nodes are kept.
    static func resize(_ tape: UnsafeMutablePointer<TapeNode>, to capacity: Int) -> UnsafeMutablePointer<TapeNode> {
        guard let raw = realloc(tape, max(capacity, 1) * MemoryLayout<TapeNode>.stride) else {
            fatalError("out of memory for a document tape of \(capacity) nodes")
        }
        return raw.bindMemory(to: TapeNode.self, capacity: max(capacity, 1))
    }

    static func release(_ tape: UnsafeMutablePointer<TapeNode>) {
        free(tape)
    }

    /// The tape cut to its `count` nodes when more than a quarter of its `capacity` is unused.
    static func fitted(_ tape: UnsafeMutablePointer<TapeNode>, count: Int, capacity: Int) -> UnsafeMutablePointer<TapeNode> {
        capacity - count > capacity / 4 ? resize(tape, to: count) : tape
    }
}

extension Array {
    /// The array, copied to a buffer of its size when more than a quarter of its room is unused
    /// (what a parse leaves for a document that is kept to the end of a lint).
    func fitted() -> [Element] {
        guard capacity - count > capacity / 4 else { return self }
        return withUnsafeBufferPointer { Array($0) }
    }
}
