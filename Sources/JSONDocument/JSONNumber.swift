/// A JSON number, exact where the input was exact.
///
/// Integers that fit `Int64`/`UInt64` are kept as such; everything else keeps the literal
/// text (`1e400`, `12345678901234567890123`, `0.1`) so comparisons and divisibility can be
/// computed exactly with ``ExactDecimal`` when a schema needs it.
public enum JSONNumber: Sendable, CustomStringConvertible {
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    /// A literal that is not exactly an `Int64`/`UInt64` (fraction, exponent, or a big integer).
    case literal(String)

    /// The nearest `Double` (±infinity when out of range).
    public var doubleValue: Double {
        switch self {
        case .int(let v): Double(v)
        case .uint(let v): Double(v)
        case .double(let v): v
        case .literal(let text): Double(text) ?? (text.hasPrefix("-") ? -.infinity : .infinity)
        }
    }

    /// True for mathematical integers (`1`, `1.0`, `1e2`, big integers).
    public var isInteger: Bool {
        switch self {
        case .int, .uint: true
        case .double(let v): v.isFinite && v == v.rounded(.towardZero)
        case .literal: exact?.isInteger ?? false
        }
    }

    /// The exact decimal value; nil for NaN and infinities.
    public var exact: ExactDecimal? {
        switch self {
        case .int(let v): ExactDecimal(v.description)
        case .uint(let v): ExactDecimal(v.description)
        case .double(let v): v.isFinite ? ExactDecimal(v.description) : nil
        case .literal(let text): ExactDecimal(text)
        }
    }

    /// JSON text for this number.
    public var description: String {
        switch self {
        case .int(let v): v.description
        case .uint(let v): v.description
        case .double(let v):
            if v.isNaN { ".nan" } else if v.isInfinite { v < 0 ? "-.inf" : ".inf" } else if v == v.rounded(.towardZero),
                abs(v) < 1e15
            {
                Int64(v).description
            } else {
                v.description
            }
        case .literal(let text): text
        }
    }

    /// The value as `Int64` when it is exactly one.
    public var int64Value: Int64? {
        switch self {
        case .int(let v): v
        case .uint: nil
        case .double(let v): (v == v.rounded(.towardZero) && abs(v) < 9.2e18) ? Int64(v) : nil
        case .literal: exact.flatMap { $0.int64Value }
        }
    }

    /// Exact ordering of two numbers (NaN compares unordered: returns nil).
    public static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int? {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.uint(let a), .uint(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .uint): return -1
        case (.uint, .int): return 1
        default: break
        }
        let a = lhs.doubleValue
        let b = rhs.doubleValue
        if a.isNaN || b.isNaN { return nil }
        // Rounding to Double is monotonic: distinct finite doubles order their exact values too.
        if a != b, a.isFinite, b.isFinite { return a < b ? -1 : 1 }
        if let x = lhs.exact, let y = rhs.exact { return x.compare(y) }
        return a == b ? 0 : (a < b ? -1 : 1)
    }

    /// Is `self` an integer multiple of `divisor`? Exact for decimal literals.
    public func isMultiple(of divisor: JSONNumber) -> Bool {
        if case .int(let a) = self, case .int(let b) = divisor, b != 0 {
            return b == -1 || a % b == 0
        }
        if let x = exact, let m = divisor.exact, let answer = x.isMultiple(of: m) { return answer }
        let a = doubleValue
        let b = divisor.doubleValue
        if a.isInfinite || a.isNaN { return false }
        let q = a / b
        if q.isInfinite { return false }
        return q == q.rounded(.towardZero)
    }

    /// Numeric equality with JSON Schema semantics (`1 == 1.0`).
    public static func equal(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Bool { compare(lhs, rhs) == 0 }
}

/// An exact decimal: `(negative ? -1 : 1) × digits × 10^exponent`, digits without leading or
/// trailing zeros (zero has no digits).
public struct ExactDecimal: Sendable, Hashable, CustomStringConvertible {
    public var negative: Bool
    /// Decimal digits 0–9, most significant first.
    public var digits: [UInt8]
    public var exponent: Int

    /// Parses a JSON/YAML number literal (`-12.5e3`). Returns nil for anything else.
    public init?(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.first == UInt8(ascii: "+") { bytes.removeFirst() }
        var negative = false
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var digits: [UInt8] = []
        var exponent = 0
        var sawDigit = false
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
            digits.append(bytes[i] - 48)
            sawDigit = true
            i += 1
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                digits.append(bytes[i] - 48)
                exponent -= 1
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            var sawExp = false
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                if e < 1_000_000_000 { e = e * 10 + Int(bytes[i] - 48) }
                sawExp = true
                i += 1
            }
            guard sawExp else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == bytes.count else { return nil }
        let first = digits.firstIndex { $0 != 0 }
        guard let first else {
            self.negative = false
            self.digits = []
            self.exponent = 0
            return
        }
        digits.removeFirst(first)
        while digits.last == 0 {
            digits.removeLast()
            exponent += 1
        }
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
    }

    public var isZero: Bool { digits.isEmpty }
    public var isInteger: Bool { exponent >= 0 }

    public var int64Value: Int64? {
        guard isInteger, digits.count + exponent <= 19 else { return isZero ? 0 : nil }
        var v: Int64 = 0
        for d in digits {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            v = s
        }
        for _ in 0..<exponent {
            let (m, o) = v.multipliedReportingOverflow(by: 10)
            if o { return nil }
            v = m
        }
        return negative ? -v : v
    }

    /// -1, 0 or 1.
    public func compare(_ other: ExactDecimal) -> Int {
        if isZero && other.isZero { return 0 }
        let signSelf = isZero ? 0 : (negative ? -1 : 1)
        let signOther = other.isZero ? 0 : (other.negative ? -1 : 1)
        if signSelf != signOther { return signSelf < signOther ? -1 : 1 }
        let magnitude = compareMagnitude(other)
        return signSelf < 0 ? -magnitude : magnitude
    }

    private func compareMagnitude(_ other: ExactDecimal) -> Int {
        // Position of the most significant digit.
        let top = digits.count + exponent
        let otherTop = other.digits.count + other.exponent
        if top != otherTop { return top < otherTop ? -1 : 1 }
        let n = max(digits.count, other.digits.count)
        for k in 0..<n {
            let a = k < digits.count ? digits[k] : 0
            let b = k < other.digits.count ? other.digits[k] : 0
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }

    /// Exact divisibility when the divisor's digits fit in 64 bits; nil when not decidable cheaply.
    public func isMultiple(of divisor: ExactDecimal) -> Bool? {
        if divisor.isZero { return nil }
        if isZero { return true }
        // self = X·10^ex, divisor = M·10^em. With e = min(ex, em):
        // X·10^(ex−e) must be a multiple of M·10^(em−e).
        let e = min(exponent, divisor.exponent)
        let shiftX = exponent - e
        let shiftM = divisor.exponent - e
        if shiftM > 0 {
            // X must be divisible by M·10^shiftM; X has no trailing zeros, so 10 ∤ X unless shiftM == 0.
            return false
        }
        guard divisor.digits.count <= 19 else { return nil }
        var m: UInt64 = 0
        for d in divisor.digits { m = m * 10 + UInt64(d) }
        if m == 1 { return true }
        // (X mod m) · (10^shiftX mod m) mod m
        var xMod: UInt64 = 0
        for d in digits { xMod = Self.mulMod(xMod, 10, m) &+ UInt64(d) % m; xMod %= m }
        let p = Self.powMod(10, shiftX, m)
        return Self.mulMod(xMod, p, m) == 0
    }

    private static func mulMod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return m.dividingFullWidth((high % m, low)).remainder
    }

    private static func powMod(_ base: UInt64, _ exponent: Int, _ m: UInt64) -> UInt64 {
        var result: UInt64 = 1 % m
        var b = base % m
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = mulMod(result, b, m) }
            b = mulMod(b, b, m)
            e >>= 1
        }
        return result
    }

    public var description: String {
        if isZero { return "0" }
        let body = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        return (negative ? "-" : "") + body + (exponent == 0 ? "" : "e\(exponent)")
    }
}

/// Converts a JSON number literal to the nearest `Double` without allocating for the common case.
@usableFromInline
func parseDouble(_ text: UnsafeBufferPointer<UInt8>) -> Double {
    // Fast exact path (Clinger): ≤ 15 significant digits and a small power of ten.
    var mantissa: UInt64 = 0
    var digitCount = 0
    var exponent = 0
    var i = 0
    var negative = false
    let n = text.count
    if i < n, text[i] == UInt8(ascii: "-") {
        negative = true
        i += 1
    }
    var exact = true
    while i < n, text[i] &- 48 < 10 {
        if mantissa != 0 || text[i] != 48 { digitCount += 1 }
        if digitCount > 15 { exact = false }
        mantissa = mantissa &* 10 &+ UInt64(text[i] &- 48)
        i += 1
    }
    if i < n, text[i] == UInt8(ascii: ".") {
        i += 1
        while i < n, text[i] &- 48 < 10 {
            if mantissa != 0 || text[i] != 48 { digitCount += 1 }
            if digitCount > 15 { exact = false }
            mantissa = mantissa &* 10 &+ UInt64(text[i] &- 48)
            exponent -= 1
            i += 1
        }
    }
    if i < n, text[i] | 0x20 == UInt8(ascii: "e") {
        i += 1
        var expNegative = false
        if i < n, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            expNegative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var e = 0
        while i < n, text[i] &- 48 < 10 {
            if e < 100_000 { e = e * 10 + Int(text[i] &- 48) }
            i += 1
        }
        exponent += expNegative ? -e : e
    }
    if exact, exponent >= -22, exponent <= 22 {
        var value = Double(mantissa)
        if exponent < 0 { value /= powersOfTen[-exponent] } else { value *= powersOfTen[exponent] }
        return negative ? -value : value
    }
    // Slow path: the C library's correctly rounded strtod on a NUL-terminated copy.
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer in
        for k in 0..<n { buffer[k] = CChar(bitPattern: text[k]) }
        buffer[n] = 0
        return strtod(buffer.baseAddress!, nil)
    }
}

/// Exact integer test on a number literal, without allocating: after dropping trailing zeros,
/// the fraction digits must be covered by the exponent (or the value is zero).
@usableFromInline
func literalIsInteger(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = text.count
    if i < n, text[i] == UInt8(ascii: "-") { i += 1 }
    var nonZeroSeen = false
    while i < n, text[i] &- 48 < 10 {
        if text[i] != 48 { nonZeroSeen = true }
        i += 1
    }
    var fractionDigits = 0  // significant fraction digits, trailing zeros excluded
    if i < n, text[i] == UInt8(ascii: ".") {
        i += 1
        var position = 0
        while i < n, text[i] &- 48 < 10 {
            position += 1
            if text[i] != 48 {
                fractionDigits = position
                nonZeroSeen = true
            }
            i += 1
        }
    }
    if !nonZeroSeen { return true }
    var exponent = 0
    if i < n, text[i] | 0x20 == UInt8(ascii: "e") {
        i += 1
        var negative = false
        if i < n, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        while i < n, text[i] &- 48 < 10 {
            if exponent < 1_000_000_000 { exponent = exponent * 10 + Int(text[i] &- 48) }
            i += 1
        }
        if negative { exponent = -exponent }
    }
    if exponent >= fractionDigits { return true }
    // A negative exponent can still leave an integer when the integer part has trailing zeros
    // (e.g. 100e-2); fall back to the exact decimal for those rare cases.
    guard exponent < 0, fractionDigits == 0 else { return false }
    return ExactDecimal(String(decoding: text, as: UTF8.self))?.isInteger ?? false
}

@usableFromInline
let powersOfTen: [Double] = (0...22).map { e in
    var v = 1.0
    for _ in 0..<e { v *= 10 }
    return v
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
