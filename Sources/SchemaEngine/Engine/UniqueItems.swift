#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `uniqueItems` without heap allocation: element indices and the hash table live in temporary
/// (stack) buffers, and the hash is a cheap 64-bit mix consistent with `JSONEquality.equal`
/// (numbers by value, objects by their members in any order, the last of duplicate keys counting).
extension DocumentReader {
    /// Positions of the first two equal elements of the array at `array`, or nil.
    func firstDuplicateItems(_ array: Int) -> (Int, Int)? {
        let n = count(array)
        if n < 2 { return nil }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: n) { elements -> (Int, Int)? in
            var e = array &+ 1
            for position in 0..<n {
                elements[position] = Int32(truncatingIfNeeded: e)
                e = nextNode(e)
            }
            if n <= 16 {
                for a in 0..<n {
                    for b in (a &+ 1)..<n where JSONEquality.equal(self, Int(elements[a]), self, Int(elements[b])) {
                        return (a, b)
                    }
                }
                return nil
            }
            var size = 32
            while size < n &* 2 { size &*= 2 }
            let mask = size &- 1
            // Slot: element position + 1 (0 = empty); hashes alongside.
            return withUnsafeTemporaryAllocation(of: Int32.self, capacity: size) { slots -> (Int, Int)? in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { hashes -> (Int, Int)? in
                    slots.initialize(repeating: 0)
                    for position in 0..<n {
                        let element = Int(elements[position])
                        let h = itemHash(element)
                        hashes[position] = h
                        var slot = Int(truncatingIfNeeded: h) & mask
                        while true {
                            let occupant = Int(slots[slot])
                            if occupant == 0 {
                                slots[slot] = Int32(truncatingIfNeeded: position &+ 1)
                                break
                            }
                            let m = occupant &- 1
                            if hashes[m] == h && JSONEquality.equal(self, Int(elements[m]), self, element) {
                                return (m, position)
                            }
                            slot = (slot &+ 1) & mask
                        }
                    }
                    return nil
                }
            }
        }
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    static func bytesHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return mix(h) }
        var k = 0
        let n = bytes.count
        while k &+ 8 <= n {
            h = (h ^ UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)) &* 0x100_0000_01B3
            h ^= h >> 29
            k &+= 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while k < n {
            tail |= UInt64(base[k]) << shift
            shift &+= 8
            k &+= 1
        }
        return mix(h ^ tail)
    }

    /// A hash consistent with `JSONEquality.equal`.
    func itemHash(_ i: Int) -> UInt64 {
        switch tagBits(i) {
        case 0: return 0x6A09_E667_F3BC_C908
        case 1: return 0xBB67_AE85_84CA_A73B
        case 2: return 0x3C6E_F372_FE94_F82B
        case 3:
            // Equal numbers have equal nearest doubles (JSONEquality compares those first).
            let d = double(i)
            return Self.mix(d == 0 ? 0 : d.bitPattern) ^ 0xA54F_F53A_5F1D_36F1
        case 4:
            return Self.bytesHash(stringBytes(i))
        case 5:
            var h: UInt64 = 0x510E_527F_ADE6_82D1 ^ UInt64(count(i))
            var e = i &+ 1
            let end = nextNode(i)
            while e < end {
                h = Self.mix(h ^ itemHash(e))
                e = nextNode(e)
            }
            return h
        default:
            let members = count(i)
            if members > 32 { return UInt64(bitPattern: Int64(JSONEquality.hash(self, i))) }
            // Order-independent sum; a key repeated later does not count (the last one does).
            var sum: UInt64 = 0x9B05_688C_2B3E_6C1F
            var key = i &+ 1
            let end = nextNode(i)
            while key < end {
                let value = key &+ 1
                let next = nextNode(value)
                let name = stringBytes(key)
                var later = next
                var repeated = false
                while later < end {
                    let other = stringBytes(later)
                    if other.count == name.count
                        && (name.count == 0 || memcmp(other.baseAddress!, name.baseAddress!, name.count) == 0)
                    {
                        repeated = true
                        break
                    }
                    later = nextNode(later &+ 1)
                }
                if !repeated { sum &+= Self.mix(Self.bytesHash(name) &+ itemHash(value)) }
                key = next
            }
            return sum
        }
    }
}
