// Duplicate keys are kept by both parsers (lookups take the last); linters report them. The scan
// runs over the tape in one pass, comparing 64-bit fingerprints of the keys' bytes and the bytes
// themselves only when fingerprints agree, so a whole multi-MB description costs a few
// instructions per key.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension JSONDocument {
    /// Tape indices of the keys that repeat an earlier key of the same object, in tape order.
    public func duplicateKeyNodes() -> [Int] {
        withReader { $0.duplicateKeyNodes() }
    }
}

extension DocumentReader {
    /// See ``JSONDocument/duplicateKeyNodes()``.
    public func duplicateKeyNodes() -> [Int] {
        var duplicates: [Int] = []
        var prints: [UInt64] = []
        var keys: [Int] = []
        var order: [Int] = []
        var i = 0
        while i < nodeCount {
            defer { i &+= 1 }
            guard tape[i].tag == .object else { continue }
            let count = Int(tape[i].a)
            guard count > 1 else { continue }
            prints.removeAll(keepingCapacity: true)
            keys.removeAll(keepingCapacity: true)
            var k = i &+ 1
            let end = Int(tape[i].b)
            while k < end {
                keys.append(k)
                prints.append(fingerprint(k))
                k = next(k &+ 1)
            }
            if count <= 24 {
                // Small objects (nearly all): compare each key with those before it.
                for a in 1..<keys.count {
                    for b in 0..<a where prints[a] == prints[b] && sameKey(keys[a], keys[b]) {
                        duplicates.append(keys[a])
                        break
                    }
                }
            } else {
                // Large maps (component sections, paths): sort by fingerprint, compare neighbours.
                order.removeAll(keepingCapacity: true)
                order.append(contentsOf: keys.indices)
                order.sort { prints[$0] != prints[$1] ? prints[$0] < prints[$1] : $0 < $1 }
                var first = 0
                while first < order.count {
                    var last = first &+ 1
                    while last < order.count && prints[order[last]] == prints[order[first]] { last &+= 1 }
                    if last - first > 1 {
                        // Same fingerprint: a key repeats one earlier in the group when the bytes agree.
                        for a in (first + 1)..<last {
                            for b in first..<a where sameKey(keys[order[a]], keys[order[b]]) {
                                duplicates.append(keys[order[a]])
                                break
                            }
                        }
                    }
                    first = last
                }
            }
        }
        duplicates.sort()
        return duplicates
    }

    /// Length and up to 16 of the key's bytes (the first and last eight) mixed into 64 bits;
    /// exact for keys shorter than eight bytes.
    @inline(__always)
    private func fingerprint(_ key: Int) -> UInt64 {
        let bytes = string(key)
        let n = bytes.count
        guard let p = bytes.baseAddress, n > 0 else { return 0 }
        if n < 8 {
            var h = UInt64(n) << 56
            for j in 0..<n { h |= UInt64(p[j]) << (8 &* UInt64(j)) }
            return h
        }
        let raw = UnsafeRawPointer(p)
        let head = raw.loadUnaligned(as: UInt64.self)
        let tail = raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
        return (head &* 0x9E37_79B9_7F4A_7C15) ^ (tail &+ UInt64(n)) ^ (1 << 63)
    }

    @inline(__always)
    private func sameKey(_ a: Int, _ b: Int) -> Bool {
        let x = string(a), y = string(b)
        guard x.count == y.count else { return false }
        guard let px = x.baseAddress, let py = y.baseAddress else { return true }
        return memcmp(px, py, x.count) == 0
    }
}
