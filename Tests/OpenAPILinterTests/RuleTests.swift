import Foundation
import OpenAPILinter
import OpenAPIModel
import Testing

/// Each rule with a document that breaks it and one that does not.
@Suite("Rules")
struct RuleTests {
    func rules(_ text: String, version: String = "3.0.3") throws -> [String] {
        try lintText(api(text, version: version)).rules()
    }

    @Test func cleanDocumentHasNoFindings() throws {
        let r = try lintText(api("""
            paths:
              /pets/{id}:
                get:
                  operationId: getPet
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: integer}}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Pet"}
                          example: {id: 1, name: Rex}
            components:
              schemas:
                Pet:
                  type: object
                  required: [id, name]
                  properties:
                    id: {type: integer, default: 0}
                    name: {type: string, pattern: "^[A-Z]", enum: [Rex, Max]}
            """))
        #expect(r.findings.isEmpty, "\(r.findings)")
    }

    // MARK: structure

    @Test func structureMissingRequiredField() throws {
        let r = try lintText("openapi: 3.0.3\ninfo:\n  version: \"1\"\n")
        let messages = r.with("oas3-schema").map(\.message)
        #expect(messages.contains { $0.contains("missing the required field 'title'") })
        #expect(messages.contains { $0.contains("missing the required field 'paths'") })
        #expect(r.with("oas3-schema").allSatisfy { $0.line >= 1 })
    }

    @Test func structureUnknownFieldAndWrongType() throws {
        let r = try lintText(api("""
            paths:
              /a:
                get:
                  summary: 12
                  responsez: {}
                  responses:
                    "200": {description: ok}
            """))
        let messages = r.with("oas3-schema").map(\.message)
        #expect(messages.contains { $0.contains("'summary' must be a string, found number 12") })
        #expect(messages.contains { $0.contains("'responsez' is not allowed in the Operation Object; allowed fields:") })
        let summary = try #require(r.with("oas3-schema").first { $0.message.contains("summary") })
        #expect(summary.pointer == "/paths/~1a/get/summary")
        #expect(summary.line == 8)
    }

    @Test func structureEnumAndRefWhereNotAllowed() throws {
        let r = try lintText(api("""
            tags:
              - name: t
                description: {$ref: "#/x"}
            paths:
              /a:
                get:
                  parameters:
                    - {name: q, in: body, schema: {type: string}}
                  responses:
                    "200": {description: ok}
            """))
        let messages = r.with("oas3-schema").map(\.message)
        #expect(messages.contains { $0.contains("'in' must be one of \"query\", \"header\", \"path\", \"cookie\"") })
        #expect(messages.contains { $0.contains("'description' must be a string") })
        #expect(r.with("invalid-ref").count == 1)
    }

    @Test func structureSchema30() throws {
        let r = try lintText(api("""
            paths: {}
            components:
              schemas:
                A:
                  type: [string, "null"]
                  items: [{type: string}]
                  required: [a, a]
                  const: 1
            """))
        let messages = r.with("oas3-schema").map(\.message)
        #expect(messages.contains { $0.contains("'type' must be one of") })
        #expect(messages.contains { $0.contains("'items' must be a Schema Object") })
        #expect(messages.contains { $0.contains("lists \"a\" more than once") })
        #expect(messages.contains { $0.contains("'const' is not a keyword of the OpenAPI 3.0 Schema Object") })
        // 3.1: the same keywords are JSON Schema 2020-12 and fine.
        let ok = try lintText(api("""
            paths: {}
            components:
              schemas:
                A:
                  type: [string, "null"]
                  const: x
            """, version: "3.1.0"))
        #expect(ok.with("oas3-schema").isEmpty, "\(ok.findings)")
    }

    @Test func structureSwagger2() throws {
        let r = try lintText(api("""
            paths:
              /a/{id}:
                get:
                  parameters:
                    - {name: id, in: path, type: string}
                    - {name: b, in: body}
                  responses:
                    "200": {description: ok}
            """, version: "2.0"))
        let messages = r.with("oas2-schema").map(\.message)
        #expect(messages.contains { $0.contains("path parameter 'id' must have 'required: true'") })
        #expect(messages.contains { $0.contains("body parameter 'b' needs a 'schema'") })
        let host = try lintText(api("host: https://api.example.com/v1\nbasePath: v1\npaths: {}\n", version: "2.0"))
        #expect(host.with("oas2-schema").count == 2)
        #expect(try lintText(api("host: api.example.com:8080\nbasePath: /v1\npaths: {}\n", version: "2.0")).findings.isEmpty)
    }

    @Test func structureExampleAndExamplesExclusive() throws {
        let bad = try rules("""
            paths:
              /a:
                post:
                  requestBody:
                    content:
                      application/json:
                        schema: {type: string}
                        example: a
                        examples: {b: {value: b}}
                  responses: {"200": {description: ok}}
            """)
        #expect(bad == ["oas3-schema"])
    }

    @Test func structureParameterNeedsSchemaOrContent() throws {
        let bad = try rules("""
            paths:
              /a:
                get:
                  parameters:
                    - {name: q, in: query}
                  responses:
                    "200": {description: ok}
            """)
        #expect(bad.contains("oas3-schema"))
    }

    // MARK: references

    @Test func invalidRef() throws {
        let r = try lintText(api("""
            paths:
              /a:
                get:
                  responses:
                    "200":
                      $ref: "#/components/responses/Missing"
                    "404":
                      $ref: "missing-file.yaml#/NotFound"
            """))
        let refs = r.with("invalid-ref")
        #expect(refs.count == 2)
        #expect(refs[0].message.contains("#/components/responses/Missing"))
        #expect(refs[0].pointer == "/paths/~1a/get/responses/200/$ref")
        #expect(refs[1].message.contains("missing-file.yaml"))
    }

    @Test func refSiblings30And31() throws {
        let body = """
            paths: {}
            components:
              schemas:
                A: {type: string}
              responses:
                R:
                  $ref: "#/components/responses/S"
                  description: ignored in 3.0, allowed in 3.1
                S: {description: s}
            """
        #expect(try rules(body).contains("no-$ref-siblings"))
        #expect(try !rules(body, version: "3.1.0").contains("no-$ref-siblings"))
    }

    // MARK: operations and paths

    @Test func operationIdUnique() throws {
        let dup = try rules("""
            paths:
              /a:
                get: {operationId: x, responses: {"200": {description: ok}}}
                post: {operationId: x, responses: {"200": {description: ok}}}
            """)
        #expect(dup.contains("operation-operationId-unique"))
        let ok = try rules("""
            paths:
              /a:
                get: {operationId: x, responses: {"200": {description: ok}}}
                post: {operationId: y, responses: {"200": {description: ok}}}
            """)
        #expect(!ok.contains("operation-operationId-unique"))
    }

    @Test func pathParams() throws {
        let r = try lintText(api("""
            paths:
              /a/{id}:
                get:
                  parameters:
                    - {name: other, in: path, required: true, schema: {type: string}}
                  responses: {"200": {description: ok}}
            """))
        let messages = r.with("path-params").map(\.message)
        #expect(messages.contains { $0.contains("does not declare the path parameter 'id'") })
        #expect(messages.contains { $0.contains("path parameter 'other' is not in the path template") })
        // Path-level parameters count for every operation.
        let ok = try rules("""
            paths:
              /a/{id}:
                parameters:
                  - {name: id, in: path, required: true, schema: {type: string}}
                get:
                  responses: {"200": {description: ok}}
            """)
        #expect(!ok.contains("path-params"))
    }

    @Test func equivalentPaths() throws {
        let r = try lintText(api("""
            paths:
              /a/{x}:
                parameters: [{name: x, in: path, required: true, schema: {type: string}}]
                get: {responses: {"200": {description: ok}}}
              /a/{y}:
                parameters: [{name: y, in: path, required: true, schema: {type: string}}]
                get: {responses: {"200": {description: ok}}}
              /a/b:
                get: {responses: {"200": {description: ok}}}
            """))
        let eq = r.with("path-params")
        #expect(eq.count == 1)
        #expect(eq.first?.message.contains("'/a/{y}' is equivalent to '/a/{x}'") == true)
    }

    @Test func duplicateParameters() throws {
        let dup = try rules("""
            paths:
              /a:
                get:
                  parameters:
                    - {name: q, in: query, schema: {type: string}}
                    - {name: q, in: query, schema: {type: integer}}
                    - {name: q, in: header, schema: {type: integer}}
                  responses: {"200": {description: ok}}
            """)
        #expect(dup.filter { $0 == "operation-parameters" }.count == 1)
        // An operation may override a path-level parameter.
        let ok = try rules("""
            paths:
              /a:
                parameters:
                  - {name: q, in: query, schema: {type: string}}
                get:
                  parameters:
                    - {name: q, in: query, schema: {type: integer}}
                  responses: {"200": {description: ok}}
            """)
        #expect(!ok.contains("operation-parameters"))
    }

    @Test func successResponse() throws {
        let bad = try rules("""
            paths:
              /a:
                get: {responses: {"404": {description: no}, default: {description: d}}}
            """)
        #expect(bad.contains("operation-success-response"))
        let ok = try rules("""
            paths:
              /a:
                get: {responses: {"2XX": {description: ok}}}
            """)
        #expect(!ok.contains("operation-success-response"))
    }

    @Test func responseStatusCodes() throws {
        let r = try lintText(api("""
            paths:
              /a:
                get:
                  responses:
                    "200": {description: ok}
                    "2XX": {description: ok}
                    "600": {description: no}
                    "2xx": {description: no}
                    ok: {description: no}
                    x-extension: fine
            """))
        #expect(r.with("response-status-code").count == 3)
    }

    @Test func mediaTypeKeys() throws {
        let r = try lintText(api("""
            paths:
              /a:
                post:
                  requestBody:
                    content:
                      application/json: {}
                      "application/vnd.api+json; charset=utf-8": {}
                      "text/*": {}
                      json: {}
                      "*/json": {}
                  responses: {"200": {description: ok}}
            """))
        #expect(r.with("media-type-key").map(\.pointer).sorted() == [
            "/paths/~1a/post/requestBody/content/*~1json", "/paths/~1a/post/requestBody/content/json",
        ])
    }

    // MARK: examples

    @Test func mediaExamples() throws {
        let r = try lintText(api("""
            paths:
              /a:
                get:
                  parameters:
                    - {name: n, in: query, schema: {type: integer}, example: abc}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {type: object, required: [id], properties: {id: {type: integer}}}
                          examples:
                            good: {value: {id: 1}}
                            bad: {value: {name: x}}
                            ref: {$ref: "#/components/examples/Bad"}
            components:
              examples:
                Bad: {value: {id: "1"}}
            """))
        let found = r.with("oas3-valid-media-example")
        #expect(found.count == 3, "\(found)")
        #expect(found.contains { $0.pointer == "/components/examples/Bad/value" })
    }

    @Test func examplesFollowReadOnlyAndWriteOnly() throws {
        let r = try lintText(api("""
            paths:
              /a:
                post:
                  requestBody:
                    content:
                      application/json:
                        schema: {$ref: "#/components/schemas/User"}
                        example: {name: a, password: secret}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/User"}
                          examples:
                            good: {value: {id: 1, name: a}}
                            leaks: {value: {id: 1, name: a, password: secret}}
            components:
              schemas:
                User:
                  type: object
                  required: [id, name]
                  properties:
                    id: {type: integer, readOnly: true}
                    name: {type: string}
                    password: {type: string, writeOnly: true}
            """))
        // The request may omit the required readOnly id; the response must not carry the writeOnly password.
        let found = r.with("oas3-valid-media-example")
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.pointer.hasSuffix("/examples/leaks/value") == true)
    }

    @Test func schemaExamplesAndDefaults() throws {
        let r = try lintText(api("""
            paths: {}
            components:
              schemas:
                A:
                  type: object
                  properties:
                    n: {type: integer, minimum: 1, default: 0}
                    s: {type: string, example: 5}
                    t: {type: string, nullable: true, example: null}
            """))
        #expect(r.with("oas3-valid-schema-example").count == 2)
        let r31 = try lintText(api("""
            paths: {}
            components:
              schemas:
                A: {type: string, examples: [a, 1]}
            """, version: "3.1.0"))
        #expect(r31.with("oas3-valid-schema-example").count == 1)
        let r2 = try lintText(api("""
            paths: {}
            definitions:
              A: {type: integer, example: x}
            """, version: "2.0"))
        #expect(r2.with("oas2-valid-schema-example").count == 1)
    }

    @Test func typedEnum() throws {
        let bad = try lintText(api("""
            paths: {}
            components:
              schemas:
                A: {type: string, enum: [a, 1, null]}
                B: {type: string, nullable: true, enum: [a, null]}
            """))
        #expect(bad.with("typed-enum").count == 2)
    }

    // MARK: security and servers

    @Test func security() throws {
        let r = try lintText(api("""
            security:
              - undefined: []
            paths:
              /a:
                get:
                  security:
                    - oauth: [read, admin]
                    - key: []
                  responses: {"200": {description: ok}}
            components:
              securitySchemes:
                key: {type: apiKey, name: k, in: header}
                oauth:
                  type: oauth2
                  flows:
                    implicit:
                      authorizationUrl: https://example.com/auth
                      scopes: {read: Read}
            """))
        let found = r.with("oas3-operation-security-defined").map(\.message)
        #expect(found.count == 2)
        #expect(found.contains { $0.contains("'undefined' is not defined") })
        #expect(found.contains { $0.contains("scope 'admin' is not defined") })
    }

    @Test func serverVariables() throws {
        let r = try lintText(api("""
            servers:
              - url: "https://{region}.example.com/{version}"
                variables:
                  region: {default: eu, enum: [us, asia]}
                  unused: {default: x}
              - url: https://ok.example.com/{v}
                variables:
                  v: {default: v1}
            paths: {}
            """))
        let found = r.with("oas3-server-variables")
        #expect(found.contains { $0.message.contains("'{version}'") && $0.severity == .error })
        #expect(found.contains { $0.message.contains("default 'eu'") })
        #expect(found.contains { $0.message.contains("'unused' is not used") && $0.severity == .warning })
        #expect(found.count == 3)
    }

    // MARK: schemas

    @Test func invalidPattern() throws {
        let r = try lintText(api("""
            paths: {}
            components:
              schemas:
                A: {type: string, pattern: "[a-"}
                B: {type: string, pattern: "^\\\\d+$"}
            """))
        #expect(r.with("invalid-pattern").count == 1)
        #expect(r.with("invalid-pattern").first?.pointer == "/components/schemas/A/pattern")
    }

    @Test func requiredProperties() throws {
        let r = try lintText(api("""
            paths: {}
            components:
              schemas:
                A:
                  type: object
                  required: [a, b]
                  properties: {a: {type: string}}
                B:
                  allOf:
                    - {$ref: "#/components/schemas/A"}
                    - {required: [c], properties: {d: {type: string}}}
                C: {$ref: "#/components/schemas/B/allOf/1"}
                D:
                  properties:
                    allOf: {type: object, required: [x], properties: {y: {type: string}}}
                E:
                  oneOf: [{required: [z], properties: {w: {type: string}}}]
                  anyOf: [{$ref: "#/components/schemas/E/oneOf/0"}]
            """))
        // Branches of allOf/anyOf/oneOf may require their siblings' properties, whether the walk
        // meets them in the list or through a $ref; a property named allOf is no branch.
        let found = r.with("schema-required-properties")
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.severity == .warning })
        #expect(found.map(\.message).sorted().map { $0.prefix(3) } == ["'b'", "'x'"])
        #expect(found.map(\.pointer).sorted() == ["/components/schemas/A/required/1", "/components/schemas/D/properties/allOf/required/0"])
    }

    @Test func discriminatorMapping() throws {
        let r = try lintText(api("""
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  required: [kind]
                  properties: {kind: {type: string}}
                  discriminator:
                    propertyName: kind
                    mapping:
                      cat: "#/components/schemas/Cat"
                      dog: Dog
                      fish: "#/components/schemas/Fish"
                Cat: {type: object}
                Dog: {type: object}
            """))
        let found = r.with("discriminator-mapping")
        #expect(found.count == 1)
        #expect(found.first?.pointer == "/components/schemas/Pet/discriminator/mapping/fish")
        // Mapping targets count as references.
        #expect(!r.with("oas3-unused-component").contains { $0.message.contains("'Cat'") || $0.message.contains("'Dog'") })
    }

    @Test func duplicateKeys() throws {
        let yaml = try lintText(api("""
            paths: {}
            components:
              schemas:
                A: {type: string}
                A: {type: integer}
            """))
        #expect(yaml.with("duplicate-key").count == 1)
        #expect(yaml.with("duplicate-key").first?.pointer == "/components/schemas/A")
        let json = try lintText(
            #"{"openapi": "3.0.3", "info": {"title": "T", "version": "1", "title": "again"}, "paths": {}}"#,
            name: "openapi.json")
        #expect(json.with("duplicate-key").count == 1)
        #expect(json.with("duplicate-key").first?.column == 61)
    }

    @Test func unusedComponents() throws {
        let r = try lintText(api("""
            paths:
              /a:
                get:
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Used"}
            components:
              schemas:
                Used: {type: object, properties: {n: {$ref: "#/components/schemas/Nested"}}}
                Nested: {type: string}
                Unused: {type: string}
              securitySchemes:
                key: {type: apiKey, name: k, in: header}
            """))
        let found = r.with("oas3-unused-component")
        #expect(found.count == 1)
        #expect(found.first?.severity == .info)
        #expect(found.first?.message.contains("'Unused'") == true)
        let r2 = try lintText(api("""
            paths: {}
            definitions:
              Unused: {type: string}
            """, version: "2.0"))
        #expect(r2.with("oas2-unused-definition").count == 1)
    }

    @Test func everyRuleHasATest() {
        // Keep this list in step with Rules.all: a new rule needs a failing and a passing document above.
        let tested: Set<String> = [
            "oas3-schema", "oas2-schema", "invalid-ref", "no-$ref-siblings", "duplicate-key",
            "operation-operationId-unique", "path-params", "operation-parameters", "oas3-valid-media-example",
            "oas3-valid-schema-example", "oas2-valid-media-example", "oas2-valid-schema-example", "typed-enum",
            "oas3-operation-security-defined", "oas2-operation-security-defined", "oas3-server-variables",
            "invalid-pattern", "schema-required-properties", "discriminator-mapping", "response-status-code",
            "media-type-key", "operation-success-response", "oas3-unused-component", "oas2-unused-definition",
            "oas3_1-json-schema-dialect",  // DialectTests
        ]
        #expect(Set(Rules.all.map(\.id)) == tested)
    }

    @Test func swagger2SecurityAndMediaExamples() throws {
        let r = try lintText(api("""
            securityDefinitions:
              oauth: {type: oauth2, flow: implicit, authorizationUrl: "https://x", scopes: {read: r}}
            paths:
              /a:
                get:
                  security: [{oauth: [write]}, {nope: []}]
                  responses:
                    "200":
                      description: ok
                      schema: {type: integer}
                      examples:
                        application/json: "abc"
            """, version: "2.0"))
        #expect(r.with("oas2-operation-security-defined").count == 2)
        #expect(r.with("oas2-valid-media-example").count == 1)
    }
}
