// uri / uri-reference (RFC 3986 §3, §4.1), iri / iri-reference (RFC 3987 §2.2),
// uri-template (RFC 6570 §2).

extension FormatValidators {
    /// RFC 3986 `URI` (absolute, with scheme; fragment allowed). ASCII only.
    public static func isURI(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = URIFormatParser(b, iri: false)
        return p.parseAbsolute()
    }

    /// RFC 3986 `URI-reference`: a URI or a relative reference.
    public static func isURIReference(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = URIFormatParser(b, iri: false)
        if p.parseAbsolute() { return true }
        var r = URIFormatParser(b, iri: false)
        return r.parseRelative()
    }

    /// RFC 3987 `IRI`: a URI that may also hold non-ASCII `ucschar` (and `iprivate` in the query).
    public static func isIRI(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = URIFormatParser(b, iri: true)
        return p.parseAbsolute()
    }

    /// RFC 3987 `IRI-reference`.
    public static func isIRIReference(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = URIFormatParser(b, iri: true)
        if p.parseAbsolute() { return true }
        var r = URIFormatParser(b, iri: true)
        return r.parseRelative()
    }

    public static func isURI(_ s: String) -> Bool { check(s, with: isURI) }
    public static func isURIReference(_ s: String) -> Bool { check(s, with: isURIReference) }
    public static func isIRI(_ s: String) -> Bool { check(s, with: isIRI) }
    public static func isIRIReference(_ s: String) -> Bool { check(s, with: isIRIReference) }
    public static func isURITemplate(_ s: String) -> Bool { check(s, with: isURITemplate) }

    /// RFC 3987 `ucschar`.
    static func isUCSChar(_ v: UInt32) -> Bool {
        switch v {
        case 0xA0...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
        case 0x10000...0xEFFFD:
            // Every plane 1–14 except its last two code points; plane 14 starts at E1000.
            return v & 0xFFFF <= 0xFFFD && (v < 0xE0000 || v >= 0xE1000)
        default: return false
        }
    }

    /// RFC 3987 `iprivate`.
    static func isIPrivate(_ v: UInt32) -> Bool {
        (0xE000...0xF8FF).contains(v) || (0xF0000...0xFFFFD).contains(v) || (0x100000...0x10FFFD).contains(v)
    }

    static func isUnreservedASCII(_ c: UInt8) -> Bool {
        isAlpha(c) || isDigit(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "_")
            || c == UInt8(ascii: "~")
    }

    static func isSubDelim(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }

    /// RFC 6570 URI Template: literals and `{operator? varspec,…}` expressions (level 4).
    public static func isURITemplate(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        func pctEncoded() -> Bool {
            guard i + 2 < n, isHex(b[i + 1]), isHex(b[i + 2]) else { return false }
            i += 3
            return true
        }
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "{") {
                i += 1
                guard i < n else { return false }
                if "+#./;?&=,!@|".utf8.contains(b[i]) { i += 1 }
                // variable-list = varspec *( "," varspec )
                while true {
                    // varname = varchar *( ["."] varchar ), varchar = ALPHA / DIGIT / "_" / pct-encoded
                    var needVarchar = true
                    while i < n {
                        let v = b[i]
                        if isAlpha(v) || isDigit(v) || v == UInt8(ascii: "_") {
                            i += 1
                        } else if v == UInt8(ascii: "%") {
                            guard pctEncoded() else { return false }
                        } else if v == UInt8(ascii: ".") && !needVarchar {
                            i += 1
                            needVarchar = true
                            continue
                        } else {
                            break
                        }
                        needVarchar = false
                    }
                    guard !needVarchar, i < n else { return false }
                    // modifier-level4 = prefix / explode
                    if b[i] == UInt8(ascii: ":") {
                        i += 1
                        guard i < n, b[i] >= UInt8(ascii: "1"), b[i] <= UInt8(ascii: "9") else { return false }
                        let start = i
                        while i < n && isDigit(b[i]) { i += 1 }
                        guard i - start <= 4 else { return false }
                    } else if b[i] == UInt8(ascii: "*") {
                        i += 1
                    }
                    guard i < n else { return false }
                    if b[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    guard b[i] == UInt8(ascii: "}") else { return false }
                    i += 1
                    break
                }
            } else if c == UInt8(ascii: "%") {
                guard pctEncoded() else { return false }
            } else if c >= 0x80 {
                guard let v = decodeScalar(b, &i), isUCSChar(v) || isIPrivate(v) else { return false }
            } else {
                // literals: any printable ASCII except space " % < > \ ^ ` { | } (and the apostrophe
                // the RFC's ABNF leaves out by an erratum; the JSON-Schema-Test-Suite accepts it).
                guard c > 0x20, c < 0x7F, !"\"<>\\^`{|}".utf8.contains(c) else { return false }
                i += 1
            }
        }
        return true
    }
}

/// A recursive-descent reader for RFC 3986 / RFC 3987 references over UTF-8 bytes.
struct URIFormatParser {
    let b: UnsafeBufferPointer<UInt8>
    let iri: Bool
    var i = 0

    init(_ b: UnsafeBufferPointer<UInt8>, iri: Bool) {
        self.b = b
        self.iri = iri
    }

    private var atEnd: Bool { i >= b.count }

    /// One `pchar`-like unit. `extra` lists the ASCII delimiters allowed besides
    /// unreserved / pct-encoded / sub-delims; `privateOK` admits `iprivate` (query only).
    private mutating func unit(_ extra: StaticString, privateOK: Bool = false) -> Bool {
        guard !atEnd else { return false }
        let c = b[i]
        if FormatValidators.isUnreservedASCII(c) || FormatValidators.isSubDelim(c) {
            i += 1
            return true
        }
        if c == UInt8(ascii: "%") {
            guard i + 2 < b.count, FormatValidators.isHex(b[i + 1]), FormatValidators.isHex(b[i + 2]) else { return false }
            i += 3
            return true
        }
        if c >= 0x80 {
            guard iri else { return false }
            var j = i
            guard let v = FormatValidators.decodeScalar(b, &j),
                FormatValidators.isUCSChar(v) || (privateOK && FormatValidators.isIPrivate(v))
            else { return false }
            i = j
            return true
        }
        let allowed = extra.withUTF8Buffer { $0.contains(c) }
        if allowed { i += 1 }
        return allowed
    }

    /// Consumes units until a byte in `stops` (or the end); false on a byte that is neither.
    private mutating func run(_ extra: StaticString, stops: StaticString, privateOK: Bool = false) -> Bool {
        while !atEnd {
            let c = b[i]
            if stops.withUTF8Buffer({ $0.contains(c) }) { return true }
            if !unit(extra, privateOK: privateOK) { return false }
        }
        return true
    }

    /// `[ "?" query ] [ "#" fragment ]` up to the end.
    private mutating func queryAndFragment() -> Bool {
        if !atEnd && b[i] == UInt8(ascii: "?") {
            i += 1
            guard run(":@/?", stops: "#", privateOK: true) else { return false }
        }
        if !atEnd && b[i] == UInt8(ascii: "#") {
            i += 1
            guard run(":@/?", stops: "") else { return false }
        }
        return atEnd
    }

    /// `authority path-abempty` after `//`.
    private mutating func authorityAndPath() -> Bool {
        let start = i
        var end = i
        while end < b.count, b[end] != UInt8(ascii: "/"), b[end] != UInt8(ascii: "?"), b[end] != UInt8(ascii: "#") {
            end += 1
        }
        // userinfo "@"
        var hostStart = start
        if let at = (start..<end).first(where: { b[$0] == UInt8(ascii: "@") }) {
            var u = self
            u.i = start
            while u.i < at { guard u.unit(":") else { return false } }
            hostStart = at + 1
        }
        var portStart: Int? = nil
        if hostStart < end && b[hostStart] == UInt8(ascii: "[") {
            guard let close = (hostStart..<end).first(where: { b[$0] == UInt8(ascii: "]") }) else { return false }
            guard isIPLiteral(hostStart + 1, close) else { return false }
            if close + 1 < end {
                guard b[close + 1] == UInt8(ascii: ":") else { return false }
                portStart = close + 2
            }
        } else {
            // reg-name (IPv4 addresses are reg-names syntactically).
            var h = self
            h.i = hostStart
            while h.i < end && b[h.i] != UInt8(ascii: ":") { guard h.unit("") else { return false } }
            if h.i < end { portStart = h.i + 1 }
        }
        if let portStart {
            for k in portStart..<end where !FormatValidators.isDigit(b[k]) { return false }
        }
        i = end
        // path-abempty
        return run(":@/", stops: "?#")
    }

    /// `IP-literal` contents: IPv6address or IPvFuture.
    private func isIPLiteral(_ start: Int, _ end: Int) -> Bool {
        guard start < end else { return false }
        if b[start] | 0x20 == UInt8(ascii: "v") {
            var k = start + 1
            let hexStart = k
            while k < end && FormatValidators.isHex(b[k]) { k += 1 }
            guard k > hexStart, k < end, b[k] == UInt8(ascii: ".") else { return false }
            k += 1
            guard k < end else { return false }
            while k < end {
                let c = b[k]
                guard FormatValidators.isUnreservedASCII(c) || FormatValidators.isSubDelim(c) || c == UInt8(ascii: ":")
                else { return false }
                k += 1
            }
            return true
        }
        return FormatValidators.isIPv6(b, start, end)
    }

    /// `scheme ":" hier-part [ "?" query ] [ "#" fragment ]`.
    mutating func parseAbsolute() -> Bool {
        guard !atEnd, FormatValidators.isAlpha(b[0]) else { return false }
        i = 1
        while !atEnd {
            let c = b[i]
            if FormatValidators.isAlpha(c) || FormatValidators.isDigit(c) || c == UInt8(ascii: "+")
                || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
            {
                i += 1
            } else {
                break
            }
        }
        guard !atEnd, b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        if i + 1 < b.count && b[i] == UInt8(ascii: "/") && b[i + 1] == UInt8(ascii: "/") {
            i += 2
            guard authorityAndPath() else { return false }
        } else {
            // path-absolute / path-rootless / path-empty
            guard run(":@/", stops: "?#") else { return false }
        }
        return queryAndFragment()
    }

    /// `relative-part [ "?" query ] [ "#" fragment ]`.
    mutating func parseRelative() -> Bool {
        i = 0
        if b.count >= 2 && b[0] == UInt8(ascii: "/") && b[1] == UInt8(ascii: "/") {
            i = 2
            guard authorityAndPath() else { return false }
        } else {
            // path-noscheme: no ':' before the first '/'.
            if atEnd || b[0] != UInt8(ascii: "/") {
                guard run("@", stops: "/?#") else { return false }
            }
            guard run(":@/", stops: "?#") else { return false }
        }
        return queryAndFragment()
    }
}
