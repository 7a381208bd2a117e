// ipv4 (RFC 2673 dotted-quad), ipv6 (RFC 4291 §2.2), hostname (RFC 1123 + RFC 5890 A-labels),
// email (RFC 5321 Mailbox), idn-email (RFC 6531).

extension FormatValidators {
    /// Dotted-quad IPv4: four decimal octets 0–255, no leading zeros, nothing else.
    public static func isIPv4(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        isIPv4(b, 0, b.count)
    }

    static func isIPv4(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        for part in 0..<4 {
            if part > 0 {
                guard i < end, b[i] == UInt8(ascii: ".") else { return false }
                i += 1
            }
            let first = i
            var value = 0
            while i < end && isDigit(b[i]) && i - first < 3 {
                value = value * 10 + Int(b[i] &- 0x30)
                i += 1
            }
            let length = i - first
            guard length > 0, value <= 255, !(length > 1 && b[first] == UInt8(ascii: "0")) else { return false }
        }
        return i == end
    }

    /// IPv6 text form: eight 16-bit hex groups, one `::` allowed, optional dotted-quad tail.
    /// No zone id, prefix length or brackets.
    public static func isIPv6(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        isIPv6(b, 0, b.count)
    }

    static func isIPv6(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        var groups = 0
        var sawDoubleColon = false
        if end - start >= 2 && b[i] == UInt8(ascii: ":") && b[i + 1] == UInt8(ascii: ":") {
            sawDoubleColon = true
            i += 2
            if i == end { return true }
        } else if i < end && b[i] == UInt8(ascii: ":") {
            return false
        }
        while i < end {
            // A group: 1–4 hex digits, or a dotted quad at the end.
            let groupStart = i
            while i < end && isHex(b[i]) && i - groupStart < 5 { i += 1 }
            if i < end && b[i] == UInt8(ascii: ".") {
                guard isIPv4(b, groupStart, end) else { return false }
                groups += 2
                i = end
                break
            }
            let length = i - groupStart
            guard length >= 1 && length <= 4 else { return false }
            groups += 1
            if i == end { break }
            guard b[i] == UInt8(ascii: ":") else { return false }
            i += 1
            if i < end && b[i] == UInt8(ascii: ":") {
                guard !sawDoubleColon else { return false }
                sawDoubleColon = true
                i += 1
                if i == end { break }
            } else if i == end {
                return false  // trailing single colon
            }
        }
        return sawDoubleColon ? groups <= 7 : groups == 8
    }

    public static func isIPv4(_ s: String) -> Bool { check(s, with: isIPv4) }
    public static func isIPv6(_ s: String) -> Bool { check(s, with: isIPv6) }
    public static func isHostname(_ s: String) -> Bool { check(s, with: isHostname) }
    public static func isIDNHostname(_ s: String) -> Bool { check(s, with: isIDNHostname) }
    public static func isEmail(_ s: String) -> Bool { check(s, with: isEmail) }
    public static func isIDNEmail(_ s: String) -> Bool { check(s, with: isIDNEmail) }

    /// RFC 1123 host name: dot-separated labels of letters, digits and hyphens, 1–63 octets,
    /// not starting or ending with a hyphen, 253 octets at most, no trailing dot. A label with
    /// hyphens in positions 3–4 must be an A-label (`xn--`) that decodes to a valid IDNA2008
    /// U-label (RFC 5890/5891/5892/5893).
    public static func isHostname(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        isHostname(b, 0, b.count)
    }

    /// RFC 1123 host name only (the `hostname` of draft 4 and draft 6): LDH labels, no IDNA
    /// checks, so `ab--cd.example` is valid.
    public static func isHostnameRFC1123(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        isHostname(b, 0, b.count, idna: false)
    }

    static func isHostname(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, idna: Bool = true) -> Bool {
        guard end > start, end - start <= 253 else { return false }
        var labelStart = start
        var hasALabel = false
        var i = start
        while i <= end {
            if i == end || b[i] == UInt8(ascii: ".") {
                let length = i - labelStart
                guard length >= 1, length <= 63, b[labelStart] != UInt8(ascii: "-"), b[i - 1] != UInt8(ascii: "-")
                else { return false }
                if idna && length >= 4 && b[labelStart + 2] == UInt8(ascii: "-") && b[labelStart + 3] == UInt8(ascii: "-") {
                    guard b[labelStart] | 0x20 == UInt8(ascii: "x"), b[labelStart + 1] | 0x20 == UInt8(ascii: "n") else {
                        return false
                    }
                    hasALabel = true
                }
                labelStart = i + 1
            } else {
                let c = b[i]
                guard isAlpha(c) || isDigit(c) || c == UInt8(ascii: "-") else { return false }
            }
            i += 1
        }
        // A-labels: decode and validate as IDNA2008 (rare path, may allocate).
        return hasALabel ? IDNA.isValidDomain(b, start, end, unicodeSeparators: false) : true
    }

    /// IDNA2008 internationalized host name: U-labels, A-labels or LDH labels, separated by
    /// `.`, U+3002, U+FF0E or U+FF61.
    public static func isIDNHostname(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        IDNA.isValidDomain(b, 0, b.count, unicodeSeparators: true)
    }

    /// RFC 5321 `Mailbox`: `Local-part "@" ( Domain / address-literal )`.
    public static func isEmail(_ b: UnsafeBufferPointer<UInt8>) -> Bool { isMailbox(b, international: false) }

    /// RFC 6531 `Mailbox`: as `email`, but the local part may hold any non-ASCII character and
    /// the domain may be an internationalized host name.
    public static func isIDNEmail(_ b: UnsafeBufferPointer<UInt8>) -> Bool { isMailbox(b, international: true) }

    private static func isAtext(_ c: UInt8) -> Bool {
        if isAlpha(c) || isDigit(c) { return true }
        switch c {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
            UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
            UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    static func isMailbox(_ b: UnsafeBufferPointer<UInt8>, international: Bool) -> Bool {
        var i = 0
        let n = b.count
        guard n > 0 else { return false }
        if b[0] == UInt8(ascii: "\"") {
            // Quoted-string: qtextSMTP (%d32-33 / %d35-91 / %d93-126) or quoted-pair (\ %d32-126).
            i = 1
            while true {
                guard i < n else { return false }
                let c = b[i]
                if c == UInt8(ascii: "\"") { break }
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < n, b[i + 1] >= 32, b[i + 1] <= 126 else { return false }
                    i += 2
                } else if c >= 32 && c <= 126 {
                    i += 1
                } else if c >= 0x80 && international {
                    guard decodeScalar(b, &i) != nil else { return false }
                } else {
                    return false
                }
            }
            i += 1
        } else {
            // Dot-string: atoms separated by single dots.
            var atomLength = 0
            while i < n && b[i] != UInt8(ascii: "@") {
                let c = b[i]
                if c == UInt8(ascii: ".") {
                    guard atomLength > 0 else { return false }
                    atomLength = 0
                    i += 1
                } else if isAtext(c) {
                    atomLength += 1
                    i += 1
                } else if c >= 0x80 && international {
                    guard decodeScalar(b, &i) != nil else { return false }
                    atomLength += 1
                } else {
                    return false
                }
            }
            guard atomLength > 0 else { return false }
        }
        guard i <= 64, i < n, b[i] == UInt8(ascii: "@") else { return false }
        let domain = i + 1
        guard domain < n else { return false }
        if b[domain] == UInt8(ascii: "[") {
            guard b[n - 1] == UInt8(ascii: "]") else { return false }
            let inner = domain + 1
            let end = n - 1
            if end - inner > 5, b[inner] | 0x20 == UInt8(ascii: "i"), b[inner + 1] | 0x20 == UInt8(ascii: "p"),
                b[inner + 2] | 0x20 == UInt8(ascii: "v"), b[inner + 3] == UInt8(ascii: "6"), b[inner + 4] == UInt8(ascii: ":")
            {
                return isIPv6(b, inner + 5, end)
            }
            return isIPv4(b, inner, end)
        }
        return international
            ? IDNA.isValidDomain(b, domain, n, unicodeSeparators: true)
            : isHostname(b, domain, n)
    }
}
