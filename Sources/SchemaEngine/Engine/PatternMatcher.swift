#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A compiled `pattern` / `patternProperties` key: common simple regexes are answered
/// without PCRE2 (always-true patterns, literal prefixes, exact literals, `^[class]`).
struct PatternMatcher: @unchecked Sendable {
    enum Kind: UInt8 {
        case always
        case prefix
        case exact
        /// `^[...]`: the first byte is one of an ASCII set.
        case firstByte
        /// `^.*$`: no line terminator.
        case singleLine
        /// `^.+$`: non-empty, no line terminator.
        case nonEmptySingleLine
        /// `.`, `.+`: some character that is not a line terminator.
        case anyCharacter
        case regex
    }

    var kind: Kind
    var literal: [UInt8] = []
    /// 256-bit set of first bytes (`firstByte`).
    var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var regex: ECMARegex?
    /// The pattern as written (for messages).
    var source: String

    init(pattern: String, compile: () throws(RegexError) -> ECMARegex) throws(RegexError) {
        source = pattern
        // Validate with the real engine even when elided, so invalid patterns still fail to compile.
        let compiled = try compile()
        if pattern == ".*" || pattern == "[\\s\\S]*" || pattern == "^.*" || pattern.isEmpty {
            kind = .always
        } else if pattern == "^.*$" {
            kind = .singleLine
        } else if pattern == "^.+$" {
            kind = .nonEmptySingleLine
        } else if pattern == "." || pattern == ".+" || pattern == "^.+" || pattern == "^." || pattern == "(.+)" || pattern == "(.*)." {
            kind = .anyCharacter
        } else if let exact = ECMARegex.exactLiteral(pattern) {
            kind = .exact
            literal = Array(exact.utf8)
        } else if let prefix = ECMARegex.literalPrefix(pattern) {
            kind = .prefix
            literal = Array(prefix.utf8)
        } else if let set = Self.firstByteClass(pattern) {
            kind = .firstByte
            bits = set
        } else {
            kind = .regex
            regex = compiled
        }
    }

    /// Unanchored ECMA-262 search semantics, as `pattern` requires.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        literal.withUnsafeBufferPointer { literal in
            check(literal: literal.baseAddress ?? UnsafePointer(bitPattern: 1)!).matches(bytes)
        }
    }

    /// The hot-path form, its literal at `literal` (bytes the caller keeps alive, as it does `regex`).
    func check(literal: UnsafePointer<UInt8>) -> PatternCheck {
        PatternCheck(
            kind: kind, literal: literal, literalCount: self.literal.count, bits: bits,
            regex: regex.map { Unmanaged.passUnretained($0) })
    }

    /// Number of ECMA-262 line terminators (LF, CR, U+2028, U+2029) in UTF-8 bytes.
    @inline(__always)
    static func lineTerminators(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var k = 0
        let n = bytes.count
        while k < n {
            let b = bytes[k]
            if b == 0x0A || b == 0x0D {
                count += 1
            } else if b == 0xE2, k + 2 < n, bytes[k + 1] == 0x80, bytes[k + 2] == 0xA8 || bytes[k + 2] == 0xA9 {
                count += 1
            }
            k += 1
        }
        return count
    }

    /// `^[abc_\-@]` or `^[a-z0-9]`: a non-negated class of ASCII literals and ranges, nothing after.
    static func firstByteClass(_ pattern: String) -> (UInt64, UInt64, UInt64, UInt64)? {
        let bytes = Array(pattern.utf8)
        guard bytes.count >= 4, bytes[0] == UInt8(ascii: "^"), bytes[1] == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]"),
            bytes[2] != UInt8(ascii: "^")
        else { return nil }
        var members: [UInt8] = []
        var i = 2
        let end = bytes.count - 1
        while i < end {
            var c = bytes[i]
            if c >= 0x80 || c == UInt8(ascii: "[") || c == UInt8(ascii: "]") { return nil }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < end else { return nil }
                let e = bytes[i + 1]
                guard "^$\\.*+?()[]{}|/-".utf8.contains(e) else { return nil }
                c = e
                i += 2
            } else {
                i += 1
            }
            if i + 1 < end, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] != UInt8(ascii: "\\"), bytes[i + 1] < 0x80,
                bytes[i + 1] != UInt8(ascii: "]")
            {
                let upper = bytes[i + 1]
                guard upper >= c else { return nil }
                members.append(contentsOf: c...upper)
                i += 2
            } else {
                members.append(c)
            }
        }
        var set: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for m in members {
            let bit = UInt64(1) << UInt64(m & 63)
            switch m >> 6 {
            case 0: set.0 |= bit
            default: set.1 |= bit
            }
        }
        return set
    }
}

/// A `PatternMatcher` as the evaluator reads it: trivially copyable, so matching costs no
/// reference counting. The `Program` owns the literal bytes and keeps the regex alive.
struct PatternCheck {
    var kind: PatternMatcher.Kind
    var literal: UnsafePointer<UInt8>
    var literalCount: Int
    /// 256-bit set of first bytes (`firstByte`).
    var bits: (UInt64, UInt64, UInt64, UInt64)
    var regex: Unmanaged<ECMARegex>?

    /// Unanchored ECMA-262 search semantics, as `pattern` requires. `bytes` is valid UTF-8.
    @inline(__always)
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch kind {
        case .always:
            return true
        case .prefix:
            guard bytes.count >= literalCount else { return false }
            return literalCount == 0 || memcmp(bytes.baseAddress!, literal, literalCount) == 0
        case .exact:
            guard bytes.count == literalCount else { return false }
            return literalCount == 0 || memcmp(bytes.baseAddress!, literal, literalCount) == 0
        case .firstByte:
            guard let first = bytes.first else { return false }
            let word: UInt64
            switch first >> 6 {
            case 0: word = bits.0
            case 1: word = bits.1
            case 2: word = bits.2
            default: word = bits.3
            }
            return word & (1 << UInt64(first & 63)) != 0
        case .singleLine:
            return PatternMatcher.lineTerminators(in: bytes) == 0
        case .nonEmptySingleLine:
            return bytes.count > 0 && PatternMatcher.lineTerminators(in: bytes) == 0
        case .anyCharacter:
            // Every scalar is a line terminator only in strings made of them; count scalars to compare.
            let terminators = PatternMatcher.lineTerminators(in: bytes)
            if terminators == 0 { return bytes.count > 0 }
            var scalars = 0
            for b in bytes where b & 0xC0 != 0x80 { scalars &+= 1 }
            return scalars > terminators
        case .regex:
            return Self.search(regex!, bytes)
        }
    }

    /// A match that exceeds the backtracking limit counts as no match (a validation failure).
    @inline(never)
    static func search(_ regex: Unmanaged<ECMARegex>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        regex._withUnsafeGuaranteedRef { (try? $0.matches(bytes)) ?? false }
    }
}
