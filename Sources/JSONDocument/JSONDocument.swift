import Synchronization

/// A parsed JSON or YAML document: a flat tape of 16-byte nodes over the input bytes.
///
/// Strings and numbers are not copied out of the input: their nodes point into `storage`.
/// Only strings with escapes are decoded, into a side buffer. The document is immutable
/// and `Sendable`; values are read through ``JSONValue`` (convenient) or
/// ``withReader(_:)`` (fast, for validators).
public final class JSONDocument: Sendable {
    /// The tape. Owned memory, freed in `deinit`; never mutated after init.
    @usableFromInline nonisolated(unsafe) let tape: UnsafeMutablePointer<TapeNode>
    /// Number of nodes on the tape.
    public let nodeCount: Int
    /// The input bytes (JSON; YAML read by the fast path), or nothing (YAML read by libyaml).
    @usableFromInline let storage: InputBytes
    /// Text that is not a slice of the input: strings that had escapes (JSON), YAML scalars
    /// rebuilt from several lines or escapes (every scalar on the libyaml path), YAML number literals.
    @usableFromInline let decoded: [UInt8]
    /// YAML only: per node, its line and column (both 1-based). JSON computes positions from offsets.
    @usableFromInline let positions: NodePositions?
    /// Where the document came from (a file path), for messages.
    public let sourceName: String?
    /// Tables built on first use (`LazyTables`), behind a lock made by the first thread that
    /// needs them: most files of a large description never do, and a lint keeps thousands of
    /// documents (a lock each was ~130 bytes per file).
    /// (The lock's address, 0 until made: `Atomic` of a pointer would not be `Sendable`.)
    private let lazyBox = Atomic<UInt>(0)
    private var pathFinder: PathFinder { PathFinder(tables: lazyTables) }

    init(
        tape: UnsafeMutablePointer<TapeNode>, nodeCount: Int, storage: InputBytes, decoded: [UInt8],
        positions: NodePositions?, sourceName: String?
    ) {
        self.tape = tape
        self.nodeCount = nodeCount
        self.storage = storage
        self.decoded = decoded
        self.positions = positions
        self.sourceName = sourceName
    }

    deinit {
        TapeMemory.release(tape)
        if let raw = UnsafeRawPointer(bitPattern: lazyBox.load(ordering: .acquiring)) {
            Unmanaged<Locked<LazyTables>>.fromOpaque(raw).release()
        }
    }

    /// The lazily made lock around `LazyTables`; two threads asking first agree on one.
    private var lazyTables: Locked<LazyTables> {
        if let raw = UnsafeRawPointer(bitPattern: lazyBox.load(ordering: .acquiring)) {
            return Unmanaged<Locked<LazyTables>>.fromOpaque(raw).takeUnretainedValue()
        }
        let made = Unmanaged.passRetained(Locked(LazyTables()))
        let address = UInt(bitPattern: made.toOpaque())
        let (stored, current) = lazyBox.compareExchange(expected: 0, desired: address, ordering: .acquiringAndReleasing)
        if stored { return made.takeUnretainedValue() }
        made.release()
        return Unmanaged<Locked<LazyTables>>.fromOpaque(UnsafeRawPointer(bitPattern: current)!).takeUnretainedValue()
    }

    /// The root value.
    @inlinable public var root: JSONValue { JSONValue(document: self, index: 0) }

    /// The value at a tape index (as found in ``JSONValue/index``).
    @inlinable public func value(at index: Int) -> JSONValue {
        precondition(index >= 0 && index < nodeCount, "tape index out of range")
        return JSONValue(document: self, index: Int32(index))
    }

    /// Fast, scoped read access for validators. The reader must not escape `body`.
    @inlinable
    public func withReader<R, E: Error>(_ body: (DocumentReader) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = storage.withUnsafeBufferPointer { storageBuffer in
            decoded.withUnsafeBufferPointer { decodedBuffer in
                let reader = DocumentReader(
                    tape: UnsafePointer(tape), nodeCount: nodeCount,
                    storage: storageBuffer.baseAddress ?? UnsafePointer(bitPattern: 1)!,
                    decoded: decodedBuffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                do throws(E) { return .success(try body(reader)) } catch { return .failure(error) }
            }
        }
        return try result.get()
    }

    // MARK: JSON Pointers

    /// The JSON Pointer of the node at tape index `index` (a key node gives its member's pointer).
    /// Found by walking down from the root (see `PathFinder`): a node needs no stored path.
    public func pointer(ofNode index: Int) -> String {
        precondition(index >= 0 && index < nodeCount, "tape index out of range")
        return withReader { pathFinder.pointer(of: index, in: $0) }
    }

    /// Whether the pointer of a node has a token before its last that is a member key passing
    /// `test` (`/paths/~1a/post/requestBody/…`: "requestBody"), without building the pointer.
    public func hasAncestorKey(ofNode index: Int, where test: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        precondition(index >= 0 && index < nodeCount, "tape index out of range")
        return withReader { pathFinder.hasAncestorKey(of: index, in: $0, where: test) }
    }

    // MARK: Source positions

    /// 1-based line and column of a node (columns count Unicode scalars).
    public func location(ofNode index: Int) -> SourceLocation {
        if let positions {
            let (line, column) = positions[index]
            return SourceLocation(line: line, column: column, offset: nil)
        }
        return location(ofByte: Int(tape[index].offset))
    }

    /// 1-based line and column of a byte offset in a JSON input.
    public func location(ofByte offset: Int) -> SourceLocation {
        let lines = lazyTables.withLock { tables -> [UInt32] in
            if let table = tables.lineStarts { return table }
            let built = storage.withUnsafeBufferPointer { SourceLocation.lineStarts($0) }
            tables.lineStarts = built
            return built
        }
        return storage.withUnsafeBufferPointer { SourceLocation.locate(offset: offset, in: $0, lineStarts: lines) }
    }
}

/// Line and column of each node of a YAML document. Most documents fit a node's position in four
/// bytes (line below 2^20, column below 2^12), half of what the general form takes: it is a third
/// of the memory a document of many small nodes keeps.
@usableFromInline enum NodePositions: Sendable {
    /// `line << 12 | column`.
    case packed([UInt32])
    /// `line << 32 | column`.
    case wide([UInt64])

    static let columnBits: UInt64 = 12
    static let lineLimit: UInt64 = 1 << 20

    /// From the builder's `line << 32 | column` values.
    init(_ wide: [UInt64]) {
        let columnLimit: UInt64 = 1 << Self.columnBits
        let fits = wide.allSatisfy { $0 >> 32 < Self.lineLimit && $0 & 0xFFFF_FFFF < columnLimit }
        guard fits else {
            self = .wide(wide.fitted())
            return
        }
        self = .packed(wide.map { UInt32(truncatingIfNeeded: ($0 >> 32) << Self.columnBits | ($0 & 0xFFFF_FFFF)) })
    }

    subscript(index: Int) -> (line: Int, column: Int) {
        switch self {
        case .packed(let all):
            let p = UInt64(all[index])
            return (Int(p >> Self.columnBits), Int(p & ((1 << Self.columnBits) - 1)))
        case .wide(let all):
            let p = all[index]
            return (Int(p >> 32), Int(p & 0xFFFF_FFFF))
        }
    }
}

/// What a document builds only when asked: JSON line starts (positions of JSON nodes), and
/// `PathFinder`'s child start positions (an object's key nodes, an array's elements) by container index.
struct LazyTables {
    var lineStarts: [UInt32]?
    var childStarts: [Int32: [Int32]] = [:]
}

/// Finds a node's JSON Pointer by walking down from the root, skipping whole subtrees.
///
/// A table of every node's parent cost a pass over the whole tape (20 M instructions for a 3 MB
/// description, under a lock the other walkers then waited on) to answer a few thousand
/// lookups. Walking down costs the node's depth times the siblings skipped on the way; a
/// container with many children (a description's `paths` or `components/schemas`) gets an
/// index of where each child starts, built on the first walk through it, and is searched by
/// halves.
struct PathFinder {
    /// Containers with more children than this get a child index.
    static let indexedCount = 32
    /// The document's lazily built tables; `childStarts` are this finder's.
    let tables: Locked<LazyTables>

    private func starts(of container: Int, in r: DocumentReader) -> [Int32] {
        if let known = tables.withLock({ $0.childStarts[Int32(container)] }) { return known }
        // Built outside the lock: two threads may both build it, and the results are equal.
        let isObject = r.kind(container) == .object
        var starts: [Int32] = []
        starts.reserveCapacity(r.count(container))
        var child = container + 1
        for _ in 0..<r.count(container) {
            starts.append(Int32(child))
            child = r.next(isObject ? child + 1 : child)
        }
        tables.withLock { $0.childStarts[Int32(container)] = starts }
        return starts
    }

    /// The steps from the root down to `index`: per step a key node (objects) or -1 and an
    /// array position; `body` returns false to stop.
    private func descend(to index: Int, in r: DocumentReader, _ body: (_ key: Int, _ position: Int) -> Bool) {
        var container = 0
        while container != index {
            let isObject = r.kind(container) == .object
            let count = r.count(container)
            // The child whose subtree holds `index`: its start and its position.
            var child = container + 1
            var position = 0
            if count > Self.indexedCount {
                let starts = starts(of: container, in: r)
                var low = 0, high = count - 1  // the last start <= index
                while low < high {
                    let middle = (low + high + 1) / 2
                    if Int(starts[middle]) <= index { low = middle } else { high = middle - 1 }
                }
                position = low
                child = Int(starts[low])
            } else {
                while true {
                    let end = r.next(isObject ? child + 1 : child)
                    if index < end || position == count - 1 { break }
                    child = end
                    position += 1
                }
            }
            if isObject {
                guard body(child, 0) else { return }
                if index == child { break }  // a key node gives its member's pointer
                container = child + 1
            } else {
                guard body(-1, position) else { return }
                container = child
            }
        }
    }

    func pointer(of index: Int, in r: DocumentReader) -> String {
        // A step's token is a key node or an array position.
        var steps: [(key: Int, position: Int)] = []
        var length = 0
        descend(to: index, in: r) { key, position in
            steps.append((key, position))
            length += 1 + (key >= 0 ? JSONPointer.escapedCount(r.string(key)) : Self.digits(position))
            return true
        }
        return String(unsafeUninitializedCapacity: length) { out in
            var n = 0
            for step in steps {
                out[n] = UInt8(ascii: "/")
                n += 1
                if step.key >= 0 {
                    n = JSONPointer.writeEscaped(r.string(step.key), into: out, at: n)
                } else {
                    var value = step.position
                    let last = n + Self.digits(value) - 1
                    for at in stride(from: last, through: n, by: -1) {
                        out[at] = UInt8(ascii: "0") + UInt8(value % 10)
                        value /= 10
                    }
                    n = last + 1
                }
            }
            return n
        }
    }

    /// Whether a member key on the way down to `index` (not the node's own) passes `test`.
    func hasAncestorKey(of index: Int, in r: DocumentReader, where test: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        var previous = -1  // the last key met; tested once a step follows it
        var found = false
        descend(to: index, in: r) { key, _ in
            if previous >= 0, test(r.string(previous)) {
                found = true
                return false
            }
            previous = key
            return true
        }
        return found
    }

    static func digits(_ value: Int) -> Int {
        var value = value, count = 1
        while value >= 10 {
            value /= 10
            count += 1
        }
        return count
    }
}

/// A 1-based line and column, and the byte offset when the document is JSON.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int?

    public init(line: Int, column: Int, offset: Int? = nil) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "\(line):\(column)" }

    static func lineStarts(_ buffer: UnsafeBufferPointer<UInt8>) -> [UInt32] {
        var starts: [UInt32] = [0]
        guard let base = buffer.baseAddress else { return starts }
        // memchr finds the newlines a vector at a time; a byte loop was 5 instructions a byte.
        var offset = 0
        while offset < buffer.count, let hit = memchr(base + offset, 0x0A, buffer.count - offset) {
            let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            starts.append(UInt32(at + 1))
            offset = at + 1
        }
        return starts
    }

    static func locate(offset: Int, in bytes: UnsafeBufferPointer<UInt8>, lineStarts: [UInt32]) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        // Last line start <= offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if Int(lineStarts[mid]) <= clamped { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var i = Int(lineStarts[low])
        while i < clamped {
            // Count scalars: skip UTF-8 continuation bytes.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(line: low + 1, column: column, offset: clamped)
    }

    /// Line and column of a byte offset, computed by scanning (for errors before a document exists).
    public static func of(offset: Int, in bytes: [UInt8]) -> SourceLocation {
        bytes.withUnsafeBufferPointer { of(offset: offset, in: $0) }
    }

    static func of(offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> SourceLocation {
        locate(offset: offset, in: buffer, lineStarts: lineStarts(buffer))
    }
}

/// Unsafe, scoped view of a document for hot loops. Obtained from ``JSONDocument/withReader(_:)``.
@frozen
public struct DocumentReader {
    public let tape: UnsafePointer<TapeNode>
    public let nodeCount: Int
    public let storage: UnsafePointer<UInt8>
    public let decoded: UnsafePointer<UInt8>

    @inlinable
    init(tape: UnsafePointer<TapeNode>, nodeCount: Int, storage: UnsafePointer<UInt8>, decoded: UnsafePointer<UInt8>) {
        self.tape = tape
        self.nodeCount = nodeCount
        self.storage = storage
        self.decoded = decoded
    }

    @inlinable public func kind(_ i: Int) -> JSONKind { tape[i].kind }
    @inlinable public func isNull(_ i: Int) -> Bool { tape[i].tag == .null }
    /// The boolean value, or nil when the node is not a boolean.
    @inlinable public func bool(_ i: Int) -> Bool? {
        switch tape[i].tag {
        case .true: true
        case .false: false
        default: nil
        }
    }

    /// Tape index just past this node's subtree (its next sibling).
    @inlinable
    public func next(_ i: Int) -> Int {
        let node = tape[i]
        switch node.tag {
        case .array, .object: return Int(node.b)
        default: return i &+ 1
        }
    }

    /// Element count of an array, member count of an object.
    @inlinable public func count(_ i: Int) -> Int { Int(tape[i].a) }

    /// UTF-8 bytes of a string node.
    @inlinable
    public func string(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let node = tape[i]
        let base = node.has(TapeNode.flagDecoded) ? decoded : storage
        return UnsafeBufferPointer(start: base + Int(node.a), count: Int(node.b))
    }

    /// True when every byte of the string is ASCII.
    @inlinable public func isASCII(_ i: Int) -> Bool { tape[i].has(TapeNode.flagASCII) }

    /// Number of Unicode scalars in a string (what JSON Schema's minLength/maxLength count).
    @inlinable
    public func scalarCount(_ i: Int) -> Int {
        let bytes = string(i)
        if isASCII(i) { return bytes.count }
        var n = 0
        for byte in bytes where byte & 0xC0 != 0x80 { n &+= 1 }
        return n
    }

    /// Does the string equal these bytes?
    @inlinable
    public func stringEquals(_ i: Int, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        let bytes = string(i)
        guard bytes.count == other.count else { return false }
        if bytes.count == 0 { return true }
        return memcmp(bytes.baseAddress!, other.baseAddress!, bytes.count) == 0
    }

    /// The number at `i` (allocates a `String` only for literals that are not 64-bit integers).
    public func number(_ i: Int) -> JSONNumber {
        let node = tape[i]
        if node.has(TapeNode.flagInt64) { return .int(Int64(bitPattern: node.bits)) }
        if node.has(TapeNode.flagUInt64) { return .uint(node.bits) }
        if node.has(TapeNode.flagDouble) { return .double(Double(bitPattern: node.bits)) }
        return .literal(String(decoding: numberText(i), as: UTF8.self))
    }

    /// The literal text of a number parsed from JSON (empty for YAML numbers stored as values).
    @inlinable
    public func numberText(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let node = tape[i]
        if node.has(TapeNode.flagInt64 | TapeNode.flagUInt64 | TapeNode.flagDouble) {
            return UnsafeBufferPointer(start: storage, count: 0)
        }
        let base = node.has(TapeNode.flagDecoded) ? decoded : storage
        return UnsafeBufferPointer(start: base + Int(node.offset), count: Int(node.a))
    }

    /// The nearest `Double` to the number at `i`, without allocating.
    @inlinable
    public func double(_ i: Int) -> Double {
        let node = tape[i]
        if node.has(TapeNode.flagInt64) { return Double(Int64(bitPattern: node.bits)) }
        if node.has(TapeNode.flagUInt64) { return Double(node.bits) }
        if node.has(TapeNode.flagDouble) { return Double(bitPattern: node.bits) }
        return parseDouble(numberText(i))
    }

    /// True when the number is a mathematical integer (`1`, `1.0`, `1e3`, big integers).
    @inlinable
    public func isInteger(_ i: Int) -> Bool {
        let node = tape[i]
        if node.has(TapeNode.flagInt64 | TapeNode.flagUInt64 | TapeNode.flagIntegerLiteral) { return true }
        return literalIsInteger(numberText(i))
    }

    /// The number as an `Int64` when it is one exactly (fast path for bounds).
    @inlinable
    public func int64(_ i: Int) -> Int64? {
        let node = tape[i]
        return node.has(TapeNode.flagInt64) ? Int64(bitPattern: node.bits) : nil
    }

    /// Calls `body` with each object member's key index and value index, in document order.
    @inlinable
    public func forEachMember(_ object: Int, _ body: (_ key: Int, _ value: Int) throws -> Bool) rethrows {
        var i = object &+ 1
        let end = Int(tape[object].b)
        while i < end {
            let valueIndex = i &+ 1
            if try !body(i, valueIndex) { return }
            i = next(valueIndex)
        }
    }

    /// Calls `body` with each array element's index and position.
    @inlinable
    public func forEachElement(_ array: Int, _ body: (_ element: Int, _ position: Int) throws -> Bool) rethrows {
        var i = array &+ 1
        let end = Int(tape[array].b)
        var position = 0
        while i < end {
            if try !body(i, position) { return }
            i = next(i)
            position &+= 1
        }
    }

    /// The value of the last member named `key`, or nil.
    @inlinable
    public func member(_ object: Int, _ key: UnsafeBufferPointer<UInt8>) -> Int? {
        var found: Int?
        forEachMember(object) { k, v in
            if stringEquals(k, key) { found = v }
            return true
        }
        return found
    }

    /// The `position`-th element of an array, or nil.
    @inlinable
    public func element(_ array: Int, _ position: Int) -> Int? {
        guard position >= 0, position < count(array) else { return nil }
        var i = array &+ 1
        var p = 0
        while p < position {
            i = next(i)
            p &+= 1
        }
        return i
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
