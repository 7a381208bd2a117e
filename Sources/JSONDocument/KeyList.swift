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
public struct KeyedMembers {
    public let document: JSONDocument
    /// Tape index of each slot's value (-1: absent); the last of duplicate keys wins, as in lookups.
    private var indices: [Int32]
    /// Bit `n` set: slot `n` is present (slots from 64 on are always looked up). Most questions
    /// are about absent keywords, and this answers them without touching `indices`.
    private var present: UInt64 = 0

    public init(_ object: JSONValue, _ keys: KeyList) {
        document = object.document
        var indices = [Int32](repeating: -1, count: keys.count)
        var present: UInt64 = 0
        if object.kind == .object {
            object.document.withReader { r in
                r.forEachMember(Int(object.index)) { k, v in
                    if let slot = keys.slot(of: r.string(k)) {
                        indices[slot] = Int32(v)
                        if slot < 64 { present |= 1 << UInt64(slot) }
                    }
                    return true
                }
            }
        }
        self.indices = indices
        self.present = present
    }

    /// The value of the member in slot `slot`, or nil.
    @inline(__always)
    public subscript(_ slot: Int) -> JSONValue? {
        if slot < 64 && present & (1 << UInt64(slot)) == 0 { return nil }
        let index = indices[slot]
        return index < 0 ? nil : document.value(at: Int(index))
    }

    @inline(__always)
    public func has(_ slot: Int) -> Bool {
        if slot < 64 { return present & (1 << UInt64(slot)) != 0 }
        return indices[slot] >= 0
    }
}
