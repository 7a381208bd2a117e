import SchemaEngine
import Testing

private func validator(
    _ schema: String, dialect: Dialect? = nil, options: ValidatorOptions = ValidatorOptions()
) throws -> Validator {
    try Validator(schema: schema, dialect: dialect, options: options)
}

private func document(_ json: String) throws -> JSONDocument { try JSONDocument.parse(json) }

@Suite("Engine API")
struct EngineAPITests {
    @Test func fastAndExhaustiveAgree() throws {
        let v = try validator(#"{"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}"#)
        #expect(v.isValid(try document(#"{"a": 1}"#)))
        #expect(!v.isValid(try document(#"{"a": "x"}"#)))
        let result = v.validate(try document(#"{"a": "x"}"#))
        #expect(!result.isValid)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.instanceLocation == "/a")
        #expect(result.errors.first?.keywordLocation == "/properties/a/type")
        #expect(result.errors.first?.message == "expected integer, found string")
    }

    @Test func validatesJSONValues() throws {
        let v = try validator(#"{"maxItems": 1}"#)
        let doc = try document(#"{"ok": [1], "bad": [1, 2]}"#)
        #expect(v.isValid(doc.root["ok"]!))
        #expect(!v.isValid(doc.root["bad"]!))
    }

    @Test func messagesNameExpectedAndActual() throws {
        let items = try validator(#"{"maxItems": 10}"#).validate(try document("[1,2,3,4,5,6,7,8,9,10,11,12]"))
        #expect(items.errors.map(\.message) == ["expected at most 10 items, found 12"])
        let one = try Validator(schema: #"{"minLength": 1, "maxProperties": 1}"#)
        #expect(one.validate(try JSONDocument.parse(#""""#)).errors.map(\.message) == ["expected at least 1 character, found 0"])
        #expect(
            one.validate(try JSONDocument.parse(#"{"a": 1, "b": 2}"#)).errors.map(\.message)
                == ["expected at most 1 property, found 2"])
        let oneOf = try validator(#"{"enum": ["a", "b"]}"#).validate(try document(#""abc""#))
        #expect(oneOf.errors.map(\.message) == [#""abc" is not one of ["a", "b"]"#])
        let missing = try validator(#"{"required": ["x", "y"]}"#).validate(try document("{}"))
        #expect(missing.errors.map(\.message) == ["missing required property 'x'", "missing required property 'y'"])
        let extra = try validator(#"{"additionalProperties": false}"#).validate(try document(#"{"q": 1}"#))
        #expect(extra.errors.first?.message == "property 'q' is not allowed (additionalProperties is false)")
        #expect(extra.errors.first?.instanceLocation == "/q")
    }

    @Test func keywordLocationsFollowReferences() throws {
        let v = try validator(
            ##"{"$id": "https://example.com/root.json", "properties": {"n": {"$ref": "#/$defs/small"}}, "$defs": {"small": {"maximum": 3}}}"##
        )
        let result = v.validate(try document(#"{"n": 4}"#))
        let error = try #require(result.errors.first)
        #expect(error.keywordLocation == "/properties/n/$ref/maximum")
        #expect(error.absoluteKeywordLocation == "https://example.com/root.json#/$defs/small/maximum")
        #expect(error.instanceLocation == "/n")
        #expect(error.keyword == "maximum")
    }

    @Test func exhaustiveModeReportsEveryError() throws {
        let v = try validator(#"{"items": {"type": "string", "minLength": 2}}"#)
        let result = v.validate(try document(#"["ok", 1, "x"]"#))
        #expect(result.errors.map(\.instanceLocation) == ["/1", "/2"])
    }

    @Test func dialectFromSchemaOrArgument() throws {
        #expect(try validator(#"{"$schema": "http://json-schema.org/draft-07/schema#"}"#).dialect == .draft7)
        #expect(try validator("{}").dialect == .draft2020_12)
        #expect(try validator("{}", dialect: .draft4).dialect == .draft4)
        // draft-04: exclusiveMaximum is a boolean modifier.
        let d4 = try validator(#"{"maximum": 3, "exclusiveMaximum": true}"#, dialect: .draft4)
        #expect(!d4.isValid(try document("3")))
        #expect(d4.isValid(try document("2.5")))
    }

    @Test func registryAndResolver() throws {
        var registry = SchemaRegistry()
        try registry.add(uri: "https://example.com/int.json", json: #"{"type": "integer"}"#)
        let v = try validator(#"{"$ref": "https://example.com/int.json"}"#, options: ValidatorOptions(registry: registry))
        #expect(v.isValid(try document("3")))
        #expect(!v.isValid(try document("3.5")))
        let resolved = try validator(
            #"{"items": {"$ref": "urn:example:str"}}"#,
            options: ValidatorOptions(resolver: { uri in uri == "urn:example:str" ? try? JSONDocument.parse(#"{"type":"string"}"#) : nil }))
        #expect(resolved.isValid(try document(#"["a"]"#)))
        #expect(!resolved.isValid(try document("[1]")))
    }

    @Test func formatIsAnnotationUnlessAsserted() throws {
        let schema = #"{"format": "ipv4"}"#
        #expect(try validator(schema).isValid(try document(#""nope""#)))
        #expect(!(try validator(schema, options: ValidatorOptions(formatAssertion: true)).isValid(try document(#""nope""#))))
        var formats = FormatRegistry()
        formats.register("even-length") { $0.count % 2 == 0 }
        let custom = try validator(#"{"format": "even-length"}"#, options: ValidatorOptions(formatAssertion: true, formats: formats))
        #expect(custom.isValid(try document(#""ab""#)))
        #expect(!custom.isValid(try document(#""abc""#)))
    }

    @Test func recursiveSchemasCompile() throws {
        let v = try validator(##"{"type": "object", "properties": {"next": {"$ref": "#"}}, "additionalProperties": false}"##)
        #expect(v.isValid(try document(#"{"next": {"next": {}}}"#)))
        #expect(!v.isValid(try document(#"{"next": {"next": {"x": 1}}}"#)))
    }

    @Test func validatorIsSendable() async throws {
        let v = try validator(#"{"type": "array", "items": {"type": "integer"}, "uniqueItems": true}"#)
        let good = try document("[1, 2, 3]")
        let bad = try document("[1, 2, 2]")
        await withTaskGroup(of: Bool.self) { group in
            for n in 0..<16 {
                group.addTask { n % 2 == 0 ? v.isValid(good) : !v.validate(bad).isValid }
            }
            for await ok in group { #expect(ok) }
        }
    }
}

@Suite("Engine compile errors")
struct EngineCompileErrorTests {
    @Test func badTypeValue() {
        let error = #expect(throws: SchemaCompileError.self) { try validator(#"{"properties": {"a": {"type": 12}}}"#) }
        #expect(error?.location == "#/properties/a/type")
        #expect(error?.message.contains("12") == true)
    }

    @Test func unknownTypeName() {
        #expect(throws: SchemaCompileError.self) { try validator(#"{"type": "strnig"}"#) }
    }

    @Test func unresolvableReferenceNamesTheURI() {
        let error = #expect(throws: SchemaCompileError.self) {
            try validator(#"{"$id": "https://example.com/a.json", "$ref": "missing.json"}"#)
        }
        #expect(error?.message.contains("https://example.com/missing.json") == true)
    }

    @Test func invalidRegexNamesThePattern() {
        let error = #expect(throws: SchemaCompileError.self) { try validator(#"{"pattern": "a("}"#) }
        #expect(error?.message.contains("'a('") == true)
        #expect(error?.location == "#/pattern")
    }

    @Test func schemaMustBeObjectOrBoolean() {
        #expect(throws: SchemaCompileError.self) { try validator(#"{"not": 3}"#) }
    }
}

@Suite("Engine limits")
struct EngineLimitTests {
    @Test func deepInstancesFailInsteadOfCrashing() throws {
        let v = try validator(##"{"$defs": {"node": {"items": {"$ref": "#/$defs/node"}}}, "$ref": "#/$defs/node"}"##,
            options: ValidatorOptions(maxDepth: 50))
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let shallow = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(!v.isValid(try document(deep)))
        #expect(v.validate(try document(deep)).errors.first?.message.contains("deeper than the limit") == true)
        #expect(v.isValid(try document(shallow)))
    }

    @Test func referenceLoopsWithoutProgressEnd() throws {
        let v = try validator(##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##)
        #expect(!v.isValid(try document("1")))
    }

    @Test func catastrophicRegexIsAFailureNotAHang() throws {
        let v = try validator(#"{"pattern": "^(a+)+$"}"#, options: ValidatorOptions(regexMatchLimit: 10_000))
        #expect(!v.isValid(try document("\"" + String(repeating: "a", count: 40) + "!\"")))
    }
}

@Suite("Engine OpenAPI dialects")
struct EngineOpenAPITests {
    @Test func oas30Nullable() throws {
        let v = try validator(#"{"type": "string", "nullable": true}"#, dialect: .oas30)
        #expect(v.isValid(try document("null")))
        #expect(v.isValid(try document(#""x""#)))
        #expect(!v.isValid(try document("1")))
        let plain = try validator(#"{"type": "string"}"#, dialect: .oas30)
        #expect(!plain.isValid(try document("null")))
    }

    @Test func oas30NullableEnum() throws {
        let v = try validator(#"{"type": "string", "enum": ["a"], "nullable": true}"#, dialect: .oas30)
        #expect(v.isValid(try document("null")))
        #expect(!v.isValid(try document(#""b""#)))
    }

    @Test func oas30BooleanExclusiveBounds() throws {
        let v = try validator(#"{"type": "integer", "minimum": 0, "exclusiveMinimum": true}"#, dialect: .oas30)
        #expect(!v.isValid(try document("0")))
        #expect(v.isValid(try document("1")))
    }

    @Test func oas30TypeMustBeASingleString() {
        #expect(throws: SchemaCompileError.self) { try validator(#"{"type": ["string", "null"]}"#, dialect: .oas30) }
    }

    @Test func oas30RefSiblingsIgnored() throws {
        var registry = SchemaRegistry()
        try registry.add(uri: "https://example.com/s.json", json: #"{"type": "string"}"#)
        let v = try validator(
            #"{"$ref": "https://example.com/s.json", "maxLength": 1}"#, dialect: .oas30,
            options: ValidatorOptions(registry: registry))
        #expect(v.isValid(try document(#""long string""#)))
    }

    @Test func oas30Formats() throws {
        let options = ValidatorOptions(formatAssertion: true)
        let int32 = try validator(#"{"type": "integer", "format": "int32"}"#, dialect: .oas30, options: options)
        #expect(int32.isValid(try document("2147483647")))
        #expect(!int32.isValid(try document("2147483648")))
        let byte = try validator(#"{"type": "string", "format": "byte"}"#, dialect: .oas30, options: options)
        #expect(byte.isValid(try document(#""aGVsbG8=""#)))
        #expect(!byte.isValid(try document(#""%%%""#)))
    }

    @Test func readOnlyAndWriteOnlyByDirection() throws {
        let schema = #"""
            {"type": "object", "required": ["id", "password"],
             "properties": {"id": {"type": "integer", "readOnly": true}, "password": {"type": "string", "writeOnly": true}}}
            """#
        let request = try validator(schema, dialect: .oas30, options: ValidatorOptions(direction: .request))
        let response = try validator(schema, dialect: .oas30, options: ValidatorOptions(direction: .response))
        let neutral = try validator(schema, dialect: .oas30)
        #expect(request.isValid(try document(#"{"password": "s"}"#)))
        #expect(!request.isValid(try document(#"{"id": 1, "password": "s"}"#)))
        #expect(response.isValid(try document(#"{"id": 1}"#)))
        #expect(!response.isValid(try document(#"{"id": 1, "password": "s"}"#)))
        #expect(!neutral.isValid(try document(#"{"id": 1}"#)))
        #expect(request.validate(try document(#"{"id": 1, "password": "s"}"#)).errors.first?.message == "property is readOnly and not allowed here")
    }

    @Test func oas31IsDraft2020WithOpenAPIKeywordsAsAnnotations() throws {
        let v = try validator(
            #"""
            {"type": ["object", "null"], "discriminator": {"propertyName": "kind"}, "xml": {"name": "x"},
             "externalDocs": {"url": "https://example.com"}, "example": {"kind": "a"},
             "prefixItems": [{"type": "string"}], "unevaluatedProperties": false, "properties": {"kind": {"type": "string"}}}
            """#, dialect: .oas31)
        #expect(v.dialect == .oas31)
        #expect(v.isValid(try document("null")))
        #expect(v.isValid(try document(#"{"kind": "a"}"#)))
        #expect(!v.isValid(try document(#"{"kind": "a", "other": 1}"#)))
    }

    @Test func oas31DialectURI() throws {
        let v = try validator(#"{"$schema": "https://spec.openapis.org/oas/3.1/dialect/base", "type": "integer"}"#)
        #expect(v.dialect == .oas31)
        #expect(!v.isValid(try document("1.5")))
    }
}

@Suite("Engine regex elision")
struct EnginePatternTests {
    static let patterns = [
        ".*", "[\\s\\S]*", "^.*", "(.*)", "", "^.*$", "^.+$", ".", ".+", "^.+", "(.+)", "^abc", "^abc$", "^\\/api\\.v1",
        "^[@$_#]", "^[a-z0-9_\\-]", "^x-", "a|b",
    ]
    static let subjects = [
        "", "a", "abc", "abcd", "xabc", "\n", "\r\n", "a\nb", "\u{2028}", "é", "_x", "@a", "#", "Z", "-", "/api.v1/x", "x-y",
    ]

    /// Elided patterns must answer exactly like the regex engine.
    @Test(arguments: patterns)
    func elisionAgreesWithPCRE2(_ pattern: String) throws {
        let regex = try ECMARegex(pattern)
        let validator = try Validator(schema: try JSONDocument.parse(#"{"pattern": \#(JSONWriter.quote(pattern))}"#))
        for subject in Self.subjects {
            let instance = try JSONDocument.parse(JSONWriter.quote(subject))
            #expect(validator.isValid(instance) == (try regex.matches(subject)), "pattern \(pattern) on \(subject.debugDescription)")
        }
    }
}
