/// RFC 6901 JSON Pointers.
public enum JSONPointer {
    /// Unescaped tokens of a pointer (`/a~1b/0` → `["a/b", "0"]`); nil when malformed.
    public static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        // Bytes, not Characters: "/" followed by a combining mark is one Character.
        guard pointer.utf8.first == UInt8(ascii: "/") else { return nil }
        var result: [String] = []
        for raw in pointer.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst() {
            guard let token = unescape(raw) else { return nil }
            result.append(token)
        }
        return result
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

    /// Escapes one token (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacingAll("~", with: "~0").replacingAll("/", with: "~1")
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
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let c = bytes.popFirst() {
            if c == UInt8(ascii: "%") {
                guard let h = bytes.popFirst().flatMap(hexValue), let l = bytes.popFirst().flatMap(hexValue) else { return nil }
                out.append(h << 4 | l)
            } else {
                out.append(c)
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
