/// Equality and hashing of JSON values with JSON Schema semantics, used by `enum`, `const`
/// and `uniqueItems`: numbers compare by value (`1 == 1.0`), objects ignore member order
/// (the last of duplicate keys counts, as in lookups), strings compare by decoded bytes.
public enum JSONEquality {
    public static func equal(_ l: DocumentReader, _ li: Int, _ r: DocumentReader, _ ri: Int) -> Bool {
        let a = l.tape[li]
        let b = r.tape[ri]
        switch (a.tag, b.tag) {
        case (.null, .null), (.true, .true), (.false, .false): return true
        case (.number, .number): return numbersEqual(l, li, r, ri)
        case (.string, .string):
            let x = l.string(li)
            let y = r.string(ri)
            return x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
        case (.array, .array):
            guard a.a == b.a else { return false }
            var i = li + 1
            var j = ri + 1
            let end = Int(a.b)
            while i < end {
                if !equal(l, i, r, j) { return false }
                i = l.next(i)
                j = r.next(j)
            }
            return true
        case (.object, .object):
            var result = true
            l.forEachMember(li) { k, _ in
                let key = l.string(k)
                guard let lv = l.member(li, key), let rv = r.member(ri, key), equal(l, lv, r, rv) else {
                    result = false
                    return false
                }
                return true
            }
            guard result else { return false }
            r.forEachMember(ri) { k, _ in
                if l.member(li, r.string(k)) == nil { result = false }
                return result
            }
            return result
        default:
            return false
        }
    }

    @inlinable
    public static func numbersEqual(_ l: DocumentReader, _ li: Int, _ r: DocumentReader, _ ri: Int) -> Bool {
        if let x = l.int64(li), let y = r.int64(ri) { return x == y }
        let x = l.double(li)
        let y = r.double(ri)
        // Distinct doubles mean distinct values; equal doubles may hide a difference past 2^53.
        if x != y { return false }
        if l.int64(li) != nil || r.int64(ri) != nil, abs(x) < 9.0e15 { return true }
        return JSONNumber.equal(l.number(li), r.number(ri))
    }

    /// A hash consistent with ``equal(_:_:_:_:)``.
    public static func hash(_ r: DocumentReader, _ i: Int) -> Int {
        var hasher = Hasher()
        combine(r, i, into: &hasher)
        return hasher.finalize()
    }

    static func combine(_ r: DocumentReader, _ i: Int, into hasher: inout Hasher) {
        let node = r.tape[i]
        switch node.tag {
        case .null: hasher.combine(0 as UInt8)
        case .false: hasher.combine(1 as UInt8)
        case .true: hasher.combine(2 as UInt8)
        case .number:
            hasher.combine(3 as UInt8)
            // Hash through the nearest Double so every representation of a value agrees.
            let d = r.double(i)
            if d == d.rounded(.towardZero), abs(d) < 9.2e18 { hasher.combine(Int64(d)) } else { hasher.combine(d == 0 ? 0 : d.bitPattern) }
        case .string:
            hasher.combine(4 as UInt8)
            hasher.combine(bytes: UnsafeRawBufferPointer(r.string(i)))
        case .array:
            hasher.combine(5 as UInt8)
            hasher.combine(node.a)
            r.forEachElement(i) { e, _ in
                combine(r, e, into: &hasher)
                return true
            }
        case .object:
            hasher.combine(6 as UInt8)
            // Order-independent: add up per-member hashes, counting only the last of duplicate keys.
            var sum = 0
            r.forEachMember(i) { k, v in
                if r.member(i, r.string(k)) == v {
                    var member = Hasher()
                    member.combine(bytes: UnsafeRawBufferPointer(r.string(k)))
                    combine(r, v, into: &member)
                    sum = sum &+ member.finalize()
                }
                return true
            }
            hasher.combine(sum)
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
