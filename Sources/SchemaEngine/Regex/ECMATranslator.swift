/// Rewrites an ECMA-262 pattern (read with `u`-flag semantics, as JSON Schema asks) into PCRE2
/// syntax with the same meaning, and rejects what ECMA-262 rejects.
///
/// Why a translator instead of PCRE2 options: several ECMA rules have no PCRE2 switch.
/// - `\s`/`\S` are the ECMA WhiteSpace + LineTerminator set; PCRE2 without UCP is ASCII-only and
///   with UCP it would also widen `\d`/`\w`. They become explicit code point ranges, which also
///   work inside character classes (`[^\S]`).
/// - `.` excludes only `\n`, `\r`, U+2028 and U+2029.
/// - `$` means end of input (emitted as `\z`), `^` start of input.
/// - `\uXXXX`, surrogate pairs `\uD83D\uDC32`, `\u{1F600}`, `\xHH`, `\cX`, `\0` become `\x{…}`,
///   so PCRE2's ALT_BSUX options are not needed.
/// - Named groups become plain numbered groups (ECMA numbers them in order too) and `\k<name>`
///   becomes `\g{n}`: PCRE2 10.42 group names are ASCII-only, ECMA names are not.
/// - `\p{Letter}`, `\p{General_Category=Letter}`, `\p{digit}` become PCRE2's short names.
/// - `[]` never matches, `[^]` matches any code point.
/// - PCRE2-only syntax (`(?i)`, `(?#…)`, `(?P<n>…)`, `\a`, `\e`, `\A`, `\z`, possessive `a*+`)
///   is rejected.
///
/// Deliberate leniencies (Annex B, accepted by every browser in non-`u` mode and common in
/// real-world OpenAPI documents): an identity escape of any ASCII punctuation (`\-`, `\_`, `\"`)
/// and a literal `]`, `{` or `}` that does not form a quantifier. Escaped ASCII letters and digits
/// that have no meaning (`\a`, `\q`) stay errors, as the JSON-Schema-Test-Suite requires.
struct ECMATranslator {
    struct Output {
        /// The PCRE2 pattern, UTF-8.
        var pcre2: [UInt8]
        /// (byte offset in `pcre2`, scalar offset in the source), increasing, to map PCRE2's
        /// error offsets back to the user's pattern.
        var offsetMap: [(output: Int, source: Int)]
    }

    private let pattern: String
    private let s: [Unicode.Scalar]
    private var pos = 0
    private var out: [UInt8] = []
    private var offsetMap: [(output: Int, source: Int)] = []
    private var captureCount = 0
    private var groupNames: [String: Int] = [:]
    private var dotAll = false
    private var multiline = false

    static func translate(_ pattern: String) throws(RegexError) -> Output {
        var t = ECMATranslator(pattern: pattern)
        try t.prescanGroups()
        try t.parseDisjunction(depth: 0)
        if t.pos < t.s.count {
            // Only an unmatched ')' stops the top-level disjunction early.
            throw t.error("unmatched closing parenthesis", at: t.pos)
        }
        return Output(pcre2: t.out, offsetMap: t.offsetMap)
    }

    private init(pattern: String) {
        self.pattern = pattern
        self.s = Array(pattern.unicodeScalars)
    }

    // MARK: - Helpers

    private func error(_ message: String, at offset: Int) -> RegexError {
        RegexError(kind: .invalidPattern, pattern: pattern, message: message, offset: offset)
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let i = pos + ahead
        return i < s.count ? s[i] : nil
    }

    private mutating func emit(_ text: String) { out.append(contentsOf: text.utf8) }

    private mutating func mark() { offsetMap.append((out.count, pos)) }

    private static func hex(_ v: UInt32) -> String { String(v, radix: 16, uppercase: true) }

    /// A code point as PCRE2 literal text, safe both inside and outside a class.
    private static func literal(_ v: UInt32) -> String {
        if v < 0x80 {
            let c = Character(Unicode.Scalar(UInt8(v)))
            if c.isLetter || c.isNumber { return String(c) }
            if v >= 0x21 && v < 0x7F { return "\\" + String(c) }
            return "\\x{\(hex(v))}"
        }
        return "\\x{\(hex(v))}"
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    private static func isSurrogate(_ v: UInt32) -> Bool { v >= 0xD800 && v <= 0xDFFF }

    // ECMA WhiteSpace (TAB VT FF SP NBSP ZWNBSP + Zs) and LineTerminator (LF CR LS PS), as ranges.
    static let whitespaceRanges: [(UInt32, UInt32)] = [
        (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
        (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
    ]

    /// Class body text (no brackets) for `\s` or its complement `\S`.
    private static func whitespaceClassBody(negated: Bool) -> String {
        var ranges: [(UInt32, UInt32)] = []
        if negated {
            var next: UInt32 = 0
            for (lo, hi) in whitespaceRanges {
                if lo > next { ranges.append((next, lo - 1)) }
                next = hi + 1
            }
            ranges.append((next, 0x10FFFF))
        } else {
            ranges = whitespaceRanges
        }
        var body = ""
        for (lo, hi) in ranges {
            body += lo == hi ? "\\x{\(hex(lo))}" : "\\x{\(hex(lo))}-\\x{\(hex(hi))}"
        }
        return body
    }

    // MARK: - Group prescan (capture count and names, needed for forward references)

    private mutating func prescanGroups() throws(RegexError) {
        var i = 0
        var inClass = false
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
            } else if c == "(" {
                if i + 1 < s.count && s[i + 1] == "?" {
                    if i + 2 < s.count && s[i + 2] == "<" && i + 3 < s.count && s[i + 3] != "=" && s[i + 3] != "!" {
                        captureCount += 1
                        var j = i + 3
                        var name = ""
                        while j < s.count && s[j] != ">" {
                            name.unicodeScalars.append(s[j])
                            j += 1
                        }
                        if groupNames[name] != nil {
                            throw error("duplicate capture group name '\(name)'", at: i + 3)
                        }
                        groupNames[name] = captureCount
                    }
                } else {
                    captureCount += 1
                }
            }
            i += 1
        }
    }

    // MARK: - Disjunction / alternative / term

    private mutating func parseDisjunction(depth: Int) throws(RegexError) {
        while true {
            try parseAlternative(depth: depth)
            guard let c = peek() else { return }
            if c == "|" {
                pos += 1
                emit("|")
                continue
            }
            return  // ')'
        }
    }

    private mutating func parseAlternative(depth: Int) throws(RegexError) {
        while let c = peek(), c != "|", c != ")" {
            try parseTerm(depth: depth)
        }
    }

    private mutating func parseTerm(depth: Int) throws(RegexError) {
        mark()
        let c = s[pos]
        switch c {
        case "^":
            pos += 1
            emit(multiline ? "(?<![^\\n\\r\\x{2028}\\x{2029}])" : "^")
            return try rejectQuantifier(after: "^")
        case "$":
            pos += 1
            emit(multiline ? "(?![^\\n\\r\\x{2028}\\x{2029}])" : "\\z")
            return try rejectQuantifier(after: "$")
        case "\\" where peek(1) == "b" || peek(1) == "B":
            pos += 2
            emit(s[pos - 1] == "b" ? "\\b" : "\\B")
            return try rejectQuantifier(after: "\\b")
        case "(":
            let isAssertion = try parseGroup(depth: depth)
            if isAssertion { return try rejectQuantifier(after: "an assertion") }
        case "[":
            try parseClass()
        case ".":
            pos += 1
            emit(dotAll ? "[\\x{0}-\\x{10FFFF}]" : "[^\\n\\r\\x{2028}\\x{2029}]")
        case "*", "+", "?":
            throw error("nothing to repeat", at: pos)
        case "{":
            if quantifierBraceLength() != nil { throw error("nothing to repeat", at: pos) }
            pos += 1
            emit("\\{")
        case "\\":
            try parseAtomEscape()
        default:
            pos += 1
            emit(Self.literal(c.value))
        }
        try parseQuantifier()
    }

    private mutating func rejectQuantifier(after what: String) throws(RegexError) {
        guard let c = peek() else { return }
        if c == "*" || c == "+" || c == "?" || (c == "{" && quantifierBraceLength() != nil) {
            throw error("nothing to repeat (quantifier after \(what))", at: pos)
        }
    }

    /// If `{` at `pos` starts `{n}`, `{n,}` or `{n,m}`, its length in scalars.
    private func quantifierBraceLength() -> Int? {
        var i = pos + 1
        var digits = 0
        while i < s.count, Self.isDigit(s[i]) {
            i += 1
            digits += 1
        }
        guard digits > 0, i < s.count else { return nil }
        if s[i] == "}" { return i - pos + 1 }
        guard s[i] == "," else { return nil }
        i += 1
        while i < s.count, Self.isDigit(s[i]) { i += 1 }
        guard i < s.count, s[i] == "}" else { return nil }
        return i - pos + 1
    }

    private mutating func readDecimal() -> UInt64 {
        var v: UInt64 = 0
        while let c = peek(), Self.isDigit(c) {
            if v <= UInt64(UInt32.max) { v = v * 10 + UInt64(c.value - 0x30) }
            pos += 1
        }
        return v
    }

    private mutating func parseQuantifier() throws(RegexError) {
        guard let c = peek() else { return }
        let qStart = pos
        switch c {
        case "*", "+", "?":
            pos += 1
            emit(String(c))
        case "{":
            guard quantifierBraceLength() != nil else { return }
            pos += 1
            let lo = readDecimal()
            var hi: UInt64? = lo
            if peek() == "," {
                pos += 1
                hi = peek() == "}" ? nil : readDecimal()
            }
            pos += 1  // '}'
            if let hi, hi < lo { throw error("numbers out of order in {} quantifier", at: qStart) }
            // PCRE2 caps repeat counts at 65535; ECMA has no cap.
            if lo > 65535 || (hi ?? 0) > 65535 {
                throw RegexError(
                    kind: .unsupported, pattern: pattern,
                    message: "repeat count larger than 65535", offset: qStart)
            }
            if let hi {
                emit(hi == lo ? "{\(lo)}" : "{\(lo),\(hi)}")
            } else {
                emit("{\(lo),}")
            }
        default:
            return
        }
        if peek() == "?" {
            pos += 1
            emit("?")
        }
    }

    // MARK: - Groups

    /// Parses a group at `(`; returns true when it was a lookaround assertion.
    private mutating func parseGroup(depth: Int) throws(RegexError) -> Bool {
        let open = pos
        pos += 1
        var isAssertion = false
        let savedFlags = (dotAll, multiline)
        if peek() == "?" {
            let kind = peek(1)
            if kind == ":" {
                pos += 2
                emit("(?:")
            } else if kind == "=" || kind == "!" {
                pos += 2
                emit(kind == "=" ? "(?=" : "(?!")
                isAssertion = true
            } else if kind == "<" && (peek(2) == "=" || peek(2) == "!") {
                emit(peek(2) == "=" ? "(?<=" : "(?<!")
                pos += 3
                isAssertion = true
            } else if kind == "<" {
                pos += 2
                let nameStart = pos
                var name = ""
                while let c = peek(), c != ">" {
                    name.unicodeScalars.append(c)
                    pos += 1
                }
                guard peek() == ">" else { throw error("unterminated group name", at: nameStart) }
                try validateGroupName(name, at: nameStart)
                pos += 1
                emit("(")
            } else if let k = kind, k == "i" || k == "m" || k == "s" || k == "-" {
                try parseModifiers()
            } else {
                throw error("invalid group: '(?' must be followed by ':', '=', '!', '<=', '<!', '<name>' or modifiers", at: open + 1)
            }
        } else {
            emit("(")
        }
        try parseDisjunction(depth: depth + 1)
        guard peek() == ")" else { throw error("missing closing parenthesis", at: s.count) }
        pos += 1
        emit(")")
        (dotAll, multiline) = savedFlags
        return isAssertion
    }

    private func validateGroupName(_ name: String, at offset: Int) throws(RegexError) {
        var first = true
        for c in name.unicodeScalars {
            let ok =
                c == "$" || c == "_"
                || (first ? c.properties.isIDStart : (c.properties.isIDContinue || c.value == 0x200C || c.value == 0x200D))
            if !ok { throw error("invalid capture group name '\(name)'", at: offset) }
            first = false
        }
        if first { throw error("empty capture group name", at: offset) }
    }

    /// ES2025 modifiers `(?ims-ims:…)`. A bare `(?i)` (PCRE/Python global flags) is an error.
    private mutating func parseModifiers() throws(RegexError) {
        let start = pos
        pos += 1  // '?'
        var add = Set<Unicode.Scalar>()
        var remove = Set<Unicode.Scalar>()
        var removing = false
        while let c = peek(), c != ":" {
            if c == "-" {
                if removing { throw error("invalid modifiers group", at: pos) }
                removing = true
            } else if c == "i" || c == "m" || c == "s" {
                if add.contains(c) || remove.contains(c) { throw error("repeated flag in modifiers group", at: pos) }
                if removing { remove.insert(c) } else { add.insert(c) }
            } else {
                throw error("invalid group: inline flags are only allowed as '(?flags:…)'", at: start)
            }
            pos += 1
        }
        guard peek() == ":" else { throw error("invalid group: inline flags are only allowed as '(?flags:…)'", at: start) }
        if add.isEmpty && remove.isEmpty { throw error("empty modifiers group", at: start) }
        pos += 1
        var text = "(?"
        if add.contains("i") { text += "i" }
        if remove.contains("i") { text += "-i" }
        text += ":"
        emit(text)
        if add.contains("s") { dotAll = true }
        if remove.contains("s") { dotAll = false }
        if add.contains("m") { multiline = true }
        if remove.contains("m") { multiline = false }
    }

    // MARK: - Escapes

    private enum ClassEscapeKind { case digit, word, space }

    /// What a backslash sequence stands for.
    private enum Escape {
        case char(UInt32)
        /// `\d`, `\w`, `\s` (negated for `\D`, `\W`, `\S`).
        case set(ClassEscapeKind, negated: Bool)
        /// `\p{…}` / `\P{…}` with the PCRE2 property text.
        case property(String, negated: Bool)
        case backreference(Int)
    }

    private mutating func parseAtomEscape() throws(RegexError) {
        switch try parseEscape(inClass: false) {
        case .char(let v):
            emit(Self.isSurrogate(v) ? "(?:(?!))" : Self.literal(v))
        case .set(let kind, let negated):
            switch kind {
            case .digit: emit(negated ? "\\D" : "\\d")
            case .word: emit(negated ? "\\W" : "\\w")
            case .space: emit("[" + Self.whitespaceClassBody(negated: negated) + "]")
            }
        case .property(let text, let negated):
            emit((negated ? "\\P{" : "\\p{") + text + "}")
        case .backreference(let n):
            emit("(?:\\g{\(n)})")
        }
    }

    private mutating func parseEscape(inClass: Bool) throws(RegexError) -> Escape {
        let start = pos
        pos += 1  // '\'
        guard let c = peek() else { throw error("\\ at end of pattern", at: start) }
        pos += 1
        switch c {
        case "d": return .set(.digit, negated: false)
        case "D": return .set(.digit, negated: true)
        case "w": return .set(.word, negated: false)
        case "W": return .set(.word, negated: true)
        case "s": return .set(.space, negated: false)
        case "S": return .set(.space, negated: true)
        case "p", "P": return .property(try parseProperty(at: start), negated: c == "P")
        case "f": return .char(0x0C)
        case "n": return .char(0x0A)
        case "r": return .char(0x0D)
        case "t": return .char(0x09)
        case "v": return .char(0x0B)
        case "b" where inClass: return .char(0x08)
        case "-" where inClass: return .char(0x2D)
        case "c":
            guard let l = peek(), l.isASCII, (l >= "a" && l <= "z") || (l >= "A" && l <= "Z") else {
                throw error("\\c must be followed by an ASCII letter", at: start)
            }
            pos += 1
            return .char(l.value % 32)
        case "0":
            if let n = peek(), n.isASCII, n >= "0" && n <= "9" {
                throw error("invalid decimal escape (octal escapes are not allowed)", at: start)
            }
            return .char(0)
        case "1"..."9":
            if inClass { throw error("invalid class escape", at: start) }
            pos -= 1
            let n = readDecimal()
            guard n <= UInt64(captureCount) else {
                throw error("invalid escape: backreference to group \(n) but the pattern has \(captureCount)", at: start)
            }
            return .backreference(Int(n))
        case "k":
            if inClass { throw error("invalid class escape \\k", at: start) }
            guard peek() == "<" else { throw error("invalid named reference", at: start) }
            pos += 1
            var name = ""
            while let n = peek(), n != ">" {
                name.unicodeScalars.append(n)
                pos += 1
            }
            guard peek() == ">", let index = groupNames[name] else {
                throw error("invalid named reference '\\k<\(name)>'", at: start)
            }
            pos += 1
            return .backreference(index)
        case "x":
            guard let v = readHex(count: 2) else { throw error("invalid \\x escape", at: start) }
            return .char(v)
        case "u":
            return .char(try parseUnicodeEscape(at: start))
        default:
            // Identity escapes: ECMA `u` mode allows only syntax characters and '/'; we also allow
            // other ASCII punctuation (Annex B habit), never letters or digits.
            if c.isASCII && c.value > 0x20 && c.value < 0x7F {
                let ch = Character(c)
                if !(ch.isLetter || ch.isNumber) { return .char(c.value) }
            }
            throw error("invalid escape '\\\(c)'", at: start)
        }
    }

    private mutating func readHex(count: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in 0..<count {
            guard let c = peek(k), c.isASCII, let d = Self.hexValue(c) else { return nil }
            v = v * 16 + d
        }
        pos += count
        return v
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 0x30
        case "a"..."f": return c.value - 0x61 + 10
        case "A"..."F": return c.value - 0x41 + 10
        default: return nil
        }
    }

    /// After `\u`: `XXXX`, a surrogate pair `XXXX\uXXXX`, or `{X…}`.
    private mutating func parseUnicodeEscape(at start: Int) throws(RegexError) -> UInt32 {
        if peek() == "{" {
            pos += 1
            var v: UInt32 = 0
            var digits = 0
            while let c = peek(), let d = Self.hexValue(c) {
                v = v > 0x10FFFF ? v : v * 16 + d
                digits += 1
                pos += 1
            }
            guard digits > 0, peek() == "}", v <= 0x10FFFF else { throw error("invalid \\u{…} escape", at: start) }
            pos += 1
            return v
        }
        guard let hi = readHex(count: 4) else { throw error("invalid \\u escape", at: start) }
        if hi >= 0xD800 && hi <= 0xDBFF, peek() == "\\", peek(1) == "u" {
            let save = pos
            pos += 2
            if let lo = readHex(count: 4), lo >= 0xDC00 && lo <= 0xDFFF {
                return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
            }
            pos = save
        }
        return hi
    }

    /// After `\p` / `\P`: `{Name}` or `{Key=Value}` → PCRE2 property text.
    private mutating func parseProperty(at start: Int) throws(RegexError) -> String {
        guard peek() == "{" else { throw error("\\p must be followed by {property}", at: start) }
        pos += 1
        var body = ""
        while let c = peek(), c != "}" {
            guard c.isASCII, Character(c).isLetter || Character(c).isNumber || c == "_" || c == "=" else {
                throw error("invalid property name", at: start)
            }
            body.unicodeScalars.append(c)
            pos += 1
        }
        guard peek() == "}", !body.isEmpty else { throw error("invalid property name", at: start) }
        pos += 1
        let parts = body.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2 {
            switch parts[0] {
            case "General_Category", "gc":
                guard let short = Self.generalCategories[parts[1]] else {
                    throw error("unknown general category '\(parts[1])'", at: start)
                }
                return short
            case "Script", "sc": return "sc:" + parts[1]
            case "Script_Extensions", "scx": return "scx:" + parts[1]
            default: throw error("unknown property '\(parts[0])'", at: start)
            }
        }
        guard parts.count == 1 else { throw error("invalid property name", at: start) }
        if let short = Self.generalCategories[body] { return short }
        // Binary properties (Alphabetic, White_Space, Emoji, …) and Any: PCRE2 ≥ 10.40 knows them.
        return body
    }

    /// General_Category values: long names, short names and the aliases ECMA-262 accepts.
    static let generalCategories: [String: String] = {
        let table: [(String, [String])] = [
            ("L", ["Letter"]), ("LC", ["Cased_Letter"]), ("Lu", ["Uppercase_Letter"]),
            ("Ll", ["Lowercase_Letter"]), ("Lt", ["Titlecase_Letter"]), ("Lm", ["Modifier_Letter"]),
            ("Lo", ["Other_Letter"]), ("M", ["Mark", "Combining_Mark"]), ("Mn", ["Nonspacing_Mark"]),
            ("Mc", ["Spacing_Mark"]), ("Me", ["Enclosing_Mark"]), ("N", ["Number"]),
            ("Nd", ["Decimal_Number", "digit"]), ("Nl", ["Letter_Number"]), ("No", ["Other_Number"]),
            ("P", ["Punctuation", "punct"]), ("Pc", ["Connector_Punctuation"]),
            ("Pd", ["Dash_Punctuation"]), ("Ps", ["Open_Punctuation"]), ("Pe", ["Close_Punctuation"]),
            ("Pi", ["Initial_Punctuation"]), ("Pf", ["Final_Punctuation"]),
            ("Po", ["Other_Punctuation"]), ("S", ["Symbol"]), ("Sm", ["Math_Symbol"]),
            ("Sc", ["Currency_Symbol"]), ("Sk", ["Modifier_Symbol"]), ("So", ["Other_Symbol"]),
            ("Z", ["Separator"]), ("Zs", ["Space_Separator"]), ("Zl", ["Line_Separator"]),
            ("Zp", ["Paragraph_Separator"]), ("C", ["Other"]), ("Cc", ["Control", "cntrl"]),
            ("Cf", ["Format"]), ("Cs", ["Surrogate"]), ("Co", ["Private_Use"]), ("Cn", ["Unassigned"]),
        ]
        var map: [String: String] = [:]
        for (short, longs) in table {
            // PCRE2 spells "LC" as "L&".
            let pcre = short == "LC" ? "L&" : short
            map[short] = pcre
            for long in longs { map[long] = pcre }
        }
        return map
    }()

    // MARK: - Character classes

    private mutating func parseClass() throws(RegexError) {
        pos += 1
        var negated = false
        if peek() == "^" {
            negated = true
            pos += 1
        }
        var body = ""
        var empty = true
        while true {
            guard let c = peek() else { throw error("missing terminating ] for character class", at: s.count) }
            if c == "]" {
                pos += 1
                break
            }
            let atomStart = pos
            let first = try parseClassAtom()
            // A range `a-b` (a '-' followed by ']' is a literal '-').
            if peek() == "-", let after = peek(1), after != "]" {
                pos += 1
                let second = try parseClassAtom()
                guard case .char(var lo) = first, case .char(var hi) = second else {
                    throw error("invalid character class range (a class escape cannot be a range end)", at: atomStart)
                }
                guard lo <= hi else { throw error("range out of order in character class", at: atomStart) }
                // UTF-8 text never holds surrogates: clip them out of the range.
                if Self.isSurrogate(lo) { lo = 0xE000 }
                if Self.isSurrogate(hi) { hi = 0xD7FF }
                if lo <= hi {
                    if lo <= 0xD7FF && hi >= 0xE000 {
                        body += Self.literal(lo) + "-" + Self.literal(0xD7FF) + Self.literal(0xE000) + "-" + Self.literal(hi)
                    } else {
                        body += Self.literal(lo) + "-" + Self.literal(hi)
                    }
                    empty = false
                }
                continue
            }
            switch first {
            case .char(let v):
                if !Self.isSurrogate(v) {
                    body += Self.literal(v)
                    empty = false
                }
            case .set(let kind, let neg):
                empty = false
                switch kind {
                case .digit: body += neg ? "\\D" : "\\d"
                case .word: body += neg ? "\\W" : "\\w"
                case .space: body += Self.whitespaceClassBody(negated: neg)
                }
            case .property(let text, let neg):
                empty = false
                body += (neg ? "\\P{" : "\\p{") + text + "}"
            case .backreference:
                throw error("invalid class escape", at: atomStart)
            }
        }
        if empty {
            emit(negated ? "[\\x{0}-\\x{10FFFF}]" : "(?:(?!))")
        } else {
            emit((negated ? "[^" : "[") + body + "]")
        }
    }

    private mutating func parseClassAtom() throws(RegexError) -> Escape {
        let c = s[pos]
        if c == "\\" { return try parseEscape(inClass: true) }
        pos += 1
        return .char(c.value)
    }
}
