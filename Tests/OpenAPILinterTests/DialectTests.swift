import Foundation
import OpenAPILinter
import OpenAPIModel
import Testing

/// `jsonSchemaDialect` and `$schema` choose how Schema Objects are compiled (OpenAPI 3.1).
@Suite("Schema dialects")
struct DialectTests {
    /// `unevaluatedProperties` exists from 2019-09 on: draft-07 ignores it, so the example holds there.
    func strict(_ root: String = "", schemaKeyword: String = "") -> String {
        """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        \(root)
        paths: {}
        components:
          schemas:
            Strict:
              \(schemaKeyword.isEmpty ? "" : "$schema: \"\(schemaKeyword)\"")
              type: object
              properties: {a: {type: string}}
              unevaluatedProperties: false
              example: {b: 1}
        """
    }

    @Test func defaultIsTheOASDialect() throws {
        let r = try lintText(strict())
        #expect(r.with("oas3-valid-schema-example").count == 1)
        #expect(r.with("oas3_1-json-schema-dialect").isEmpty)
        let oas = try lintText(strict("jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base"))
        #expect(oas.with("oas3-valid-schema-example").count == 1)
        #expect(oas.with("oas3_1-json-schema-dialect").isEmpty)
    }

    @Test func knownJSONSchemaDialectIsHonoured() throws {
        let r = try lintText(strict("jsonSchemaDialect: \"http://json-schema.org/draft-07/schema#\""))
        #expect(r.with("oas3-valid-schema-example").isEmpty, "\(r.findings.map(\.message))")
        #expect(r.with("oas3_1-json-schema-dialect").isEmpty)
    }

    @Test func unknownJSONSchemaDialectIsReportedAndFallsBack() throws {
        let r = try lintText(strict("jsonSchemaDialect: https://example.com/dialects/mine"))
        let found = r.with("oas3_1-json-schema-dialect")
        #expect(found.count == 1)
        #expect(found.first?.severity == .warning)
        #expect(found.first?.pointer == "/jsonSchemaDialect")
        #expect(found.first?.line == 3)
        #expect(found.first?.message.contains("'https://example.com/dialects/mine'") == true)
        // The OAS 3.1 dialect applies instead.
        #expect(r.with("oas3-valid-schema-example").count == 1)
        // Like every rule, it can be turned off.
        var config = LintConfig()
        config.severities["oas3_1-json-schema-dialect"] = .some(nil)
        let quiet = try lintText(strict("jsonSchemaDialect: https://example.com/dialects/mine"), config: config)
        #expect(quiet.with("oas3_1-json-schema-dialect").isEmpty)
    }

    @Test func schemaKeywordWinsOverTheDefault() throws {
        let seven = try lintText(strict(schemaKeyword: "http://json-schema.org/draft-07/schema#"))
        #expect(seven.with("oas3-valid-schema-example").isEmpty, "\(seven.findings.map(\.message))")
        let twenty = try lintText(
            strict("jsonSchemaDialect: \"http://json-schema.org/draft-07/schema#\"",
                schemaKeyword: "https://json-schema.org/draft/2020-12/schema"))
        #expect(twenty.with("oas3-valid-schema-example").count == 1)
    }

    @Test func schemasOfDifferentDialectsInOneDescription() throws {
        // One example per schema: only the 2020-12 one fails, so the two were compiled apart.
        let r = try lintText("""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Seven:
                  $schema: "http://json-schema.org/draft-07/schema#"
                  type: object
                  unevaluatedProperties: false
                  example: {b: 1}
                Default:
                  type: object
                  unevaluatedProperties: false
                  example: {b: 1}
            """)
        #expect(r.with("oas3-valid-schema-example").map(\.pointer) == ["/components/schemas/Default/example"])
    }
}
