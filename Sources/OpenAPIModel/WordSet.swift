/// A set of 64-bit words (node identities packed into one word) with open addressing and a
/// multiplicative hash. Walks insert one key per visited node and follow every `$ref` through a
/// seen-set; Swift's `Set` runs SipHash for each of those, several times the cost of the rest of
/// the insert. Keys come from the description's own structure, not from an adversary choosing
/// hash collisions, so a plain multiplicative hash is enough.
public struct WordSet: Sendable {
    /// `key + 1` per used slot, 0 for an empty one (a key of `UInt64.max` cannot be stored).
    private var slots: [UInt64]
    public private(set) var count = 0

    public init(capacity: Int = 0) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
    }

    public var isEmpty: Bool { count == 0 }

    @inline(__always)
    private static func start(_ key: UInt64, mask: Int) -> Int {
        // Fibonacci hashing: the high bits of the product mix every bit of the key.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The slot holding `stored`, or the empty slot where it would go (the table is never full).
    @inline(__always)
    private func probe(_ stored: UInt64) -> (slot: Int, found: Bool) {
        let mask = slots.count - 1
        var i = Self.start(stored &- 1, mask: mask)
        return slots.withUnsafeBufferPointer { s in
            while true {
                if s[i] == stored { return (i, true) }
                if s[i] == 0 { return (i, false) }
                i = (i + 1) & mask
            }
        }
    }

    /// Adds `key`; false when it was already there.
    @discardableResult
    public mutating func insert(_ key: UInt64) -> Bool {
        precondition(key != .max, "WordSet cannot hold UInt64.max")
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let (slot, found) = probe(key &+ 1)
        if found { return false }
        slots[slot] = key &+ 1
        count += 1
        return true
    }

    public func contains(_ key: UInt64) -> Bool {
        key != .max && probe(key &+ 1).found
    }

    /// Adds every key of `other`.
    public mutating func formUnion(_ other: WordSet) {
        for slot in other.slots where slot != 0 { insert(slot &- 1) }
    }

    /// The keys, in no particular order.
    public var keys: [UInt64] { slots.compactMap { $0 == 0 ? nil : $0 &- 1 } }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        count = 0
        for slot in old where slot != 0 { insert(slot &- 1) }
    }
}

extension NodeKey {
    /// The key as one word: file ids and tape indices both fit in 32 bits.
    public var word: UInt64 { UInt64(truncatingIfNeeded: file) << 32 | UInt64(UInt32(bitPattern: index)) }

    /// The key as one word together with a small tag (an object type, say): file ids stay below
    /// 2^24 and tags below 2^8.
    public func word(tag: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: file) << 40 | UInt64(UInt8(truncatingIfNeeded: tag)) << 32 | UInt64(UInt32(bitPattern: index))
    }
}

extension NodeKey: CacheKey {
    var cacheHash: UInt64 { mixedHash(word) }
}
