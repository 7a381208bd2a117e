import Foundation
import SchemaEngine
import Testing

/// The suite's output-tests/: our rendered output for each test must validate against the
/// test's schema for that format (which refers to the draft's output schema).
struct OutputTest: CustomTestStringConvertible, Sendable {
    var draft: String
    var file: String
    var description: String
    var schema: JSONValue
    var data: JSONValue
    var format: OutputFormat
    var expectation: JSONValue

    var testDescription: String { "\(draft)/\(file): \(description) [\(format.rawValue)]" }
}

enum OutputSuite {
    static let drafts = ["draft2019-09", "draft2020-12"]

    static let tests: [OutputTest] = {
        guard Suite.isPresent else { return [] }
        var result: [OutputTest] = []
        for draft in drafts {
            let content = Suite.root.appendingPathComponent("output-tests/\(draft)/content")
            let files = (try? FileManager.default.contentsOfDirectory(atPath: content.path))?.sorted() ?? []
            for file in files where file.hasSuffix(".json") {
                guard let data = FileManager.default.contents(atPath: content.appendingPathComponent(file).path),
                    let document = try? JSONDocument.parse([UInt8](data))
                else { continue }
                for testCase in document.root.elements {
                    guard let schema = testCase["schema"] else { continue }
                    for test in testCase["tests"]?.elements ?? [] {
                        guard let instance = test["data"], let outputs = test["output"] else { continue }
                        for (name, expectation) in outputs.members {
                            guard let format = OutputFormat(rawValue: name) else { continue }
                            result.append(
                                OutputTest(
                                    draft: draft, file: file, description: test["description"]?.string ?? "",
                                    schema: schema, data: instance, format: format, expectation: expectation))
                        }
                    }
                }
            }
        }
        return result
    }()

    /// The draft's output schema, registered under its `$id`.
    static func registry(for draft: String) throws -> SchemaRegistry {
        var registry = SchemaRegistry()
        let url = Suite.root.appendingPathComponent("output-tests/\(draft)/output-schema.json")
        let document = try JSONDocument.parse([UInt8](try Data(contentsOf: url)))
        let id = try #require(document.root["$id"]?.string)
        registry.add(uri: id, document: document)
        return registry
    }
}

@Suite("JSON-Schema-Test-Suite output formats")
struct OutputFormatTests {
    @Test func outputTestsArePresent() {
        #expect(Suite.isPresent, "JSON-Schema-Test-Suite not found at \(Suite.root.path): set JSON_SCHEMA_TEST_SUITE")
        #expect(OutputSuite.tests.count >= 8)
    }

    @Test(arguments: OutputSuite.tests)
    func renderedOutputSatisfiesTheTestSchema(_ test: OutputTest) throws {
        let validator = try Validator(schema: test.schema)
        let output = validator.validate(test.data).output(test.format)
        let rendered = try JSONDocument.parse(output)
        let check = try Validator(
            schema: test.expectation, options: .init(registry: try OutputSuite.registry(for: test.draft)))
        let result = check.validate(rendered)
        #expect(result.isValid, "\(output)\n\(result.errors.map(\.description).joined(separator: "\n"))")
    }

    /// Every format's document must also satisfy the general output schema.
    @Test(arguments: OutputFormat.allCases)
    func everyFormatMatchesTheOutputSchema(_ format: OutputFormat) throws {
        let schema = try JSONDocument.parse(
            #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/s",
             "properties": {"a": {"type": "integer", "title": "A", "readOnly": true}, "b": {"items": {"minimum": 2}}},
             "allOf": [{"required": ["a"]}, {"properties": {"a": {"maximum": 5}}}]}
            """#)
        let validator = try Validator(schema: schema)
        let registry = try OutputSuite.registry(for: "draft2020-12")
        let outputSchema = try #require(registry.document(for: "https://json-schema.org/draft/2020-12/output/schema"))
        let check = try Validator(schema: outputSchema, options: .init(registry: registry))
        for instance in [#"{"a": 3, "b": [2, 3]}"#, #"{"a": "x", "b": [1, 3, 0]}"#, #"{"b": []}"#, #"{"a": 9}"#] {
            let output = validator.validate(try JSONDocument.parse(instance)).output(format)
            let result = check.validate(try JSONDocument.parse(output))
            #expect(result.isValid, "\(format): \(output)")
        }
    }

    @Test func basicListsEveryErrorAndDetailedNestsThem() throws {
        let validator = try Validator(
            schema: #"{"$id": "https://example.com/s", "properties": {"b": {"items": {"minimum": 2}}}, "required": ["a"]}"#)
        let result = validator.validate(try JSONDocument.parse(#"{"b": [1, 3, 0]}"#))
        let basic = try JSONDocument.parse(result.output(.basic)).root
        #expect(basic["valid"]?.bool == false)
        let locations = basic["errors"]?.elements.compactMap { $0["instanceLocation"]?.string }.sorted()
        #expect(locations == ["", "/b/0", "/b/2"])
        let detailed = try JSONDocument.parse(result.output(.detailed)).root
        // Root holds the `required` error and one unit for /properties/b, which nests the two item units.
        let units = detailed["errors"]?.elements ?? []
        #expect(units.count == 2)
        let b = try #require(units.first { $0["keywordLocation"]?.string == "/properties/b" })
        #expect(b["instanceLocation"]?.string == "/b")
        #expect(b["errors"]?.count == 2)
        #expect(try JSONDocument.parse(result.output(.flag)).root.json == #"{"valid":false}"#)
    }

    @Test func verboseCarriesAnnotationsOfValidInstances() throws {
        let validator = try Validator(
            schema: #"{"title": "root", "properties": {"a": {"readOnly": true, "default": 1}}}"#)
        let result = validator.validate(try JSONDocument.parse(#"{"a": 2}"#))
        #expect(result.isValid)
        let keywords = Set(result.annotations.map(\.keyword))
        #expect(keywords == ["title", "readOnly", "default"])
        let readOnly = try #require(result.annotations.first { $0.keyword == "readOnly" })
        #expect(readOnly.instanceLocation == "/a")
        #expect(readOnly.keywordLocation == "/properties/a/readOnly")
        #expect(readOnly.value == "true")
        let verbose = try JSONDocument.parse(result.output(.verbose)).root
        #expect(verbose["valid"]?.bool == true)
        #expect(verbose["annotations"]?.count == 2)  // the title, and the unit for /properties/a
    }

    @Test func failedSchemasDropTheirAnnotations() throws {
        let validator = try Validator(schema: #"{"anyOf": [{"type": "string", "title": "s"}, {"title": "any"}]}"#)
        let result = validator.validate(try JSONDocument.parse("1"))
        #expect(result.isValid)
        #expect(result.annotations.map(\.value) == [#""any""#])
    }
}
