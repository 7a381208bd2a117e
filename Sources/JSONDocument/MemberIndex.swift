/// A fast 64-bit digest of bytes for hash tables keyed by names (`$ref` texts, property names,
/// object keys): eight bytes per multiply, where SipHash (Swift's `Hasher`) spends rounds on
/// every byte. Not for keys an attacker chooses to collide; the tables here hold a document's
/// own names and compare the bytes on every hit.
public enum ByteDigest {
    @inlinable
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let multiplier: UInt64 = 0xBF58_476D_1CE4_E5B9
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        while i &+ 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* multiplier
            h ^= h >> 31
            i &+= 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift &+= 8
            i &+= 1
        }
        h = (h ^ tail) &* multiplier
        return h ^ (h >> 29)
    }

    @inlinable
    public static func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { digest(UnsafeRawBufferPointer(bytes)) }
}

/// The members of one large object by key, for repeated lookups (a `$ref` into
/// `components/schemas` with hundreds of entries): an open-addressing table of key nodes,
/// compared on the tape, so neither building nor looking up makes a String.
public struct MemberIndex: Sendable {
    /// Tape index of each key node plus one (0: empty slot); a power-of-two count.
    private let slots: [Int32]

    /// Indexes the object at tape index `object` (the last of duplicate keys wins, as in lookups).
    public init(_ r: DocumentReader, object: Int) {
        var size = 16
        while size < r.count(object) * 2 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        let mask = size - 1
        r.forEachMember(object) { k, _ in
            let key = r.string(k)
            var slot = Int(truncatingIfNeeded: ByteDigest.digest(key)) & mask
            while slots[slot] != 0 {
                if r.stringEquals(Int(slots[slot]) - 1, key) { break }  // a later duplicate replaces it
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(k + 1)
            return true
        }
        self.slots = slots
    }

    /// Tape index of the value of the member named `key`, or nil.
    public func value(_ r: DocumentReader, _ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: ByteDigest.digest(key)) & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return nil }
            if r.stringEquals(stored - 1, key) { return stored }  // the value follows its key
            slot = (slot + 1) & mask
        }
    }
}
