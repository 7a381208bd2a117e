/// Opcodes of the flat validation program. Each instruction applies to the current instance
/// node; applicators name child blocks (ranges of instructions) by block id.
enum Op: UInt8 {
    /// `false` schema (or a forbidden property): always fails.
    case fail
    /// a = type mask (`TypeMask`).
    case type
    /// a = constant index.
    case const
    /// a = enum set index.
    case `enum`
    /// a = number constant index.
    case multipleOf, maximum, exclusiveMaximum, minimum, exclusiveMinimum
    /// a = bound.
    case maxLength, minLength, maxItems, minItems, maxProperties, minProperties
    /// a = regex index.
    case pattern
    /// a = format index.
    case format
    case uniqueItems
    /// a = string list index.
    case required
    /// a = dependency table index.
    case dependentRequired, dependentSchemas
    /// a = object table index (properties, patternProperties, additionalProperties fused).
    case properties
    /// a = block applied to every key.
    case propertyNames
    /// a = block, b = first position it applies to.
    case items
    /// a = block list index.
    case prefixItems
    /// a = block, b = minimum matches, c = maximum matches (-1: none).
    case contains
    /// a = block list index.
    case allOf, anyOf, oneOf
    /// a = block.
    case not
    /// a = if block, b = then block (-1), c = else block (-1).
    case conditional
    /// a = block.
    case ref
    /// a = static target block, b = dynamic anchor name id, c = 1 when the dynamic scope is searched.
    case dynamicRef
    /// a = resource id, b = block: evaluates the block with the resource pushed on the dynamic scope.
    case scope
    /// a = block.
    case unevaluatedProperties, unevaluatedItems
    /// Type check fused with bounds: a = type mask, b = min, c = max (length/items/properties by kind).
    case typeBounded
    /// a = enum-of-strings set index (all members are strings).
    case enumStrings
    /// a = `ContentCheck` flags (draft-07 contentEncoding/contentMediaType assertions).
    case content
}

enum ContentCheck {
    static let base64: Int32 = 1
    static let json: Int32 = 2

    /// RFC 4648 base64 (with padding) decoded, or nil when malformed.
    static func decodeBase64(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 4 * 3)
        var buffer: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in bytes {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - 65
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - 71
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte + 4
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="):
                padding += 1
                continue
            default: return nil
            }
            if padding > 0 { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        if (bytes.count) % 4 != 0 || padding > 2 { return nil }
        return out
    }
}

/// Type mask bits for `Op.type`.
enum TypeMask {
    static let null: Int32 = 1
    static let boolean: Int32 = 2
    static let integer: Int32 = 4
    static let number: Int32 = 8
    static let string: Int32 = 16
    static let array: Int32 = 32
    static let object: Int32 = 64

    static func bit(_ name: String) -> Int32? {
        switch name {
        case "null": null
        case "boolean": boolean
        case "integer": integer
        case "number": number
        case "string": string
        case "array": array
        case "object": object
        default: nil
        }
    }

    static func names(_ mask: Int32) -> [String] {
        var result: [String] = []
        for name in ["null", "boolean", "integer", "number", "string", "array", "object"] where mask & bit(name)! != 0 {
            result.append(name)
        }
        return result
    }
}

/// One instruction: 16 bytes, no references.
struct Instruction {
    var op: Op
    /// `Instruction.track`: mark evaluated properties/items; `Instruction.strictInteger`: draft-04 integers.
    var flags: UInt8
    var a: Int32
    var b: Int32
    var c: Int32

    static let track: UInt8 = 1
    static let strictInteger: UInt8 = 2

    init(_ op: Op, flags: UInt8 = 0, a: Int32 = 0, b: Int32 = 0, c: Int32 = 0) {
        self.op = op
        self.flags = flags
        self.a = a
        self.b = b
        self.c = c
    }
}

/// Where an instruction came from, for error reports only (never read on the fast path).
struct InstructionMeta {
    /// The keyword (`maxItems`).
    var keyword: String
    /// Pointer to the keyword from the root of the compiled unit (the root schema or a `$ref` target).
    var path: String
    /// Absolute keyword location: resource URI + `#` + pointer.
    var absolute: String
}

struct NumberConstant {
    var number: JSONNumber
    var double: Double
    var int: Int64?
}

/// A name → value table searched by exact bytes; names are bucketed by length and first bytes.
struct PropertyTable {
    var names: [[UInt8]] = []
    /// First (up to) 8 bytes of each name packed little-endian, for a cheap pre-check.
    var prefixes: [UInt64] = []

    mutating func add(_ name: [UInt8]) {
        names.append(name)
        prefixes.append(Self.prefix(name))
    }

    static func prefix<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes.prefix(8) {
            value |= UInt64(byte) << shift
            shift += 8
        }
        return value
    }

    /// Index of the name equal to `key`, or -1.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        let count = key.count
        let p = Self.prefix(key)
        for n in 0..<names.count where prefixes[n] == p {
            let name = names[n]
            if name.count == count && (count <= 8 || name.withUnsafeBufferPointer { memcmp($0.baseAddress!, key.baseAddress!, count) == 0 }) {
                return n
            }
        }
        return -1
    }
}

struct ObjectTable {
    var properties = PropertyTable()
    var propertyBlocks: [Int32] = []
    var patterns: [Int32] = []
    var patternBlocks: [Int32] = []
    /// Block for members matched by neither, or -1.
    var additional: Int32 = -1
    /// Block ids after properties that are trivially true are dropped (they still count as "matched").
    var propertyNames: [String] = []
}

struct DependencyTable {
    var keys: [[UInt8]] = []
    /// dependentRequired: string list index; dependentSchemas: block id.
    var values: [Int32] = []
}

struct EnumSet {
    /// Constant indices.
    var members: [Int32] = []
    /// Hash → constant indices.
    var byHash: [Int: [Int32]] = [:]
    var strings = Set<[UInt8]>()
}

struct BlockRange {
    var start: Int32
    var count: Int32
}

/// A compiled schema: instructions, blocks and the constant tables they index.
final class Program: Sendable {
    let code: [Instruction]
    let meta: [InstructionMeta]
    let blocks: [BlockRange]
    let rootBlock: Int32
    let numbers: [NumberConstant]
    let strings: [[UInt8]]
    let stringLists: [[Int32]]
    let blockLists: [[Int32]]
    let objects: [ObjectTable]
    let dependencies: [DependencyTable]
    let enums: [EnumSet]
    let regexes: [ECMARegex]
    let formats: [FormatCheck]
    /// enum/const values, serialized into one document.
    let constants: JSONDocument
    /// (resource id, name id, track) → block of that resource's dynamic anchor.
    let dynamicTargets: [Int64: Int32]
    let usesTracking: Bool
    let usesDynamicScope: Bool
    let maxDepth: Int
    let rootDialect: Dialect

    init(
        code: [Instruction], meta: [InstructionMeta], blocks: [BlockRange], rootBlock: Int32, numbers: [NumberConstant],
        strings: [[UInt8]], stringLists: [[Int32]], blockLists: [[Int32]], objects: [ObjectTable],
        dependencies: [DependencyTable], enums: [EnumSet], regexes: [ECMARegex], formats: [FormatCheck],
        constants: JSONDocument, dynamicTargets: [Int64: Int32], usesTracking: Bool,
        usesDynamicScope: Bool, maxDepth: Int, rootDialect: Dialect
    ) {
        self.code = code
        self.meta = meta
        self.blocks = blocks
        self.rootBlock = rootBlock
        self.numbers = numbers
        self.strings = strings
        self.stringLists = stringLists
        self.blockLists = blockLists
        self.objects = objects
        self.dependencies = dependencies
        self.enums = enums
        self.regexes = regexes
        self.formats = formats
        self.constants = constants
        self.dynamicTargets = dynamicTargets
        self.usesTracking = usesTracking
        self.usesDynamicScope = usesDynamicScope
        self.maxDepth = maxDepth
        self.rootDialect = rootDialect
    }

    static func dynamicKey(resource: Int32, name: Int32, track: Bool) -> Int64 {
        Int64(resource) << 32 | Int64(name) << 1 | (track ? 1 : 0)
    }
}

/// A `format` checker bound at compile time.
struct FormatCheck: Sendable {
    var name: String
    /// Checks strings (other kinds pass).
    var string: FormatValidators.Checker?
    /// Checks numbers (OpenAPI numeric formats; other kinds pass).
    var number: FormatValidators.NumberChecker?
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
