import Foundation
import Testing

@testable import SchemaEngine

@Suite struct RegexTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var pattern: String
        var subject: String
        var expected: Bool
        var testDescription: String { "/\(pattern)/ on \(subject.debugDescription) → \(expected)" }
    }

    // The ECMA-262 behaviours GUIDE §9 lists, plus the ones the translator adds.
    static let semantics: [Case] = [
        // \u escapes, including braces and surrogate pairs
        Case(pattern: "^\\u0041$", subject: "A", expected: true),
        Case(pattern: "^\\u{1F600}$", subject: "😀", expected: true),
        Case(pattern: "^\\uD83D\\uDE00$", subject: "😀", expected: true),
        Case(pattern: "^\\x41$", subject: "A", expected: true),
        // \d and \w are ASCII-only
        Case(pattern: "^\\d$", subject: "7", expected: true),
        Case(pattern: "^\\d$", subject: "\u{0660}", expected: false),
        Case(pattern: "^\\D$", subject: "\u{0660}", expected: true),
        Case(pattern: "^\\w$", subject: "é", expected: false),
        Case(pattern: "^\\W$", subject: "é", expected: true),
        Case(pattern: "^[\\w]$", subject: "é", expected: false),
        // \s is the ECMA whitespace set, also inside classes
        Case(pattern: "^\\s$", subject: "\u{00A0}", expected: true),
        Case(pattern: "^\\s$", subject: "\u{FEFF}", expected: true),
        Case(pattern: "^\\s$", subject: "\u{2028}", expected: true),
        Case(pattern: "^\\s$", subject: "\u{2003}", expected: true),
        Case(pattern: "^\\s$", subject: "\u{2013}", expected: false),
        Case(pattern: "^\\S$", subject: "\u{00A0}", expected: false),
        Case(pattern: "^\\S$", subject: "x", expected: true),
        Case(pattern: "^[\\s]$", subject: "\u{3000}", expected: true),
        Case(pattern: "^[^\\s]$", subject: "\u{3000}", expected: false),
        Case(pattern: "^[\\S]$", subject: "\u{3000}", expected: false),
        Case(pattern: "^[\\Sx]$", subject: "é", expected: true),
        Case(pattern: "^[^\\S]$", subject: "\u{FEFF}", expected: true),
        // Unicode properties, long and short names
        Case(pattern: "^\\p{L}$", subject: "é", expected: true),
        Case(pattern: "^\\p{Letter}$", subject: "é", expected: true),
        Case(pattern: "^\\p{General_Category=Letter}$", subject: "é", expected: true),
        Case(pattern: "^\\p{Lu}$", subject: "é", expected: false),
        Case(pattern: "^\\P{Letter}$", subject: "1", expected: true),
        Case(pattern: "^\\p{digit}+$", subject: "\u{09EA}\u{09E8}", expected: true),
        Case(pattern: "^\\p{Script=Greek}$", subject: "α", expected: true),
        Case(pattern: "^\\p{sc=Greek}$", subject: "a", expected: false),
        // $ is end of input only; ^ start of input only
        Case(pattern: "^abc$", subject: "abc\n", expected: false),
        Case(pattern: "^abc$", subject: "abc", expected: true),
        Case(pattern: "^b", subject: "a\nb", expected: false),
        // . excludes only the four line terminators
        Case(pattern: "^.$", subject: "\u{2028}", expected: false),
        Case(pattern: "^.$", subject: "\r", expected: false),
        Case(pattern: "^.$", subject: "\u{0085}", expected: true),
        Case(pattern: "^.$", subject: "😀", expected: true),
        // empty classes
        Case(pattern: "^[^]$", subject: "\n", expected: true),
        Case(pattern: "[]", subject: "anything", expected: false),
        Case(pattern: "a[]?b", subject: "ab", expected: true),
        // control escapes, identity escapes
        Case(pattern: "^\\cA$", subject: "\u{1}", expected: true),
        Case(pattern: "^\\cc$", subject: "\u{3}", expected: true),
        Case(pattern: "^\\t$", subject: "\t", expected: true),
        Case(pattern: "^\\/$", subject: "/", expected: true),
        Case(pattern: "^[\\b]$", subject: "\u{8}", expected: true),
        Case(pattern: "^\\0$", subject: "\u{0}", expected: true),
        // groups, named groups, backreferences
        Case(pattern: "^(?<n>a)\\k<n>$", subject: "aa", expected: true),
        Case(pattern: "^(?<n>a)\\k<n>$", subject: "ab", expected: false),
        Case(pattern: "^(?<année>\\d+)-\\k<année>$", subject: "12-12", expected: true),
        Case(pattern: "^(a)?b\\1$", subject: "b", expected: true),  // unset group matches empty
        Case(pattern: "(?<=\\$)\\d+", subject: "cost $42", expected: true),
        Case(pattern: "(?<!\\$)\\b\\d+", subject: "cost $42", expected: false),
        Case(pattern: "^(?i:abc)$", subject: "ABC", expected: true),
        Case(pattern: "^(?s:.)$", subject: "\n", expected: true),
        Case(pattern: "(?m:^b$)", subject: "a\u{2028}b\rc", expected: true),
        // quantifiers
        Case(pattern: "^a{2,3}$", subject: "aaaa", expected: false),
        Case(pattern: "^a{2,}$", subject: "aaaa", expected: true),
        Case(pattern: "^😀+$", subject: "😀😀", expected: true),
        // unanchored search
        Case(pattern: "b", subject: "abc", expected: true),
        Case(pattern: "^x{", subject: "x{", expected: true),  // Annex B literal brace
        Case(pattern: "^[a-z]+\\-[0-9]$", subject: "ab-1", expected: true),
    ]

    @Test(arguments: semantics)
    func ecmaSemantics(_ c: Case) throws {
        let regex = try ECMARegex(c.pattern)
        #expect(try regex.matches(c.subject) == c.expected, "PCRE2: \((try? ECMARegex.translatedPattern(c.pattern)) ?? "?")")
        // The byte-buffer entry point agrees with the String one.
        let bytes = Array(c.subject.utf8)
        let viaBytes = try bytes.withUnsafeBufferPointer { (b) throws(RegexError) -> Bool in try regex.matches(b) }
        #expect(viaBytes == c.expected)
    }

    // Patterns ECMA-262 (u flag) rejects; PCRE2 alone would accept most of them.
    static let invalid: [String] = [
        "(", ")", "[a", "a**", "*a", "a{2,1}", "[z-a]", "\\a", "\\e", "\\q", "(?i)abc", "(?ims)abc",
        "(?P<name>x)", "(?P<n>a)(?P=n)", "(?#comment)a", "\\1", "(a)\\2", "\\k<x>", "(?<n>a)(?<n>b)",
        "\\u{110000}", "\\xZ1", "\\c1", "\\p{NotAProperty}", "\\p{Letter", "[\\d-z]", "a(?=b)*", "^*",
        "\\", "(?<1a>x)", "\\01", "a++",
    ]

    @Test(arguments: invalid)
    func rejectsInvalidECMA(_ pattern: String) {
        #expect(throws: RegexError.self) { try ECMARegex(pattern) }
        #expect(!FormatValidators.isRegex(pattern))
    }

    static let valid: [String] = [
        "([abc])+\\s+$", "(?<name>x)", "(?<n>a)\\k<n>", "[]", "[^]", "\\cA", "^\\p{Letter}cole",
        "(?:a|b)*?", "\\/", "[\\-\\]]", "x{1,65535}", "(?<=a+)b", "\\u{10FFFF}", "^$", "",
    ]

    @Test(arguments: valid)
    func acceptsValidECMA(_ pattern: String) {
        #expect(FormatValidators.isRegex(pattern))
    }

    @Test func compileErrorNamesPatternMessageAndOffset() {
        do {
            _ = try ECMARegex("(")
            Issue.record("'(' compiled")
        } catch {
            #expect(error.kind == .invalidPattern)
            #expect(error.pattern == "(")
            #expect(error.offset == 1)
            #expect(error.description == "invalid regular expression '(': missing closing parenthesis at offset 1")
        }
        do {
            _ = try ECMARegex("ab\\qc")
            Issue.record("\\q compiled")
        } catch {
            #expect(error.offset == 2)
            #expect(error.description.contains("'ab\\qc'"))
        }
    }

    @Test func pcre2ErrorOffsetsPointIntoTheECMAPattern() {
        // The translator accepts any \p{Name}; PCRE2 rejects the unknown name. Its byte offset in
        // the translated text must come back as the scalar offset of the escape in the source.
        do {
            _ = try ECMARegex("é\\d\\p{NoSuchProperty}")
            Issue.record("unknown property compiled")
        } catch {
            #expect(error.kind == .invalidPattern)
            #expect(error.offset == 3)
            #expect(error.description.hasPrefix("invalid regular expression 'é\\d\\p{NoSuchProperty}': "))
        }
    }

    @Test func variableLookbehindIsReportedAsUnsupported() {
        // PCRE2 10.42 needs fixed-length lookbehinds; ECMA allows any. Valid as `format: regex`,
        // but cannot be run.
        #expect(throws: RegexError.self) { try ECMARegex("(?<=a+)b") }
        do { _ = try ECMARegex("(?<=a+)b") } catch { #expect(error.kind == .unsupported) }
    }

    @Test func catastrophicPatternHitsMatchLimit() throws {
        let regex = try ECMARegex("^(a+)+$")
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try regex.matches(String(repeating: "a", count: 31) + "!")
            Issue.record("expected the match limit to stop ^(a+)+$")
        } catch {
            #expect(error.kind == .matchLimitExceeded)
        }
        #expect(clock.now - start < .seconds(2))
        // A normal subject still matches after a limit error (the cached match data is reusable).
        #expect(try regex.matches("aaaa"))
    }

    @Test func invalidUTF8SubjectIsAnError() throws {
        let regex = try ECMARegex("a")
        let bytes: [UInt8] = [0x61, 0xFF]
        #expect(throws: RegexError.self) {
            try bytes.withUnsafeBufferPointer { (b) throws(RegexError) -> Bool in try regex.matches(b) }
        }
    }

    @Test func literalPrefixElision() {
        #expect(ECMARegex.literalPrefix("^/api/v1") == "/api/v1")
        #expect(ECMARegex.literalPrefix("^x-") == "x-")
        #expect(ECMARegex.literalPrefix("^\\/api\\.v1") == "/api.v1")
        #expect(ECMARegex.literalPrefix("^abc$") == nil)
        #expect(ECMARegex.literalPrefix("^a.c") == nil)
        #expect(ECMARegex.literalPrefix("^a\\dc") == nil)
        #expect(ECMARegex.literalPrefix("abc") == nil)
        #expect(ECMARegex.literalPrefix("^a+") == nil)
        #expect(ECMARegex.exactLiteral("^abc$") == "abc")
        #expect(ECMARegex.exactLiteral("^abc\\$") == nil)
        #expect(ECMARegex.exactLiteral("^a|b$") == nil)
    }

    @Test func sharedAcrossThreads() async throws {
        let regex = try ECMARegex("^[a-z]+-(\\d+)$")
        let results = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var hits = 0
                    for i in 0..<2_000 {
                        let subject = (i + worker) % 2 == 0 ? "item-\(i)" : "item_\(i)"
                        if (try? regex.matches(subject)) == true { hits += 1 }
                    }
                    return hits
                }
            }
            var all: [Int] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == 1_000 })
    }
}
