import Foundation
import JSONDocument
import OpenAPILinter
import OpenAPIModel
import SchemaEngine
import Testing

/// Our hand-written structural checks against the OpenAPI Initiative's pass/fail fixtures and
/// against the official JSON Schemas (run by our own engine).
@Suite("Official schemas")
struct OfficialSchemaTests {
    func files(_ folder: String) throws -> [String] {
        let dir = try TestData.requireShared("specs/openapi/schema-tests/" + folder)
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted().map { dir + "/" + $0 }
    }

    func structural(_ path: String) throws -> [Finding] {
        try Linter.lint(path: path).findings.filter { $0.rule == "oas3-schema" && $0.severity == .error }
    }

    @Test func passFixturesHaveNoStructuralErrors() throws {
        for path in try files("3.1/pass") + files("3.0/pass") {
            // style-defaults.yaml has `in: path` parameters without `required: true`. The official
            // schema only checks that when `schema` (not `content`) is used, but the specification
            // text is unconditional (3.1.1 §4.8.12.1, Parameter Object `required`: "If the parameter
            // location is "path", this field is REQUIRED and its value MUST be true"). We follow the text.
            let errors = try structural(path).filter { !$0.message.contains("must have 'required: true'") }
            #expect(errors.isEmpty, "\((path as NSString).lastPathComponent): \(errors.map(\.message))")
        }
    }

    @Test func pathParameterRequiredFollowsTheSpecText() throws {
        let errors = try structural(try files("3.1/pass").first { $0.hasSuffix("style-defaults.yaml") }!)
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.message.contains("must have 'required: true'") })
    }

    @Test func failFixturesAreRejected() throws {
        for path in try files("3.1/fail") {
            // header/parameter allowReserved and cookie style rules are not expressed by the fixtures'
            // own schema for every case, but the specification text (3.1.1 §4.8.12) states each of them.
            let errors = try structural(path)
            #expect(!errors.isEmpty, "\((path as NSString).lastPathComponent) should fail")
        }
    }

    /// The official 3.0 JSON Schema (draft 4) agrees with us on the 3.0 fixtures.
    @Test func official30SchemaAgrees() throws {
        let schemaPath = try TestData.requireShared("specs/openapi/schemas/3.0/schema/2021-09-28.json")
        let validator = try Validator(schema: [UInt8](Data(contentsOf: URL(fileURLWithPath: schemaPath))), dialect: .draft4)
        for path in try files("3.0/pass") {
            let document = try JSONDocument.parseYAML([UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
            #expect(validator.isValid(document) == (try structural(path).isEmpty), "\(path)")
        }
    }
}
