/// RFC 6901 JSON Pointers.
public enum JSONPointer {
    /// Unescaped tokens of a pointer (`/a~1b/0` → `["a/b", "0"]`); nil when malformed.
    public static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        var pointer = pointer
        // Bytes, not Characters: "/" followed by a combining mark is one Character.
        return pointer.withUTF8 { bytes -> [String]? in
            guard bytes.first == UInt8(ascii: "/") else { return nil }
            var result: [String] = []
            var start = 1
            var escaped = false
            for i in 1...bytes.count {
                if i == bytes.count || bytes[i] == UInt8(ascii: "/") {
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
                    if escaped {
                        guard let token = unescape(raw) else { return nil }
                        result.append(token)
                    } else {
                        result.append(String(decoding: raw, as: UTF8.self))
                    }
                    start = i + 1
                    escaped = false
                } else if bytes[i] == UInt8(ascii: "~") {
                    escaped = true
                }
            }
            return result
        }
    }

    /// Tokens of a URI fragment holding a pointer (`#/definitions/a%25b`): percent-decoded first.
    public static func tokens(fragment: String) -> [String]? {
        var body = fragment
        if body.utf8.first == UInt8(ascii: "#") { body = String(decoding: body.utf8.dropFirst(), as: UTF8.self) }
        guard let decoded = percentDecode(body) else { return nil }
        return tokens(decoded)
    }

    static func unescape<C: Collection>(_ raw: C) -> String? where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var iterator = raw.makeIterator()
        while let c = iterator.next() {
            if c == UInt8(ascii: "~") {
                switch iterator.next() {
                case UInt8(ascii: "0"): out.append(UInt8(ascii: "~"))
                case UInt8(ascii: "1"): out.append(UInt8(ascii: "/"))
                default: return nil
                }
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Escapes one token (`~` → `~0`, `/` → `~1`) in one pass over the bytes.
    public static func escape(_ token: String) -> String {
        guard token.utf8ContainsByte(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        var out: [UInt8] = []
        out.reserveCapacity(token.utf8.count + 8)
        for b in token.utf8 {
            switch b {
            case UInt8(ascii: "~"): out += [UInt8(ascii: "~"), UInt8(ascii: "0")]
            case UInt8(ascii: "/"): out += [UInt8(ascii: "~"), UInt8(ascii: "1")]
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// A pointer as a URI fragment (without the `#`): percent-encodes only what a fragment
    /// cannot hold (controls, space, non-ASCII, and `%"<>\^`{|}#`). The inverse of
    /// ``tokens(fragment:)``.
    public static func fragment(_ pointer: String) -> String {
        @inline(__always) func needsEncoding(_ b: UInt8) -> Bool {
            switch b {
            case 0..<0x21, 0x7F...0xFF, 0x25, 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D, 0x23: true
            default: false
            }
        }
        guard pointer.utf8ContainsByte(where: needsEncoding) else { return pointer }
        let hex = hexDigits
        var out: [UInt8] = []
        out.reserveCapacity(pointer.utf8.count + 16)
        for b in pointer.utf8 {
            if needsEncoding(b) {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `pointer` + "/" + the escaped `token`, built in one allocation.
    public static func appending(_ token: String, to pointer: String) -> String {
        var token = token
        return token.withUTF8 { appending(bytes: $0, to: pointer) }
    }

    /// `appending` for a token given as UTF-8 bytes (a key read in place from a document).
    public static func appending(bytes t: UnsafeBufferPointer<UInt8>, to pointer: String) -> String {
        var pointer = pointer
        return pointer.withUTF8 { p in
            String(unsafeUninitializedCapacity: p.count + 1 + escapedCount(t)) { out in
                var n = 0
                if let base = p.baseAddress, let start = out.baseAddress {
                    start.update(from: base, count: p.count)
                    n = p.count
                }
                out[n] = UInt8(ascii: "/")
                return writeEscaped(t, into: out, at: n + 1)
            }
        }
    }

    /// Length of a token once escaped.
    static func escapedCount(_ token: UnsafeBufferPointer<UInt8>) -> Int {
        var count = token.count
        for b in token where b == UInt8(ascii: "~") || b == UInt8(ascii: "/") { count += 1 }
        return count
    }

    /// Writes a token escaped (`~` → `~0`, `/` → `~1`) at `n`; returns where it ends. `out` must
    /// have room for `escapedCount(token)` bytes there.
    static func writeEscaped(_ token: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, at n: Int) -> Int {
        var n = n
        for b in token {
            switch b {
            case UInt8(ascii: "~"), UInt8(ascii: "/"):
                out[n] = UInt8(ascii: "~")
                out[n + 1] = b == UInt8(ascii: "~") ? UInt8(ascii: "0") : UInt8(ascii: "1")
                n += 2
            default:
                out[n] = b
                n += 1
            }
        }
        return n
    }

    /// Builds a pointer from unescaped tokens.
    public static func pointer<S: Sequence>(_ tokens: S) -> String where S.Element == String {
        var result = ""
        for token in tokens {
            result += "/"
            result += escape(token)
        }
        return result
    }

    /// The array index a token denotes (`0`, `12`; no leading zeros, no sign), or nil.
    public static func arrayIndex(_ token: String) -> Int? {
        let utf8 = token.utf8
        guard let first = utf8.first, utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if first == 48 && utf8.count > 1 { return nil }
        return Int(token)
    }

    /// Percent-decodes a URI component; nil when a `%` escape is malformed or the result is not UTF-8.
    public static func percentDecode(_ text: String) -> String? {
        guard text.utf8Contains(UInt8(ascii: "%")) else { return text }
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "%") {
                    guard i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) else { return nil }
                    out.append(h << 4 | l)
                    i += 3
                } else {
                    out.append(c)
                    i += 1
                }
            }
            return String(validating: out, as: UTF8.self)
        }
    }
}

extension DocumentReader {
    /// Follows a JSON Pointer (`/a/b`) from the node at `start` through objects only, each token
    /// looked up on its bytes by `member(object, token)` (a scan, or an index of a large object):
    /// no String per token. nil when the pointer does not start with `/`, when a token holds an
    /// escape (`~`), meets a value that is not an object, or names no member; callers that
    /// accept those take the general path (`JSONPointer.tokens`, `JSONValue.resolve(tokens:)`).
    public func followUnescapedPointer(
        _ pointer: UnsafeBufferPointer<UInt8>, from start: Int, member: (_ object: Int, _ token: UnsafeBufferPointer<UInt8>) -> Int?
    ) -> Int? {
        guard pointer.first == UInt8(ascii: "/") else { return nil }
        var current = start
        var tokenStart = 1
        for i in 1...pointer.count {
            if i < pointer.count {
                if pointer[i] == UInt8(ascii: "~") { return nil }
                if pointer[i] != UInt8(ascii: "/") { continue }
            }
            guard kind(current) == .object,
                let next = member(current, UnsafeBufferPointer(rebasing: pointer[tokenStart..<i]))
            else { return nil }
            current = next
            tokenStart = i + 1
        }
        return current
    }
}
