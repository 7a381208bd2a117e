import JSONDocument
import Testing

@Suite struct YAMLTests {
    static func load(_ text: String, options: YAMLLoadOptions = .default) throws -> JSONValue {
        try JSONDocument.parseYAML(text, options: options).root
    }

    /// Plain scalars resolve by the YAML 1.2 core schema (expected JSON on the right).
    @Test(arguments: [
        ("true", "true"), ("False", "false"), ("TRUE", "true"),
        ("null", "null"), ("~", "null"), ("", "null"),
        ("42", "42"), ("-17", "-17"), ("+5", "5"), ("007", "7"),
        ("0o17", "15"), ("0x1F", "31"),
        ("1.5", "1.5"), ("-2.5e3", "-2.5e3"), (".5", "0.5"),
        ("12345678901234567890123", "12345678901234567890123"),
        ("yes", "\"yes\""), ("no", "\"no\""), ("on", "\"on\""), ("off", "\"off\""),
        ("2024-01-01", "\"2024-01-01\""), ("0b101", "\"0b101\""), ("1_000", "\"1_000\""),
        ("hello world", "\"hello world\""),
    ])
    func coreSchemaScalars(yaml: String, json: String) throws {
        let value = try Self.load("v: \(yaml)")
        #expect(value["v"]?.json == json, "\(yaml)")
    }

    @Test func infinityAndNaN() throws {
        let value = try Self.load("[.inf, -.Inf, .NaN]")
        #expect(value[0]?.double == .infinity)
        #expect(value[1]?.double == -.infinity)
        #expect(value[2]?.double?.isNaN == true)
    }

    @Test func quotedScalarsAreAlwaysStrings() throws {
        let value = try Self.load("a: \"true\"\nb: '42'\nc: \"null\"\nd: !!str 3")
        #expect(value.json == #"{"a":"true","b":"42","c":"null","d":"3"}"#)
    }

    @Test func explicitTags() throws {
        #expect(try Self.load("a: !!int \"12\"").json == #"{"a":12}"#)
        let error = #expect(throws: YAMLParseError.self) { try Self.load("a: !!int abc") }
        #expect(error?.message.contains("!!int") == true || error?.message.contains("tag:yaml.org,2002:int") == true)
    }

    @Test func unknownTagIsAnErrorWithPosition() {
        let error = #expect(throws: YAMLParseError.self) { try Self.load("a: 1\nb: !custom x") }
        #expect(error?.message == "unknown tag '!custom'")
        #expect(error?.line == 2 && error?.column == 4)
    }

    @Test func anchorsAndAliases() throws {
        let value = try Self.load(
            """
            base: &b
              x: 1
              y: [a, b]
            copy: *b
            list: [*b, *b]
            """)
        #expect(value["copy"]?.json == #"{"x":1,"y":["a","b"]}"#)
        #expect(value["list"]?.count == 2)
        #expect(value["list"]?[1]?["y"]?[1]?.string == "b")
        #expect(value["copy"] == value["base"])
    }

    @Test func mergeKeys() throws {
        let value = try Self.load(
            """
            defaults: &d
              a: 1
              b: 2
            more: &m
              b: 20
              c: 30
            item:
              <<: [*d, *m]
              a: 100
              z: 0
            single:
              x: 9
              <<: *d
            """)
        // Explicit keys win; earlier merge sources win over later ones.
        #expect(value["item"]?["a"]?.int == 100)
        #expect(value["item"]?["b"]?.int == 2)
        #expect(value["item"]?["c"]?.int == 30)
        #expect(value["item"]?["<<"] == nil)
        #expect(value["item"]?.count == 4)
        #expect(value["single"]?.json == #"{"x":9,"a":1,"b":2}"#)
    }

    @Test func aliasBombFailsCleanly() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let error = #expect(throws: YAMLParseError.self) { try Self.load(text) }
        #expect(error?.message.contains("possible alias bomb") == true)
    }

    @Test func recursiveAliasIsRefusedWithItsPlace() {
        // PyYAML writes a list that contains itself this way; JSON has no form for it.
        let error = #expect(throws: YAMLParseError.self) { try Self.load("a: &x\n  b: [1, *x]\n") }
        #expect(error?.message.contains("refers to a node that contains it") == true)
        #expect(error?.line == 2)
        let unknown = #expect(throws: YAMLParseError.self) { try Self.load("a: *nope\n") }
        #expect(unknown?.message.contains("unknown anchor") == true)
    }

    @Test func nonStringKeysBecomeTheirText() throws {
        let value = try Self.load("1: one\ntrue: yes\n~: n\n2.5: x")
        #expect(value.members.map(\.key) == ["1", "true", "~", "2.5"])
    }

    @Test func everyNodeHasLineAndColumn() throws {
        let value = try Self.load("openapi: 3.1.0\ninfo:\n  title: T\n  tags:\n    - a\n    - b")
        #expect(value["info"]?["title"]?.location == SourceLocation(line: 3, column: 10))
        #expect(value["info"]?["tags"]?[1]?.location == SourceLocation(line: 6, column: 7))
        #expect(value.keyNodes[1].location == SourceLocation(line: 2, column: 1))
    }

    @Test func syntaxErrorsHaveLineAndColumn() {
        let error = #expect(throws: YAMLParseError.self) { try Self.load("a: [1, 2\nb: 3") }
        #expect(error?.message.hasPrefix("YAML syntax error") == true)
        #expect((error?.line ?? 0) >= 1)
    }

    @Test func multiDocumentStreamIsRejected() {
        let error = #expect(throws: YAMLParseError.self) { try Self.load("a: 1\n---\nb: 2") }
        #expect(error?.message.contains("more than one YAML document") == true)
        #expect(error?.line == 2)
    }

    @Test func emptyStreamIsRejected() {
        #expect(throws: YAMLParseError.self) { try Self.load("") }
        #expect(throws: YAMLParseError.self) { try Self.load("# only a comment\n") }
    }

    @Test func depthLimit() {
        let deep = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        let error = #expect(throws: YAMLParseError.self) { try Self.load(deep, options: .init(maxDepth: 50)) }
        #expect(error?.message == "nesting deeper than the limit of 50")
    }

    @Test func unknownAliasIsAnError() {
        let error = #expect(throws: YAMLParseError.self) { try Self.load("a: *nope") }
        #expect(error != nil)
    }

    @Test func complexKeysAreRejected() {
        let error = #expect(throws: YAMLParseError.self) { try Self.load("? [a, b]\n: c") }
        #expect(error?.message == "complex mapping keys are not supported")
    }
}
