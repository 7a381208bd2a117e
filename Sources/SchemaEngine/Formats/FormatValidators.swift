/// Checkers for the JSON Schema `format` vocabulary and the OpenAPI formats.
///
/// String checkers take the string's UTF-8 bytes and allocate nothing on the common path
/// (IDN host names with non-ASCII labels and `regex` are the exceptions: they decode or compile).
/// Every checker has a `String` overload for convenience. The engine only calls a checker for
/// string instances (numeric formats: for numbers); any other instance type passes a format.
public enum FormatValidators {
    /// A checker for one string format.
    public typealias Checker = @Sendable (UnsafeBufferPointer<UInt8>) -> Bool
    /// A checker for one numeric (OpenAPI) format.
    public typealias NumberChecker = @Sendable (JSONNumber) -> Bool

    /// Which rule `hostname` follows. Draft 4 and draft 6 cite RFC 1123 only; draft 7 and later
    /// add RFC 5890, so a label with `--` in positions 3–4 must be a valid A-label (`xn--…`).
    public enum HostnameRule: Sendable {
        case rfc1123
        case idna2008
    }

    /// The checker for a standard string format name, or nil when the name is not one
    /// (unknown formats are annotations only).
    public static func validator(for name: String, hostnameRule: HostnameRule = .idna2008) -> Checker? {
        switch name {
        case "hostname" where hostnameRule == .rfc1123: isHostnameRFC1123
        case "date-time": isDateTime
        case "date": isDate
        case "time": isTime
        case "duration": isDuration
        case "email": isEmail
        case "idn-email": isIDNEmail
        case "hostname": isHostname
        case "idn-hostname": isIDNHostname
        case "ipv4": isIPv4
        case "ipv6": isIPv6
        case "uri": isURI
        case "uri-reference": isURIReference
        case "iri": isIRI
        case "iri-reference": isIRIReference
        case "uri-template": isURITemplate
        case "uuid": isUUID
        case "json-pointer": isJSONPointer
        case "relative-json-pointer": isRelativeJSONPointer
        case "regex": isRegex
        case "byte": isBase64
        case "binary", "password": { _ in true }
        default: nil
        }
    }

    /// The checker for an OpenAPI numeric format (`int32`, `int64`, `float`, `double`).
    public static func numberValidator(for name: String) -> NumberChecker? {
        switch name {
        case "int32": isInt32
        case "int64": isInt64
        case "float": isFloat
        case "double": isDouble
        default: nil
        }
    }

    /// Runs a byte checker on a `String` without copying native UTF-8 storage.
    @inlinable
    public static func check(_ string: String, with checker: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        if let result = string.utf8.withContiguousStorageIfAvailable(checker) { return result }
        var copy = string
        return copy.withUTF8(checker)
    }
}

/// A set of format checkers: the standard ones plus any the application registers.
/// A value type: register into a copy, then hand it to the schema compiler.
public struct FormatRegistry: Sendable {
    public private(set) var checkers: [String: FormatValidators.Checker]
    public private(set) var numberCheckers: [String: FormatValidators.NumberChecker]
    /// Names whose checker the application registered (replacing or adding).
    public private(set) var customNames: Set<String> = []

    /// The standard JSON Schema and OpenAPI formats.
    public static let standard = FormatRegistry()

    public static let standardStringFormats = [
        "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname",
        "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference", "uri-template", "uuid",
        "json-pointer", "relative-json-pointer", "regex", "byte", "binary", "password",
    ]

    /// - Parameters:
    ///   - includeStandard: start with the standard formats (default) or empty.
    ///   - hostnameRule: `.rfc1123` for draft 4 and draft 6 schemas.
    public init(includeStandard: Bool = true, hostnameRule: FormatValidators.HostnameRule = .idna2008) {
        checkers = [:]
        numberCheckers = [:]
        guard includeStandard else { return }
        for name in Self.standardStringFormats {
            checkers[name] = FormatValidators.validator(for: name, hostnameRule: hostnameRule)
        }
        for name in ["int32", "int64", "float", "double"] {
            numberCheckers[name] = FormatValidators.numberValidator(for: name)
        }
    }

    /// Registers (or replaces) a string format checker working on UTF-8 bytes.
    public mutating func registerBytes(_ name: String, _ checker: @escaping FormatValidators.Checker) {
        checkers[name] = checker
        customNames.insert(name)
    }

    /// Registers (or replaces) a string format checker working on `String`.
    public mutating func register(_ name: String, _ checker: @escaping @Sendable (String) -> Bool) {
        checkers[name] = { bytes in checker(String(decoding: bytes, as: UTF8.self)) }
        customNames.insert(name)
    }

    /// Registers (or replaces) a numeric format checker.
    public mutating func registerNumber(_ name: String, _ checker: @escaping FormatValidators.NumberChecker) {
        numberCheckers[name] = checker
        customNames.insert(name)
    }

    public func checker(for name: String) -> FormatValidators.Checker? { checkers[name] }

    /// The checker for `name` under a draft's hostname rule: for `hostname` with `.rfc1123`
    /// (draft 4, draft 6) the RFC 1123 checker, unless the application registered its own.
    public func checker(for name: String, hostnameRule: FormatValidators.HostnameRule) -> FormatValidators.Checker? {
        if name == "hostname", !customNames.contains(name), checkers[name] != nil {
            return FormatValidators.validator(for: name, hostnameRule: hostnameRule)
        }
        return checkers[name]
    }

    /// Whether `string` satisfies format `name`; nil when the format is unknown.
    public func validate(_ string: String, format name: String) -> Bool? {
        guard let checker = checkers[name] else { return nil }
        return FormatValidators.check(string, with: checker)
    }

    /// Whether `number` satisfies numeric format `name`; nil when the format is unknown.
    public func validate(_ number: JSONNumber, format name: String) -> Bool? {
        numberCheckers[name].map { $0(number) }
    }
}

// MARK: - Byte helpers shared by the format checkers

extension FormatValidators {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }

    /// Reads exactly `count` ASCII digits at `i` as a number; nil if any is not a digit.
    @inline(__always)
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ count: Int) -> Int? {
        guard i + count <= b.count else { return nil }
        var v = 0
        for k in i..<(i + count) {
            guard isDigit(b[k]) else { return nil }
            v = v * 10 + Int(b[k] &- 0x30)
        }
        return v
    }

    /// Decodes one UTF-8 scalar at `i` and advances; nil on malformed input.
    static func decodeScalar(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32? {
        let b0 = b[i]
        if b0 < 0x80 {
            i += 1
            return UInt32(b0)
        }
        let length: Int
        var v: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; v = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; v = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; v = UInt32(b0 & 0x07)
        default: return nil
        }
        guard i + length <= b.count else { return nil }
        for k in 1..<length {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            v = v << 6 | UInt32(c & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard v >= minimum, v <= 0x10FFFF, !(0xD800...0xDFFF).contains(v) else { return nil }
        i += length
        return v
    }
}
