// IDNA2008 label validation (RFC 5890–5893) and Punycode (RFC 3492) for the `hostname`,
// `idn-hostname` and `idn-email` formats.
//
// Code point classes come from the Swift standard library's Unicode properties (general
// category, NFKC_Casefold stability, default-ignorable, canonical combining class) and, where
// the standard library has nothing (scripts, Bidi_Class), from PCRE2's Unicode tables through a
// few internal regexes.
//
// Known gaps: labels are not checked for NFC; CONTEXTJ's Joining_Type rule for ZWNJ is
// approximated (letters of joining scripts count as dual-joining, marks as transparent); the
// Unicode versions are those of the Swift runtime and of PCRE2, not the IANA IDNA tables.

enum IDNA {
    enum Status { case pvalid, contextJ, contextO, disallowed }

    // MARK: - Domain

    /// Validates a whole domain name in `b[start..<end]`.
    /// - Parameter unicodeSeparators: also split on U+3002, U+FF0E, U+FF61 (idn-hostname).
    static func isValidDomain(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, unicodeSeparators: Bool
    ) -> Bool {
        guard end > start else { return false }
        var labels: [[UInt32]] = []
        var current: [UInt32] = []
        var i = start
        var asciiLength = 0  // length of the name in A-label form
        func finishLabel() -> Bool {
            guard !current.isEmpty, let ascii = asciiForm(current) else { return false }
            asciiLength += ascii + (labels.isEmpty ? 0 : 1)
            labels.append(current)
            current = []
            return true
        }
        while i < end {
            guard let v = FormatValidators.decodeScalar(b, &i) else { return false }
            let isSeparator = v == 0x2E || (unicodeSeparators && (v == 0x3002 || v == 0xFF0E || v == 0xFF61))
            if isSeparator {
                guard finishLabel() else { return false }
            } else {
                current.append(v)
            }
        }
        guard finishLabel(), asciiLength <= 253 else { return false }

        // Turn A-labels into U-labels and check every label.
        var unicodeLabels: [[UInt32]] = []
        unicodeLabels.reserveCapacity(labels.count)
        for label in labels {
            let isASCII = label.allSatisfy { $0 < 0x80 }
            if isASCII {
                if label.count >= 4, label[0] | 0x20 == 0x78, label[1] | 0x20 == 0x6E, label[2] == 0x2D, label[3] == 0x2D {
                    // A-label: must decode, must hold non-ASCII, must re-encode to itself.
                    let encoded = label.dropFirst(4).map { UInt8($0 | (($0 >= 0x41 && $0 <= 0x5A) ? 0x20 : 0)) }
                    guard let decoded = Punycode.decode(encoded), decoded.contains(where: { $0 >= 0x80 }),
                        Punycode.encode(decoded) == encoded, isValidULabel(decoded)
                    else { return false }
                    unicodeLabels.append(decoded)
                } else {
                    guard isValidLDHLabel(label) else { return false }
                    unicodeLabels.append(label)
                }
            } else {
                guard isValidULabel(label) else { return false }
                unicodeLabels.append(label)
            }
        }
        // RFC 5893: in a domain with any right-to-left label, every label obeys the Bidi rule.
        if unicodeLabels.contains(where: { IDNABidi.isRTLLabel($0) }) {
            for label in unicodeLabels where !IDNABidi.satisfiesBidiRule(label) { return false }
        }
        return true
    }

    /// The length of the label's A-label (ASCII) form, or nil when it is over 63 octets.
    private static func asciiForm(_ label: [UInt32]) -> Int? {
        if label.allSatisfy({ $0 < 0x80 }) { return label.count <= 63 ? label.count : nil }
        guard let encoded = Punycode.encode(label) else { return nil }
        let length = 4 + encoded.count
        return length <= 63 ? length : nil
    }

    /// Letters, digits, hyphens; no hyphen first or last; no `--` in positions 3–4.
    private static func isValidLDHLabel(_ label: [UInt32]) -> Bool {
        guard !label.isEmpty, label.count <= 63, label.first != 0x2D, label.last != 0x2D else { return false }
        if label.count >= 4 && label[2] == 0x2D && label[3] == 0x2D { return false }
        return label.allSatisfy { v in
            (v >= 0x30 && v <= 0x39) || (v | 0x20 >= 0x61 && v | 0x20 <= 0x7A) || v == 0x2D
        }
    }

    // MARK: - U-label (RFC 5891 §5.4, RFC 5892)

    static func isValidULabel(_ label: [UInt32]) -> Bool {
        guard let first = label.first, label.count <= 63 else { return false }
        // §4.2.3.1: no "--" in the third and fourth positions; no leading/trailing hyphen.
        if label.count >= 4 && label[2] == 0x2D && label[3] == 0x2D { return false }
        if first == 0x2D || label.last == 0x2D { return false }
        // §4.2.3.2: must not begin with a combining mark.
        if let s = Unicode.Scalar(first) {
            switch s.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return false
            default: break
            }
        }
        for (index, v) in label.enumerated() {
            switch status(of: v) {
            case .pvalid: continue
            case .disallowed: return false
            case .contextJ: if !contextJ(label, index) { return false }
            case .contextO: if !contextO(label, index) { return false }
            }
        }
        return true
    }

    /// RFC 5892 §3 derivation, in its order of precedence.
    static func status(of v: UInt32) -> Status {
        switch v {
        // F.1 exceptions
        case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007: return .pvalid
        case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x0660...0x0669, 0x06F0...0x06F9: return .contextO
        case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return .disallowed
        // LDH (lowercase; uppercase ASCII is Unstable)
        case 0x61...0x7A, 0x30...0x39, 0x2D: return .pvalid
        case 0x200C, 0x200D: return .contextJ
        default: break
        }
        guard let scalar = Unicode.Scalar(v) else { return .disallowed }
        let p = scalar.properties
        if p.age == nil { return .disallowed }  // Unassigned
        if p.changesWhenNFKCCaseFolded { return .disallowed }  // Unstable
        if p.isDefaultIgnorableCodePoint || p.isWhitespace || p.isNoncharacterCodePoint { return .disallowed }
        switch v {
        // IgnorableBlocks
        case 0x20D0...0x20FF, 0x1D100...0x1D1FF, 0x1D200...0x1D24F: return .disallowed
        // OldHangulJamo (Hangul_Syllable_Type L, V, T)
        case 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF: return .disallowed
        default: break
        }
        switch p.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter,
            .nonspacingMark, .spacingMark:
            return .pvalid
        default:
            return .disallowed
        }
    }

    private static func isVirama(_ v: UInt32) -> Bool {
        Unicode.Scalar(v)?.properties.canonicalCombiningClass == .virama
    }

    /// RFC 5892 Appendix A.1 (ZWNJ) and A.2 (ZWJ).
    private static func contextJ(_ label: [UInt32], _ i: Int) -> Bool {
        if i > 0 && isVirama(label[i - 1]) { return true }
        guard label[i] == 0x200C else { return false }
        // ZWNJ: (Joining_Type {L,D}) (Joining_Type T)* ZWNJ (Joining_Type T)* (Joining_Type {R,D}).
        var before = i - 1
        while before >= 0 && IDNAScripts.isTransparent(label[before]) { before -= 1 }
        var after = i + 1
        while after < label.count && IDNAScripts.isTransparent(label[after]) { after += 1 }
        return before >= 0 && after < label.count && IDNAScripts.isJoining(label[before]) && IDNAScripts.isJoining(label[after])
    }

    /// RFC 5892 Appendix A.3–A.9.
    private static func contextO(_ label: [UInt32], _ i: Int) -> Bool {
        switch label[i] {
        case 0x00B7:  // MIDDLE DOT: between two 'l'
            return i > 0 && i + 1 < label.count && label[i - 1] == 0x6C && label[i + 1] == 0x6C
        case 0x0375:  // GREEK LOWER NUMERAL SIGN: followed by Greek
            return i + 1 < label.count && IDNAScripts.isGreek(label[i + 1])
        case 0x05F3, 0x05F4:  // HEBREW GERESH / GERSHAYIM: preceded by Hebrew
            return i > 0 && IDNAScripts.isHebrew(label[i - 1])
        case 0x30FB:  // KATAKANA MIDDLE DOT: label holds Hiragana, Katakana or Han
            return label.contains { $0 != 0x30FB && IDNAScripts.isHiraganaKatakanaHan($0) }
        case 0x0660...0x0669:  // ARABIC-INDIC DIGITS: no Extended Arabic-Indic digits
            return !label.contains { (0x06F0...0x06F9).contains($0) }
        case 0x06F0...0x06F9:  // EXTENDED ARABIC-INDIC DIGITS: no Arabic-Indic digits
            return !label.contains { (0x0660...0x0669).contains($0) }
        default:
            return false
        }
    }
}

// MARK: - Unicode data PCRE2 has and the standard library lacks

/// Per-code-point script and Bidi_Class tests, answered by PCRE2's Unicode tables.
enum IDNAScripts {
    private static func compile(_ pattern: String) -> ECMARegex? { try? ECMARegex(pcre2Pattern: pattern) }

    private static let greek = compile("^\\p{Greek}$")
    private static let hebrew = compile("^\\p{Hebrew}$")
    private static let japanese = compile("^[\\p{Hiragana}\\p{Katakana}\\p{Han}]$")
    // Letters of scripts whose letters join cursively (approximating Joining_Type D/L/R).
    private static let joining = compile(
        "^(?=\\p{L})[\\p{Arabic}\\p{Syriac}\\p{Nko}\\p{Mongolian}\\p{Phags_Pa}\\p{Mandaic}\\p{Manichaean}\\p{Psalter_Pahlavi}\\p{Hanifi_Rohingya}\\p{Sogdian}\\p{Adlam}]$"
    )

    static func matches(_ regex: ECMARegex?, _ v: UInt32) -> Bool {
        guard let regex, let scalar = Unicode.Scalar(v) else { return false }
        return (try? regex.matches(String(Character(scalar)))) ?? false
    }

    static func isGreek(_ v: UInt32) -> Bool { matches(greek, v) }
    static func isHebrew(_ v: UInt32) -> Bool { matches(hebrew, v) }
    static func isHiraganaKatakanaHan(_ v: UInt32) -> Bool { matches(japanese, v) }
    static func isJoining(_ v: UInt32) -> Bool { matches(joining, v) }

    /// Joining_Type T is mostly nonspacing/enclosing marks and format characters.
    static func isTransparent(_ v: UInt32) -> Bool {
        guard let s = Unicode.Scalar(v), v != 0x200C, v != 0x200D else { return false }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }
}

/// RFC 5893 Bidi rule, on PCRE2's Bidi_Class data.
enum IDNABidi {
    private static func compile(_ pattern: String) -> ECMARegex? { try? ECMARegex(pcre2Pattern: pattern) }

    private static let rtlCharacter = compile("[\\p{bc=R}\\p{bc=AL}\\p{bc=AN}]")
    // Rules 1, 2, 3: starts R/AL; only R AL AN EN ES CS ET ON BN NSM; ends R/AL/EN/AN then NSM*.
    private static let rtlLabel = compile(
        "^[\\p{bc=R}\\p{bc=AL}](?:[\\p{bc=R}\\p{bc=AL}\\p{bc=AN}\\p{bc=EN}\\p{bc=ES}\\p{bc=CS}\\p{bc=ET}\\p{bc=ON}\\p{bc=BN}\\p{bc=NSM}]*[\\p{bc=R}\\p{bc=AL}\\p{bc=EN}\\p{bc=AN}])?\\p{bc=NSM}*$"
    )
    // Rule 4: EN and AN not both present.
    private static let mixedDigits = compile("\\p{bc=EN}.*\\p{bc=AN}|\\p{bc=AN}.*\\p{bc=EN}")
    // Rules 1, 5, 6: starts L; only L EN ES CS ET ON BN NSM; ends L/EN then NSM*.
    private static let ltrLabel = compile(
        "^\\p{bc=L}(?:[\\p{bc=L}\\p{bc=EN}\\p{bc=ES}\\p{bc=CS}\\p{bc=ET}\\p{bc=ON}\\p{bc=BN}\\p{bc=NSM}]*[\\p{bc=L}\\p{bc=EN}])?\\p{bc=NSM}*$"
    )

    private static func text(_ label: [UInt32]) -> String {
        var s = String.UnicodeScalarView()
        for v in label { if let scalar = Unicode.Scalar(v) { s.append(scalar) } }
        return String(s)
    }

    private static func run(_ regex: ECMARegex?, _ label: [UInt32]) -> Bool {
        guard let regex else { return false }
        return (try? regex.matches(text(label))) ?? false
    }

    /// A label with any R, AL or AN character makes the domain a "Bidi domain name".
    static func isRTLLabel(_ label: [UInt32]) -> Bool {
        if label.allSatisfy({ $0 < 0x80 }) { return false }
        return run(rtlCharacter, label)
    }

    static func satisfiesBidiRule(_ label: [UInt32]) -> Bool {
        if run(rtlLabel, label) { return !run(mixedDigits, label) }
        return run(ltrLabel, label)
    }
}

// MARK: - Punycode (RFC 3492)

enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
    private static let initialBias = 72, initialN: UInt32 = 0x80

    private static func adapt(_ delta: Int, _ numPoints: Int, _ firstTime: Bool) -> Int {
        var delta = firstTime ? delta / damp : delta / 2
        delta += delta / numPoints
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digitValue(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(c - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(c - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(c - UInt8(ascii: "0")) + 26
        default: nil
        }
    }

    private static func digitChar(_ d: Int) -> UInt8 {
        d < 26 ? UInt8(ascii: "a") + UInt8(d) : UInt8(ascii: "0") + UInt8(d - 26)
    }

    /// Decodes the part after `xn--`; nil when it is not valid Punycode.
    static func decode(_ input: [UInt8]) -> [UInt32]? {
        var output: [UInt32] = []
        var basicEnd = 0
        if let delimiter = input.lastIndex(of: UInt8(ascii: "-")), delimiter > 0 {
            for c in input[..<delimiter] {
                guard c < 0x80 else { return nil }
                output.append(UInt32(c))
            }
            basicEnd = delimiter + 1
        }
        var n = initialN
        var i = 0
        var bias = initialBias
        var index = basicEnd
        while index < input.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard index < input.count, let digit = digitValue(input[index]) else { return nil }
                index += 1
                let (product, overflow1) = digit.multipliedReportingOverflow(by: w)
                guard !overflow1 else { return nil }
                let (sum, overflow2) = i.addingReportingOverflow(product)
                guard !overflow2, sum <= 0x7FFF_FFFF else { return nil }
                i = sum
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                let (nextW, overflow3) = w.multipliedReportingOverflow(by: base - t)
                guard !overflow3, nextW <= 0x7FFF_FFFF else { return nil }
                w = nextW
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, count, oldI == 0)
            let next = Int(n) + i / count
            guard next <= 0x10FFFF else { return nil }
            n = UInt32(next)
            i %= count
            guard n >= 0x80, !(0xD800...0xDFFF).contains(n) else { return nil }
            output.insert(n, at: i)
            i += 1
        }
        return output
    }

    /// Encodes code points to the part after `xn--` (lowercase); nil on overflow.
    static func encode(_ input: [UInt32]) -> [UInt8]? {
        var output: [UInt8] = []
        for v in input where v < 0x80 { output.append(UInt8(v)) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }
        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < input.count {
            guard let m = input.filter({ $0 >= n }).min() else { return nil }
            let (scaled, overflow) = Int(m - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow else { return nil }
            delta += scaled
            n = m
            for c in input {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digitChar(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digitChar(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }
}
