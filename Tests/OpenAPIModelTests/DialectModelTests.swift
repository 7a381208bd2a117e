import Foundation
import JSONDocument
import OpenAPIModel
import SchemaEngine
import Testing

/// The dialect the compiler gives Schema Objects: `jsonSchemaDialect`, `$schema` (OpenAPI 3.1).
@Suite("Schema dialects in the model")
struct DialectModelTests {
    func workspace(_ text: String) throws -> Workspace {
        let dir = NSTemporaryDirectory() + "oav-dialect-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try text.write(toFile: dir + "/openapi.yaml", atomically: true, encoding: .utf8)
        return try Workspace(path: dir + "/openapi.yaml")
    }

    @Test func dialectFromJSONSchemaDialect() throws {
        func dialect(_ field: String) throws -> (Dialect, String?) {
            let compiler = SchemaCompiler(workspace: try workspace("openapi: 3.1.0\ninfo: {title: T, version: '1'}\n\(field)\npaths: {}\n"))
            return (compiler.dialect, compiler.unknownDialect?.string)
        }
        #expect(try dialect("") == (.oas31, nil))
        #expect(try dialect("jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base") == (.oas31, nil))
        #expect(try dialect("jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema") == (.draft2020_12, nil))
        #expect(try dialect("jsonSchemaDialect: 'http://json-schema.org/draft-07/schema#'") == (.draft7, nil))
        #expect(try dialect("jsonSchemaDialect: https://example.com/mine") == (.oas31, "https://example.com/mine"))
        // 3.0 has no such field: the OAS 3.0 dialect whatever it says.
        let v30 = SchemaCompiler(workspace: try workspace(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\npaths: {}\n"))
        #expect(v30.dialect == .oas30)
        #expect(v30.unknownDialect == nil)
    }

    @Test func schemaKeywordChoosesTheDialectOfItsSubtree() throws {
        let ws = try workspace("""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Old:
                  $schema: "http://json-schema.org/draft-04/schema#"
                  properties: {n: {type: integer}}
                New: {type: integer}
            """)
        let compiler = SchemaCompiler(workspace: ws)
        let schemas = try #require(ws.root.root["components"]?["schemas"])
        #expect(compiler.dialect(for: try #require(schemas["Old"])) == .draft4)
        #expect(compiler.dialect(for: try #require(schemas["Old"]?["properties"]?["n"])) == .draft4)
        #expect(compiler.dialect(for: try #require(schemas["New"])) == .oas31)
        #expect(try compiler.validator(for: try #require(schemas["Old"])).get().dialect == .draft4)
    }
}
