#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte searches in a string's UTF-8 form with `memchr`. The generic `utf8.contains` and
/// `utf8.firstIndex(of:)` step through the view one index at a time; pointers, URIs and
/// fragments are searched this way thousands of times per lint.
extension String {
    /// Offset in the UTF-8 form of the first `byte`, nil when there is none.
    @inlinable public func utf8Offset(of byte: UInt8) -> Int? {
        let found = utf8.withContiguousStorageIfAvailable { $0.firstOffset(of: byte, in: 0..<$0.count) }
        if let found { return found }
        var offset = 0
        for b in utf8 {
            if b == byte { return offset }
            offset += 1
        }
        return nil
    }

    @inlinable public func utf8Contains(_ byte: UInt8) -> Bool { utf8Offset(of: byte) != nil }

    /// The index of the first `byte` (a `String.Index` usable for slicing).
    @inlinable public func utf8Index(of byte: UInt8) -> String.Index? {
        utf8Offset(of: byte).map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }

    /// Does any byte of the UTF-8 form satisfy `test`? (Contiguous storage: a plain loop.)
    @inlinable public func utf8ContainsByte(where test: (UInt8) -> Bool) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            for b in bytes where test(b) { return true }
            return false
        }) {
            return found
        }
        return utf8.contains(where: test)
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Offset of the first `byte` within `range` (`memchr`), nil when there is none.
    @inlinable public func firstOffset(of byte: UInt8, in range: Range<Int>) -> Int? {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the buffer")
        guard let base = baseAddress, !range.isEmpty,
            let hit = memchr(base + range.lowerBound, Int32(byte), range.count)
        else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }
}

/// No byte at or above 0x80 (eight at a time). The parsers set a string's ASCII flag with it
/// when the scan that found the string could not tell (escapes, rebuilt YAML text).
func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var i = 0
    var any: UInt64 = 0
    while i &+ 8 <= bytes.count {
        any |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        i &+= 8
    }
    while i < bytes.count {
        any |= UInt64(base[i])
        i &+= 1
    }
    return any & 0x8080_8080_8080_8080 == 0
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether these bytes spell `word`: lengths first, then one `memcmp`. (`elementsEqual`
    /// against a String's UTF-8 view steps through both one byte at a time; keys are compared
    /// with fixed words like this for every member the walks read.)
    @inlinable @inline(__always)
    public func spells(_ word: StaticString) -> Bool {
        guard count == word.utf8CodeUnitCount else { return false }
        guard count > 0 else { return true }
        return memcmp(baseAddress!, word.utf8Start, count) == 0
    }
}
