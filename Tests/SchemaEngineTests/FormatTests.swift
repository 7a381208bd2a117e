import Foundation
import Testing

@testable import SchemaEngine

/// Runs the format and ECMA-262 regex cases of the JSON-Schema-Test-Suite directly against the
/// format checkers and `ECMARegex`, without the schema compiler.
@Suite struct FormatTests {
    static let drafts = ["draft2020-12", "draft2019-09", "draft7", "draft6", "draft4"]

    /// Cases that still fail, with the reason. The suite-wide test fails if any other case fails.
    static let knownFailures: [String: String] = [:]

    struct SuiteCase: Sendable {
        var draft: String
        var file: String
        var group: String
        var description: String
        /// "format:NAME" or "pattern".
        var kind: String
        var argument: String  // the format name or the pattern
        var instance: String
        var valid: Bool
        var id: String { "\(draft)/\(file): \(group) / \(description)" }
    }

    static func suiteRoot() -> URL? {
        if let env = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        // Tests/SchemaEngineTests/FormatTests.swift → package root → ../shared/JSON-Schema-Test-Suite
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/JSON-Schema-Test-Suite")
    }

    static func loadCases() throws -> [SuiteCase] {
        guard let root = suiteRoot(),
            FileManager.default.fileExists(atPath: root.appendingPathComponent("tests").path)
        else {
            throw SuiteMissing(path: suiteRoot()?.path ?? "?")
        }
        var cases: [SuiteCase] = []
        for draft in drafts {
            let optional = root.appendingPathComponent("tests/\(draft)/optional")
            let formatDir = optional.appendingPathComponent("format")
            var files = try FileManager.default.contentsOfDirectory(atPath: formatDir.path)
                .filter { $0.hasSuffix(".json") }.sorted().map { formatDir.appendingPathComponent($0) }
            for extra in ["ecmascript-regex.json", "non-bmp-regex.json"] {
                let url = optional.appendingPathComponent(extra)
                if FileManager.default.fileExists(atPath: url.path) { files.append(url) }
            }
            for url in files {
                let groups = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]] ?? []
                for group in groups {
                    guard var schema = group["schema"] as? [String: Any] else { continue }
                    schema["$schema"] = nil
                    let kind: String
                    let argument: String
                    if schema.count == 1, let format = schema["format"] as? String {
                        kind = "format:\(format)"
                        argument = format
                    } else if let pattern = schema["pattern"] as? String,
                        schema.count == 1 || (schema.count == 2 && schema["type"] as? String == "string")
                    {
                        kind = "pattern"
                        argument = pattern
                    } else {
                        continue  // patternProperties and other keywords belong to the engine's tests
                    }
                    for test in group["tests"] as? [[String: Any]] ?? [] {
                        // Non-string instances always pass a format or pattern; the engine checks
                        // the instance type before calling a checker, so they are not ours to test.
                        guard let instance = test["data"] as? String, let valid = test["valid"] as? Bool else { continue }
                        cases.append(
                            SuiteCase(
                                draft: draft, file: url.lastPathComponent,
                                group: group["description"] as? String ?? "",
                                description: test["description"] as? String ?? "", kind: kind,
                                argument: argument, instance: instance, valid: valid))
                    }
                }
            }
        }
        return cases
    }

    struct SuiteMissing: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "JSON-Schema-Test-Suite not found at \(path); set JSON_SCHEMA_TEST_SUITE to its checkout"
        }
    }

    /// What our checkers say about one case (nil format checker → unknown format → valid).
    static func evaluate(_ c: SuiteCase) -> Bool {
        if c.kind == "pattern" {
            guard let regex = try? ECMARegex(c.argument) else { return false }
            return (try? regex.matches(c.instance)) ?? false
        }
        // Draft 4 and draft 6 define `hostname` by RFC 1123 alone.
        let rule: FormatValidators.HostnameRule = c.draft == "draft4" || c.draft == "draft6" ? .rfc1123 : .idna2008
        guard let checker = FormatValidators.validator(for: c.argument, hostnameRule: rule) else { return true }
        return FormatValidators.check(c.instance, with: checker)
    }

    @Test func testSuiteFormatAndRegexCases() throws {
        let cases = try Self.loadCases()
        try #require(cases.count > 1_000, "expected the suite's format cases, found \(cases.count)")
        var perKind: [String: (pass: Int, total: Int)] = [:]
        var failures: [String] = []
        var unexpected: [String] = []
        for c in cases {
            let ok = Self.evaluate(c) == c.valid
            perKind[c.kind, default: (0, 0)].total += 1
            if ok {
                perKind[c.kind]!.pass += 1
            } else {
                let line = "\(c.id) [\(c.instance.debugDescription)] expected \(c.valid)"
                failures.append(line)
                if Self.knownFailures[c.id] == nil { unexpected.append(line) }
            }
        }
        var report = "format/regex pass rates:\n"
        for (kind, r) in perKind.sorted(by: { $0.key < $1.key }) {
            report += "  \(kind): \(r.pass)/\(r.total)\n"
        }
        let passed = perKind.values.reduce(0) { $0 + $1.pass }
        report += "  total: \(passed)/\(cases.count)\n"
        for f in failures { report += "  FAIL \(f)\n" }
        print(report)
        #expect(Double(passed) / Double(cases.count) >= 0.98, "\(report)")
        #expect(unexpected.isEmpty, "unexpected failures:\n\(unexpected.joined(separator: "\n"))")
    }

    // MARK: - Checks the suite does not cover

    struct FormatCase: Sendable, CustomTestStringConvertible {
        var format: String
        var value: String
        var valid: Bool
        var testDescription: String { "\(format) \(value.debugDescription) → \(valid)" }
    }

    static let extraCases: [FormatCase] = [
        FormatCase(format: "byte", value: "", valid: true),
        FormatCase(format: "byte", value: "aGVsbG8=", valid: true),
        FormatCase(format: "byte", value: "aGVsbA==", valid: true),
        FormatCase(format: "byte", value: "aGVsbG8", valid: false),
        FormatCase(format: "byte", value: "aGV=bG8=", valid: false),
        FormatCase(format: "byte", value: "aGVsbG8-", valid: false),
        FormatCase(format: "binary", value: "\u{0}anything", valid: true),
        FormatCase(format: "password", value: "", valid: true),
        FormatCase(format: "date-time", value: "2024-02-29T12:00:00+14:00", valid: true),
        FormatCase(format: "date-time", value: "2023-02-29T12:00:00Z", valid: false),
        FormatCase(format: "time", value: "00:59:60+01:00", valid: true),
        FormatCase(format: "duration", value: "P1Y2M3DT4H5M6S", valid: true),
        FormatCase(format: "duration", value: "PT1H1H", valid: false),
        FormatCase(format: "ipv6", value: "::ffff:1.2.3.4", valid: true),
        FormatCase(format: "ipv6", value: "1:2:3:4:5:6:7::", valid: true),
        FormatCase(format: "ipv6", value: "1:2:3:4:5:6:7:8::", valid: false),
        FormatCase(format: "hostname", value: "xn--bcher-kva.example", valid: true),
        FormatCase(format: "idn-hostname", value: "bücher.example", valid: true),
        FormatCase(format: "email", value: "a@b.c", valid: true),
        FormatCase(format: "email", value: "a@[IPv6:2001:db8::1]", valid: true),
        FormatCase(format: "uri", value: "urn:isbn:0451450523", valid: true),
        FormatCase(format: "uri", value: "http://[v7.abc]/", valid: true),
        FormatCase(format: "uri-template", value: "/users{/id}{?fields*,limit:10}", valid: true),
        FormatCase(format: "relative-json-pointer", value: "0", valid: true),
        FormatCase(format: "json-pointer", value: "~0", valid: false),
        FormatCase(format: "regex", value: "^[a-z]+$", valid: true),
        FormatCase(format: "regex", value: "[", valid: false),
    ]

    @Test(arguments: extraCases)
    func extraFormatCases(_ c: FormatCase) throws {
        let checker = try #require(FormatValidators.validator(for: c.format))
        #expect(FormatValidators.check(c.value, with: checker) == c.valid)
    }

    @Test func stringOverloadsAgreeWithByteCheckers() {
        #expect(FormatValidators.isDate("2020-02-29"))
        #expect(!FormatValidators.isDate("2021-02-29"))
        #expect(FormatValidators.isIPv4("10.0.0.1"))
        #expect(!FormatValidators.isIPv4("10.0.0.01"))
        #expect(FormatValidators.isUUID("2eb8aa08-aa98-11ea-b4aa-73b441d16380"))
        #expect(FormatValidators.isIRI("http://ƒøø.ßår/"))
        #expect(!FormatValidators.isURI("http://ƒøø.ßår/"))
    }

    @Test(arguments: [
        (JSONNumber.int(2_147_483_647), "int32", true),
        (JSONNumber.int(2_147_483_648), "int32", false),
        (JSONNumber.int(-2_147_483_648), "int32", true),
        (JSONNumber.literal("1.0"), "int32", true),
        (JSONNumber.literal("1.5"), "int32", false),
        (JSONNumber.int(Int64.max), "int64", true),
        (JSONNumber.uint(UInt64(Int64.max) + 1), "int64", false),
        (JSONNumber.literal("12345678901234567890123"), "int64", false),
        (JSONNumber.double(3.4e38), "float", true),
        (JSONNumber.double(3.5e38), "float", false),
        (JSONNumber.literal("1e308"), "double", true),
        (JSONNumber.literal("1e400"), "double", false),
    ])
    func numericFormats(_ number: JSONNumber, _ format: String, _ valid: Bool) throws {
        let checker = try #require(FormatValidators.numberValidator(for: format))
        #expect(checker(number) == valid)
        #expect(FormatRegistry.standard.validate(number, format: format) == valid)
    }

    @Test func numericOverloads() {
        #expect(FormatValidators.isInt32(Int64(Int32.max)))
        #expect(!FormatValidators.isInt32(Int64(Int32.max) + 1))
        #expect(FormatValidators.isInt32(-5.0))
        #expect(!FormatValidators.isInt32(0.5))
        #expect(FormatValidators.isInt64(9.2e18))
        #expect(!FormatValidators.isInt64(9.3e18))
        #expect(!FormatValidators.isFloat(.infinity))
        #expect(!FormatValidators.isDouble(.nan))
    }

    @Test func registryLookupAndCustomFormats() {
        var registry = FormatRegistry.standard
        #expect(registry.validate("2020-01-01", format: "date") == true)
        #expect(registry.validate("nope", format: "date") == false)
        #expect(registry.validate("x", format: "unknown-format") == nil)
        registry.register("even-length") { $0.count % 2 == 0 }
        #expect(registry.validate("ab", format: "even-length") == true)
        #expect(registry.validate("abc", format: "even-length") == false)
        registry.registerBytes("starts-with-a") { $0.first == UInt8(ascii: "a") }
        #expect(registry.validate("abc", format: "starts-with-a") == true)
        // Overriding a standard format.
        registry.register("date") { (_: String) in true }
        registry.registerNumber("positive") { $0.doubleValue > 0 }
        #expect(registry.validate(JSONNumber.int(3), format: "positive") == true)
        #expect(registry.validate(JSONNumber.int(-3), format: "positive") == false)
        #expect(registry.validate("nope", format: "date") == true)
        #expect(FormatRegistry.standard.validate("nope", format: "date") == false)
        let empty = FormatRegistry(includeStandard: false)
        #expect(empty.validate("2020-01-01", format: "date") == nil)
        #expect(FormatValidators.validator(for: "no-such-format") == nil)
        #expect(FormatValidators.numberValidator(for: "date") == nil)
    }

    @Test func hostnameRuleByDraft() throws {
        #expect(FormatValidators.check("ab--cd.example", with: FormatValidators.isHostnameRFC1123))
        #expect(!FormatValidators.isHostname("ab--cd.example"))
        let legacy = FormatRegistry(hostnameRule: .rfc1123)
        #expect(legacy.validate("ab--cd.example", format: "hostname") == true)
        #expect(legacy.validate("-ab.example", format: "hostname") == false)
        #expect(FormatRegistry.standard.validate("ab--cd.example", format: "hostname") == false)
        let draft4 = try #require(FormatRegistry.standard.checker(for: "hostname", hostnameRule: .rfc1123))
        #expect(FormatValidators.check("ab--cd.example", with: draft4))
        var custom = FormatRegistry.standard
        custom.register("hostname") { (_: String) in false }
        let customDraft4 = try #require(custom.checker(for: "hostname", hostnameRule: .rfc1123))
        #expect(!FormatValidators.check("a.example", with: customDraft4))
    }

    @Test func punycodeRoundTrip() throws {
        let decoded = try #require(Punycode.decode(Array("bcher-kva".utf8)))
        #expect(decoded == Array("bücher".unicodeScalars.map(\.value)))
        #expect(Punycode.encode(decoded) == Array("bcher-kva".utf8))
        // 'ü' after 'bcher' is code point 0xFC: one more digit would overflow nothing but must decode.
        #expect(Punycode.decode(Array("-9uc".utf8)) == nil)
    }
}
