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
    /// OpenAPI readOnly/writeOnly property: fails when the evaluation's direction is in b
    /// (`Instruction.request`, `Instruction.response`), else evaluates block a (-1: none).
    case directional
    /// a = string list index: names required unless the evaluation's direction is in b
    /// (required readOnly properties in requests, writeOnly ones in responses).
    case requiredUnless
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
    /// Checked by another instruction on the fast path (e.g. `required` inside `properties`).
    static let fused: UInt8 = 4
    /// Direction bits of `directional` / `requiredUnless` operands (and of an evaluation).
    static let request: Int32 = 1
    static let response: Int32 = 2

    init(_ op: Op, flags: UInt8 = 0, a: Int32 = 0, b: Int32 = 0, c: Int32 = 0) {
        self.op = op
        self.flags = flags
        self.a = a
        self.b = b
        self.c = c
    }
}

/// JSON Pointers built by the compiler, as a tree of escaped tokens: a child location costs one
/// entry instead of a copy of its parent's text, which is assembled only for messages.
/// Written by one compiler; read-only once its program exists.
final class LocationTree: @unchecked Sendable {
    private var parents: [Int32] = [-1]
    /// An escaped token; for a root entry (parent -1) the whole pointer it stands for.
    private var tokens: [String] = [""]

    /// The empty pointer.
    static let empty: Int32 = 0

    /// Root entries whose pointer is their node's pointer in its document, made on demand (the
    /// tree keeps those documents alive, as a program's annotations do).
    private var deferred: [Int32: JSONValue] = [:]

    /// An entry standing for `pointer` as given.
    func root(_ pointer: String) -> Int32 {
        if pointer.isEmpty { return Self.empty }
        parents.append(-1)
        tokens.append(pointer)
        return Int32(parents.count - 1)
    }

    /// An entry standing for `pointer`, or (nil) for the pointer of `node` in its document,
    /// found only if a message needs it: most schemas never fail, and a description's
    /// thousands of examples' schemas would each walk their document for it.
    func root(_ pointer: String?, of node: JSONValue) -> Int32 {
        if let pointer { return root(pointer) }
        if node.index == 0 { return Self.empty }
        parents.append(-1)
        tokens.append("")
        let id = Int32(parents.count - 1)
        deferred[id] = node
        return id
    }

    /// `parent` followed by one escaped token.
    func child(_ parent: Int32, _ escapedToken: String) -> Int32 {
        parents.append(parent)
        tokens.append(escapedToken)
        return Int32(parents.count - 1)
    }

    func text(_ id: Int32) -> String {
        var chain: [Int32] = []
        var n = id
        while n >= 0 && parents[Int(n)] >= 0 {
            chain.append(n)
            n = parents[Int(n)]
        }
        var out = n >= 0 ? tokens[Int(n)] : ""
        if n > 0, let node = deferred[n] { out = node.document.pointer(ofNode: Int(node.index)) }
        for entry in chain.reversed() {
            out += "/"
            out += tokens[Int(entry)]
        }
        return out
    }
}

/// Where an instruction came from, for error reports only (never read on the fast path).
/// Trivially copyable: the compiler appends one per instruction, and the texts are built from
/// the ids only when a message needs them (most instructions never fail).
struct InstructionMeta {
    /// The keyword (`maxItems`).
    var keyword: StaticString
    /// Evaluation path and resource pointer of the schema object holding the keyword, as
    /// entries of `MetaTable.locations`.
    var pathID: Int32
    /// The schema resource (its base URI is `MetaTable.bases[resource]`).
    var resource: Int32
    var pointerID: Int32
}

/// The instructions' origins with the tables their ids point into.
struct MetaTable {
    let entries: [InstructionMeta]
    let locations: LocationTree
    /// Base URI per schema resource.
    let bases: [String]

    func keyword(_ pc: Int) -> String { entries[pc].keyword.description }

    /// Pointer to the keyword from the root of the compiled unit (the root schema or a `$ref` target).
    func path(_ pc: Int) -> String { appendingKeyword(locations.text(entries[pc].pathID), pc) }

    /// Absolute keyword location: resource URI + `#` + the keyword's pointer within its resource.
    func absolute(_ pc: Int) -> String {
        let m = entries[pc]
        return bases[Int(m.resource)] + "#" + JSONPointer.fragment(appendingKeyword(locations.text(m.pointerID), pc))
    }

    private func appendingKeyword(_ pointer: String, _ pc: Int) -> String {
        let keyword = entries[pc].keyword
        return keyword.utf8CodeUnitCount == 0 ? pointer : pointer + "/" + JSONPointer.escape(keyword.description)
    }
}

/// A number constant's Int64 value when it has one (trivially copyable, for the hot path).
struct NumberBound {
    var int: Int64
    var isInt: Bool
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
    var propertyNames: [String] = []
    /// Required names checked in the properties loop on the fast path (all are in `properties`).
    var required: [String] = []
    /// The string id of each name in `properties` (`Compiler.addObjectTable`).
    var nameIDs: [Int32] = []
}

/// Bytes as a dictionary key, hashed in one call: `[UInt8]` hashes element by element, which
/// made interning a program's strings cost hundreds of instructions per name.
struct ByteKey: Hashable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    /// One word into the Hasher (`ByteDigest`): SipHash over every byte was most of the cost of
    /// interning a name.
    func hash(into hasher: inout Hasher) { hasher.combine(bytes.withUnsafeBytes(ByteDigest.digest)) }
}

struct DependencyTable {
    var keys: [[UInt8]] = []
    /// dependentRequired: string list index; dependentSchemas: block id.
    var values: [Int32] = []
}

/// Immutable once compiled (a class so the evaluator reads it without copying).
final class EnumSet: @unchecked Sendable {
    /// Constant indices.
    var members: [Int32] = []
    /// Hash → constant indices.
    var byHash: [Int: [Int32]] = [:]
}

struct BlockRange {
    var start: Int32
    var count: Int32
}

/// A string in `Program.stringBytes`.
struct StringRef {
    var offset: Int32
    var length: Int32
}

/// One named property of a `properties` instruction.
struct PropertyEntry {
    /// First (up to) 8 bytes of the name, little-endian: most names differ here.
    var prefix: UInt64
    var length: Int32
    var string: Int32
    var block: Int32
    /// This property's bit in `ObjectHeader.requiredMask` (0 when not required).
    var requiredBit: UInt64
}

/// properties + patternProperties + additionalProperties of one schema, flattened.
struct ObjectHeader {
    var propertyStart: Int32
    var propertyCount: Int32
    var patternStart: Int32
    var patternCount: Int32
    var additional: Int32
    /// Open-addressing slots (entry index + 1, 0 = empty) for large property sets; mask 0 = linear scan.
    var hashStart: Int32
    var hashMask: Int32
    /// One bit per fused required property.
    var requiredMask: UInt64
}

/// An immutable, fixed-size table owned by a `Program` (no reference counting on the hot path).
struct Table<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: max(1, elements.count))
        if !elements.isEmpty {
            elements.withUnsafeBufferPointer { base.initialize(from: $0.baseAddress!, count: elements.count) }
        }
    }

    @inline(__always) subscript(_ i: Int) -> Element { base[i] }
    @inline(__always) subscript(_ i: Int32) -> Element { base[Int(i)] }

    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// A compiled schema: instructions, blocks and the constant tables they index.
final class Program: Sendable {
    let code: Table<Instruction>
    let meta: MetaTable
    let blocks: Table<BlockRange>
    /// The fast path's layout of every block (see `FastLayout`), over `fastCode`.
    let fastBlocks: Table<FastBlock>
    let fastCode: Table<Instruction>
    let rootBlock: Int32
    let numbers: Table<NumberConstant>
    /// `numbers` as plain values (no reference counting to read them): the Int64 fast path.
    let bounds: Table<NumberBound>
    let stringBytes: Table<UInt8>
    let strings: Table<StringRef>
    /// Flattened block lists and string-id lists; `listRanges[n]` is list n.
    let lists: Table<Int32>
    let listRanges: Table<BlockRange>
    let objects: Table<ObjectHeader>
    let properties: Table<PropertyEntry>
    /// patternProperties: (regex index, block) pairs.
    let patterns: Table<Int32>
    let propertySlots: Table<Int32>
    /// Dependency tables: `dependencyRanges[n]` covers (key string id, value) pairs in `dependencyEntries`.
    let dependencyRanges: Table<BlockRange>
    let dependencyEntries: Table<Int32>
    let enums: [EnumSet]
    /// Constant indices of each enum (`enumRanges[n]` over `enumMembers`), scanned without touching `enums`.
    let enumRanges: Table<BlockRange>
    let enumMembers: Table<Int32>
    /// pattern / patternProperties checks (hot-path form; see `PatternCheck`).
    let regexes: Table<PatternCheck>
    /// Owns what `regexes` points at: the compiled regexes and literal bytes.
    let patternOwners: [PatternMatcher]
    let patternLiterals: Table<UInt8>
    let patternSources: [String]
    let formats: [FormatCheck]
    /// enum/const values, serialized into one document.
    let constants: JSONDocument
    /// A reader over `constants`, made once: the document is immutable and owned by the program,
    /// so its buffers stay where they are for the program's lifetime.
    nonisolated(unsafe) let constantsReader: DocumentReader
    /// (resource id, name id, track) → block of that resource's dynamic anchor.
    let dynamicTargets: [Int64: Int32]
    let usesTracking: Bool
    let usesDynamicScope: Bool
    let maxDepth: Int
    let rootDialect: Dialect
    /// Annotation keywords per block, read only when collecting (exhaustive mode).
    let annotations: [Int32: [BlockAnnotation]]
    /// OpenAPI discriminators of oneOf/anyOf instructions (their `c` − 1), read only on the error path.
    let discriminators: [DiscriminatorTable]

    init(
        code: [Instruction], meta: MetaTable, blocks: [BlockRange], rootBlock: Int32, numbers: [NumberConstant],
        strings stringList: [[UInt8]], stringIDs: [ByteKey: Int32], stringLists: [[Int32]], blockLists: [[Int32]], objects objectTables: [ObjectTable],
        dependencies: [DependencyTable], enums: [EnumSet], regexes: [PatternMatcher], formats: [FormatCheck],
        constants: JSONDocument, dynamicTargets: [Int64: Int32], usesTracking: Bool,
        usesDynamicScope: Bool, maxDepth: Int, rootDialect: Dialect, annotations: [Int32: [BlockAnnotation]] = [:],
        discriminators: [DiscriminatorTable] = []
    ) {
        self.annotations = annotations
        self.discriminators = discriminators
        // Property names come interned by the compiler (`ObjectTable.nameIDs`); dependency keys
        // are looked up in its table (hashing every string again was a third of building a large
        // program), and the few it lacks get ids past its strings.
        var allStrings = stringList
        var added: [ByteKey: Int32] = [:]
        func intern(_ s: [UInt8]) -> Int32 {
            let key = ByteKey(s)
            if let id = stringIDs[key] ?? added[key] { return id }
            allStrings.append(s)
            added[key] = Int32(allStrings.count - 1)
            return Int32(allStrings.count - 1)
        }
        // Lists: string lists first, then block lists (instructions index them separately).
        var flat: [Int32] = []
        flat.reserveCapacity(stringLists.reduce(0) { $0 + $1.count } + blockLists.reduce(0) { $0 + $1.count })
        var ranges: [BlockRange] = []
        ranges.reserveCapacity(stringLists.count + blockLists.count)
        for lists in [stringLists, blockLists] {
            for list in lists {
                ranges.append(BlockRange(start: Int32(flat.count), count: Int32(list.count)))
                flat.append(contentsOf: list)
            }
        }
        var headers: [ObjectHeader] = []
        var entries: [PropertyEntry] = []
        var patternPairs: [Int32] = []
        var slots: [Int32] = []
        for table in objectTables {
            var header = ObjectHeader(
                propertyStart: Int32(entries.count), propertyCount: Int32(table.properties.names.count),
                patternStart: Int32(patternPairs.count / 2), patternCount: Int32(table.patterns.count),
                additional: table.additional, hashStart: 0, hashMask: 0, requiredMask: 0)
            for (n, name) in table.properties.names.enumerated() {
                var bit: UInt64 = 0
                if let r = table.required.firstIndex(of: table.propertyNames.indices.contains(n) ? table.propertyNames[n] : "") {
                    bit = 1 << UInt64(r)
                    header.requiredMask |= bit
                }
                entries.append(
                    PropertyEntry(
                        prefix: table.properties.prefixes[n], length: Int32(name.count), string: table.nameIDs[n],
                        block: table.propertyBlocks[n], requiredBit: bit))
            }
            for (n, regex) in table.patterns.enumerated() {
                patternPairs.append(regex)
                patternPairs.append(table.patternBlocks[n])
            }
            if table.properties.names.count > 6 {
                var size = 16
                while size < table.properties.names.count * 2 { size *= 2 }
                header.hashStart = Int32(slots.count)
                header.hashMask = Int32(size - 1)
                var local = [Int32](repeating: 0, count: size)
                for (n, name) in table.properties.names.enumerated() {
                    var slot = Int(truncatingIfNeeded: Program.slotHash(table.properties.prefixes[n], name.count)) & (size - 1)
                    while local[slot] != 0 { slot = (slot + 1) & (size - 1) }
                    local[slot] = Int32(n + 1)
                }
                slots.append(contentsOf: local)
            }
            headers.append(header)
        }
        var dependencyRanges: [BlockRange] = []
        var dependencyEntries: [Int32] = []
        for table in dependencies {
            dependencyRanges.append(BlockRange(start: Int32(dependencyEntries.count / 2), count: Int32(table.keys.count)))
            for (n, key) in table.keys.enumerated() {
                dependencyEntries.append(intern(key))
                dependencyEntries.append(table.values[n])
            }
        }
        var bytes: [UInt8] = []
        var refs: [StringRef] = []
        for s in allStrings {
            refs.append(StringRef(offset: Int32(bytes.count), length: Int32(s.count)))
            bytes.append(contentsOf: s)
        }
        var code = code
        for n in code.indices {
            switch code[n].op {
            case .allOf, .anyOf, .oneOf, .prefixItems: code[n].a += Int32(stringLists.count)
            default: break
            }
        }
        // The fast path runs its own layout of the blocks; exhaustive mode keeps the compiled
        // one (jumps and keyword order matter for its locations).
        let fast = FastLayout.build(code: code, blocks: blocks, rootBlock: rootBlock, dynamicTargets: dynamicTargets)
        self.fastBlocks = Table(fast.blocks)
        self.fastCode = Table(fast.code)
        self.code = Table(code)
        self.meta = meta
        self.blocks = Table(blocks)
        self.rootBlock = rootBlock
        self.numbers = Table(numbers)
        self.bounds = Table(numbers.map { NumberBound(int: $0.int ?? 0, isInt: $0.int != nil) })
        self.stringBytes = Table(bytes)
        self.strings = Table(refs)
        self.lists = Table(flat)
        self.listRanges = Table(ranges)
        self.objects = Table(headers)
        self.properties = Table(entries)
        self.patterns = Table(patternPairs)
        self.propertySlots = Table(slots)
        self.dependencyRanges = Table(dependencyRanges)
        self.dependencyEntries = Table(dependencyEntries)
        self.enums = enums
        var enumRanges: [BlockRange] = []
        var enumMembers: [Int32] = []
        for set in enums {
            enumRanges.append(BlockRange(start: Int32(enumMembers.count), count: Int32(set.members.count)))
            enumMembers += set.members
        }
        self.enumRanges = Table(enumRanges)
        self.enumMembers = Table(enumMembers)
        var literalBytes: [UInt8] = []
        for matcher in regexes { literalBytes += matcher.literal }
        let literals = Table(literalBytes)
        var checks: [PatternCheck] = []
        var literalOffset = 0
        for matcher in regexes {
            checks.append(matcher.check(literal: UnsafePointer(literals.base + literalOffset)))
            literalOffset += matcher.literal.count
        }
        self.patternLiterals = literals
        self.patternOwners = regexes
        self.regexes = Table(checks)
        self.patternSources = regexes.map { $0.source }
        self.formats = formats
        self.constants = constants
        self.constantsReader = constants.withReader { $0 }
        self.dynamicTargets = dynamicTargets
        self.usesTracking = usesTracking
        self.usesDynamicScope = usesDynamicScope
        self.maxDepth = maxDepth
        self.rootDialect = rootDialect
    }

    deinit {
        code.free()
        blocks.free()
        fastBlocks.free()
        fastCode.free()
        enumRanges.free()
        enumMembers.free()
        numbers.free()
        bounds.free()
        stringBytes.free()
        strings.free()
        lists.free()
        listRanges.free()
        objects.free()
        properties.free()
        patterns.free()
        propertySlots.free()
        dependencyRanges.free()
        dependencyEntries.free()
        regexes.free()
        patternLiterals.free()
    }

    @inline(__always)
    static func slotHash(_ prefix: UInt64, _ length: Int) -> UInt64 {
        ((prefix ^ UInt64(length) &* 0x9E37_79B9_7F4A_7C15) &* 0xFF51_AFD7_ED55_8CCD) >> 32
    }

    static func dynamicKey(resource: Int32, name: Int32, track: Bool) -> Int64 {
        Int64(resource) << 32 | Int64(name) << 1 | (track ? 1 : 0)
    }
}

// MARK: Hot-path lookups (on the class and the reader, so calling them never copies the evaluator)

extension Program {
    /// Index of the property entry named `name`, or -1.
    @inline(__always)
    func findProperty(_ table: ObjectHeader, _ name: UnsafeBufferPointer<UInt8>) -> Int {
        let prefix = namePrefix(name)
        let length = Int32(truncatingIfNeeded: name.count)
        if table.hashMask == 0 {
            var n = Int(table.propertyStart)
            let end = n &+ Int(table.propertyCount)
            while n < end {
                let entry = properties[n]
                if entry.prefix == prefix && entry.length == length && (length <= 8 || tailEquals(entry.string, name)) {
                    return n
                }
                n &+= 1
            }
            return -1
        }
        var slot = Int(truncatingIfNeeded: Program.slotHash(prefix, name.count)) & Int(table.hashMask)
        while true {
            let k = propertySlots[Int(table.hashStart) &+ slot]
            if k == 0 { return -1 }
            let n = Int(table.propertyStart) &+ Int(k) &- 1
            let entry = properties[n]
            if entry.prefix == prefix && entry.length == length && (length <= 8 || tailEquals(entry.string, name)) {
                return n
            }
            slot = (slot &+ 1) & Int(table.hashMask)
        }
    }

    /// Enums with at most this many members are scanned, not hashed.
    static let enumScanLimit = 12

    /// Is the node equal to a member of enum `n`? Small enums are scanned; big ones hashed.
    @inline(__always)
    func enumContains(_ r: DocumentReader, _ i: Int, _ k: DocumentReader, _ n: Int32) -> Bool {
        let range = enumRanges[n]
        if range.count > Program.enumScanLimit { return enumContainsHashed(r, i, k, n) }
        var m = Int(range.start)
        let end = m &+ Int(range.count)
        while m < end {
            if JSONEquality.equal(r, i, k, Int(enumMembers[m])) { return true }
            m &+= 1
        }
        return false
    }

    @inline(never)
    func enumContainsHashed(_ r: DocumentReader, _ i: Int, _ k: DocumentReader, _ n: Int32) -> Bool {
        guard let candidates = enums[Int(n)].byHash[JSONEquality.hash(r, i)] else { return false }
        for c in candidates where JSONEquality.equal(r, i, k, Int(c)) { return true }
        return false
    }

    /// Bytes after the first 8 are equal (lengths already match).
    @inline(__always)
    func tailEquals(_ string: Int32, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let ref = strings[string]
        return memcmp(stringBytes.base + (Int(ref.offset) &+ 8), name.baseAddress! + 8, Int(ref.length) &- 8) == 0
    }

    /// Does the object at `i` have a member named by string id `name`?
    @inline(__always)
    func hasMember(_ r: DocumentReader, _ i: Int, _ name: Int32) -> Bool {
        let ref = strings[name]
        let bytes = UnsafeBufferPointer(start: stringBytes.base + Int(ref.offset), count: Int(ref.length))
        var key = i &+ 1
        let end = r.nextNode(i)
        while key < end {
            let name = r.stringBytes(key)
            if name.count == bytes.count && (bytes.count == 0 || memcmp(name.baseAddress!, bytes.baseAddress!, bytes.count) == 0) {
                return true
            }
            key = r.nextNode(key &+ 1)
        }
        return false
    }
}

extension DocumentReader {
    // The tape node layout is `@frozen` and documented on `TapeNode`: header (tag in bits 0-3,
    // flags above), offset, a, b, four UInt32s. The accessors below read it directly so they
    // inline into the evaluator's loops (the cross-module `kind`/`next`/`string` often did not).

    @inline(__always)
    func tagBits(_ i: Int) -> UInt32 {
        UnsafeRawPointer(tape.advanced(by: i)).load(as: UInt32.self) & 0xF
    }

    /// `kind(_:)`, inlined.
    @inline(__always)
    func nodeKind(_ i: Int) -> JSONKind {
        // Tags null, false, true, number, string, array, object → kinds 0, 1, 1, 2, 3, 4, 5.
        let raw = UInt8(truncatingIfNeeded: (0x05_04_03_02_01_01_00 as UInt64) >> (UInt64(tagBits(i)) &* 8))
        return JSONKind(rawValue: raw).unsafelyUnwrapped
    }

    /// `next(_:)`, inlined: the index after the node's subtree.
    @inline(__always)
    func nextNode(_ i: Int) -> Int {
        let node = UnsafeRawPointer(tape.advanced(by: i))
        let tag = node.load(as: UInt32.self) & 0xF
        return tag >= 5 ? Int(node.load(fromByteOffset: 12, as: UInt32.self)) : i &+ 1
    }

    /// `string(_:)`, inlined.
    @inline(__always)
    func stringBytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let node = UnsafeRawPointer(tape.advanced(by: i))
        let header = node.load(as: UInt32.self)
        let base = header & (1 << 4) != 0 ? decoded : storage
        return UnsafeBufferPointer(
            start: base + Int(node.load(fromByteOffset: 8, as: UInt32.self)),
            count: Int(node.load(fromByteOffset: 12, as: UInt32.self)))
    }

    /// Does the node's kind match a `TypeMask`? (`strict`: draft-04, where 1.0 is not an integer.)
    @inline(__always)
    func matchesType(_ i: Int, _ mask: Int32, strict: Bool) -> Bool {
        // Tags null, false, true, number, string, array, object → TypeMask bits.
        let tag = tagBits(i)
        let bit = Int32(truncatingIfNeeded: (0x40_20_10_08_02_02_01 as Int64) >> (Int64(tag) &* 8)) & 0xFF
        if mask & bit != 0 { return true }
        guard tag == 3, mask & TypeMask.integer != 0 else { return false }
        return isInteger(i, strict: strict)
    }

    @inline(never)
    func isInteger(_ i: Int, strict: Bool) -> Bool {
        if int64(i) != nil { return true }
        guard isInteger(i) else { return false }
        if strict {
            return !numberText(i).contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
        }
        return true
    }

    /// Order of the number at `i` against a constant (nil when either is NaN).
    @inline(__always)
    func compare(_ i: Int, _ c: NumberConstant) -> Int? {
        if let x = int64(i), let y = c.int { return x < y ? -1 : (x == y ? 0 : 1) }
        return compareSlow(i, c)
    }

    @inline(never)
    func compareSlow(_ i: Int, _ c: NumberConstant) -> Int? {
        let x = double(i)
        if x.isNaN || c.double.isNaN { return nil }
        // Rounding to Double is monotonic, so distinct doubles order the exact values.
        if x != c.double { return x < c.double ? -1 : 1 }
        return JSONNumber.compare(number(i), c.number)
    }
}

/// First (up to) 8 bytes of a name packed little-endian, without allocating.
@inline(__always)
func namePrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let n = bytes.count
    guard let base = bytes.baseAddress else { return 0 }
    if n >= 8 { return UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)) }
    var value: UInt64 = 0
    var k = 0
    while k < n {
        value |= UInt64(base[k]) << UInt64(k &* 8)
        k &+= 1
    }
    return value
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
