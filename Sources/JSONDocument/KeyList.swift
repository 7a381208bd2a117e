#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fixed list of keys looked up in many objects (schema keywords, OpenAPI fields): one pass
/// over an object's keys finds all of them, where a lookup per key would scan the object once
/// per key.
public struct KeyList: Sendable {
    /// Slots by the byte length of their keys.
    private let byLength: [[(bytes: [UInt8], slot: Int)]]
    public let count: Int

    /// Slot `n` is `keys[n]`.
    public init(_ keys: [String]) {
        let longest = keys.map(\.utf8.count).max() ?? 0
        var table = [[(bytes: [UInt8], slot: Int)]](repeating: [], count: longest + 1)
        for (slot, key) in keys.enumerated() { table[key.utf8.count].append((Array(key.utf8), slot)) }
        byLength = table
        count = keys.count
    }

    /// The slot of the key spelled by `key`, or nil.
    @inline(__always)
    public func slot(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard key.count < byLength.count, let start = key.baseAddress else { return nil }
        for candidate in byLength[key.count]
        where candidate.bytes.first == start.pointee && memcmp(candidate.bytes, start, key.count) == 0 {
            return candidate.slot
        }
        return nil
    }
}

/// The members of one object named in a `KeyList`, found in one pass.
///
/// Built for every schema the walks and the compiler look at (tens of thousands per large
/// description): the found members are kept inline, as (slot, tape index) pairs, so that
/// building one allocates nothing unless the object has more than `inlineCapacity` of them.
public struct KeyedMembers {
    public let document: JSONDocument
    /// Bit `n` set: slot `n` is present (slots from 64 on are always looked up). Most questions
    /// are about absent keywords, and this answers them without looking further.
    @usableFromInline var present: UInt64 = 0
    /// `slot << 32 | tape index` of the first `pairCount` members found, in document order.
    @usableFromInline var pairs: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    @usableFromInline var pairCount = 0
    /// Tape index per slot (-1: absent), once an object has more named members than fit inline.
    @usableFromInline var spilled: [Int32]?

    static let inlineCapacity = 16

    public init(_ object: JSONValue, _ keys: KeyList) {
        document = object.document
        guard object.kind == .object else { return }
        object.document.withReader { r in
            r.forEachMember(Int(object.index)) { k, v in
                if let slot = keys.slot(of: r.string(k)) { record(slot: slot, index: v, slots: keys.count) }
                return true
            }
        }
    }

    /// Notes that slot `slot` holds the member at `index`; the last of duplicate keys wins.
    private mutating func record(slot: Int, index: Int, slots: Int) {
        if slot < 64 { present |= 1 << UInt64(slot) }
        if spilled != nil {
            spilled![slot] = Int32(index)
            return
        }
        let entry = UInt64(slot) << 32 | UInt64(UInt32(truncatingIfNeeded: index))
        let count = pairCount
        let replaced = withUnsafeMutableBytes(of: &pairs) { raw -> Bool in
            let stored = raw.bindMemory(to: UInt64.self)
            for n in 0..<count where stored[n] >> 32 == UInt64(slot) {
                stored[n] = entry
                return true
            }
            if count < Self.inlineCapacity { stored[count] = entry }
            return false
        }
        if replaced { return }
        if count < Self.inlineCapacity {
            pairCount += 1
            return
        }
        // More named members than fit inline: a table by slot from now on.
        var table = [Int32](repeating: -1, count: slots)
        withUnsafeBytes(of: pairs) { raw in
            for stored in raw.bindMemory(to: UInt64.self) { table[Int(stored >> 32)] = Int32(truncatingIfNeeded: stored) }
        }
        table[slot] = Int32(index)
        spilled = table
    }

    /// Tape index of the member in `slot`, or -1.
    @inlinable @inline(__always)
    func index(of slot: Int) -> Int {
        if let spilled { return Int(spilled[slot]) }
        let count = pairCount
        return withUnsafeBytes(of: pairs) { raw -> Int in
            let stored = raw.bindMemory(to: UInt64.self)
            for n in 0..<count where stored[n] >> 32 == UInt64(slot) { return Int(UInt32(truncatingIfNeeded: stored[n])) }
            return -1
        }
    }

    /// The value of the member in slot `slot`, or nil. (Inlinable: the compiler and the walks ask
    /// hundreds of thousands of these, nearly all about absent keys, answered by one bit test.)
    @inlinable @inline(__always)
    public subscript(_ slot: Int) -> JSONValue? {
        if slot < 64 && present & (1 << UInt64(slot)) == 0 { return nil }
        let index = index(of: slot)
        return index < 0 ? nil : document.value(at: index)
    }

    /// Whether any slot whose bit is set in `mask` is present (slots below 64 only).
    @inlinable @inline(__always)
    public func hasAny(_ mask: UInt64) -> Bool { present & mask != 0 }

    @inlinable @inline(__always)
    public func has(_ slot: Int) -> Bool {
        if slot < 64 { return present & (1 << UInt64(slot)) != 0 }
        return index(of: slot) >= 0
    }
}
