// uuid (RFC 4122), json-pointer (RFC 6901), relative-json-pointer (draft-bhutton-relative-json-pointer),
// regex (ECMA-262), and the OpenAPI formats byte (RFC 4648 base64), int32, int64, float, double.

extension FormatValidators {
    /// `8-4-4-4-12` hexadecimal digits, any case, any version and variant.
    public static func isUUID(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count == 36 else { return false }
        for k in 0..<36 {
            if k == 8 || k == 13 || k == 18 || k == 23 {
                guard b[k] == UInt8(ascii: "-") else { return false }
            } else {
                guard isHex(b[k]) else { return false }
            }
        }
        return true
    }

    /// RFC 6901: empty, or `/`-prefixed reference tokens where `~` is followed by `0` or `1`.
    public static func isJSONPointer(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        isJSONPointer(b, from: 0)
    }

    static func isJSONPointer(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        guard start < b.count else { return true }
        guard b[start] == UInt8(ascii: "/") else { return false }
        var i = start
        while i < b.count {
            if b[i] == UInt8(ascii: "~") {
                guard i + 1 < b.count, b[i + 1] == UInt8(ascii: "0") || b[i + 1] == UInt8(ascii: "1") else { return false }
                i += 2
            } else {
                i += 1
            }
        }
        return true
    }

    /// Relative JSON Pointer: a non-negative integer (no leading zeros) followed by `#` or a
    /// JSON Pointer.
    public static func isRelativeJSONPointer(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count && isDigit(b[i]) { i += 1 }
        guard i > 0, !(i > 1 && b[0] == UInt8(ascii: "0")) else { return false }
        if i == b.count { return true }
        if b[i] == UInt8(ascii: "#") { return i + 1 == b.count }
        return isJSONPointer(b, from: i)
    }

    /// An ECMA-262 regular expression (read with `u`-flag semantics). Patterns that are valid
    /// ECMA-262 but that PCRE2 cannot run (variable-length lookbehind) count as valid here.
    public static func isRegex(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        isRegex(String(decoding: b, as: UTF8.self))
    }

    public static func isRegex(_ pattern: String) -> Bool {
        do {
            _ = try ECMARegex(pattern)
            return true
        } catch {
            return error.kind == .unsupported
        }
    }

    /// RFC 4648 §4 base64 (OpenAPI `format: byte`): standard alphabet, padded to a multiple of 4.
    public static func isBase64(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count % 4 == 0 else { return false }
        var padding = 0
        for k in 0..<b.count {
            let c = b[k]
            if c == UInt8(ascii: "=") {
                padding += 1
                guard k >= b.count - 2 else { return false }
            } else {
                guard padding == 0, isAlpha(c) || isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "/") else {
                    return false
                }
            }
        }
        return true
    }

    public static func isUUID(_ s: String) -> Bool { check(s, with: isUUID) }
    public static func isJSONPointer(_ s: String) -> Bool { check(s, with: isJSONPointer) }
    public static func isRelativeJSONPointer(_ s: String) -> Bool { check(s, with: isRelativeJSONPointer) }
    public static func isBase64(_ s: String) -> Bool { check(s, with: isBase64) }

    // MARK: - OpenAPI numeric formats

    /// `int32`: an integer (1 and 1.0 alike) in −2³¹…2³¹−1.
    public static func isInt32(_ n: JSONNumber) -> Bool {
        guard let v = n.int64Value else { return false }
        return isInt32(v)
    }

    /// `int64`: an integer in −2⁶³…2⁶³−1.
    public static func isInt64(_ n: JSONNumber) -> Bool {
        n.int64Value != nil
    }

    /// `float`: finite and within the IEEE-754 binary32 range.
    public static func isFloat(_ n: JSONNumber) -> Bool { isFloat(n.doubleValue) }

    /// `double`: finite as an IEEE-754 binary64 (e.g. `1e400` is not).
    public static func isDouble(_ n: JSONNumber) -> Bool { isDouble(n.doubleValue) }

    public static func isInt32(_ v: Int64) -> Bool { v >= Int64(Int32.min) && v <= Int64(Int32.max) }

    public static func isInt32(_ v: Double) -> Bool {
        v.isFinite && v == v.rounded(.towardZero) && v >= Double(Int32.min) && v <= Double(Int32.max)
    }

    public static func isInt64(_ v: Double) -> Bool {
        // 2^63 is exactly representable; Int64.max is not.
        v.isFinite && v == v.rounded(.towardZero) && v >= -9_223_372_036_854_775_808.0 && v < 9_223_372_036_854_775_808.0
    }

    public static func isFloat(_ v: Double) -> Bool { v.isFinite && abs(v) <= Double(Float.greatestFiniteMagnitude) }

    public static func isDouble(_ v: Double) -> Bool { v.isFinite }
}
