import Foundation
import OpenAPILinter
import OpenAPIModel
import SchemaEngine
import Testing
import XCTest

@Suite("Output and configuration")
struct OutputTests {
    static let sample = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /a:
            get:
              operationId: x
              responses:
                "200": {description: ok}
            post:
              operationId: x
              responses:
                "404": {description: "<no> & \\"quotes\\""}
        components:
          schemas:
            Unused: {type: string}
        """

    func sampleReport() throws -> LintReport {
        LintReport([try lintText(Self.sample)])
    }

    @Test func jsonShape() throws {
        let report = try sampleReport()
        let text = report.render(.json)
        let doc = try JSONDocument.parse(text)
        let files = try #require(doc.root["files"])
        #expect(files.count == 1)
        let finding = try #require(files[0]?["findings"]?[0])
        #expect(Set(finding.members.map(\.key)) == ["rule", "severity", "message", "pointer", "line", "column"])
        let summary = try #require(doc.root["summary"])
        #expect(summary["error"]?.int == 1)
        #expect(summary["warning"]?.int == 1)
        #expect(summary["info"]?.int == 1)
        #expect(summary["hint"]?.int == 0)
        #expect(Set(doc.root.members.map(\.key)) == ["files", "summary"])
    }

    @Test func jsonListsOtherFilesUnderTheirOwnPath() throws {
        let result = try Linter.lint(path: TestData.fixture("multi/openapi.yaml"))
        let doc = try JSONDocument.parse(LintReport([result]).render(.json))
        let paths = doc.root["files"]!.elements.compactMap { $0["path"]?.string }
        #expect(paths.count >= 3)
        #expect(paths[0].hasSuffix("multi/openapi.yaml"))
        #expect(paths.contains { $0.hasSuffix("schemas/pet.yaml") })
    }

    @Test func sarifIsValidAgainstTheSchema() throws {
        let schemaPath = try TestData.requireShared("specs/sarif/sarif-schema-2.1.0.json")
        let schema = try Validator(schema: [UInt8](Data(contentsOf: URL(fileURLWithPath: schemaPath))))
        let result = try Linter.lint(path: TestData.fixture("multi/openapi.yaml"))
        for report in [try sampleReport(), LintReport([result]), LintReport([])] {
            let sarif = try JSONDocument.parse(report.render(.sarif))
            let outcome = schema.validate(sarif)
            #expect(outcome.isValid, "\(outcome.errors.prefix(5))")
            #expect(sarif.root["version"]?.string == "2.1.0")
        }
        let sarif = try JSONDocument.parse(try sampleReport().render(.sarif))
        let first = try #require(sarif.root.resolve(pointer: "/runs/0/results/0"))
        #expect(first["ruleId"]?.string == "operation-operationId-unique")
        #expect(first.resolve(pointer: "/locations/0/physicalLocation/region/startLine")?.int == 10)
    }

    @Test func githubAnnotations() throws {
        let lines = try sampleReport().render(.github).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("::error file="))
        #expect(lines[0].contains(",line=10,col="))
        #expect(lines[0].contains("title=operation-operationId-unique::"))
        #expect(lines.contains { $0.hasPrefix("::warning ") })
        #expect(lines.contains { $0.hasPrefix("::notice ") })
    }

    /// GitHub's workflow-command escaping is by code unit: a CRLF (one Character in Swift) must
    /// still become %0D%0A, or the annotation ends at the line break.
    @Test func githubAnnotationsEscapeLineBreaksAndSeparators() throws {
        var result = try lintText(Self.sample)
        result.findings[0].message = "first\r\nsecond\rthird\n100% done"
        result.findings[0].file = "dir,with:odd/name.yaml"
        let lines = LintReport([result]).render(.github).split(separator: "\n")
        #expect(lines.count == 3)
        let line = try #require(lines.first { $0.contains("::first") })
        #expect(line.contains("::first%0D%0Asecond%0Dthird%0A100%25 done ("))
        #expect(line.contains("file=dir%2Cwith%3Aodd/name.yaml,"))
    }

    @Test func junitXML() throws {
        let xml = try sampleReport().render(.junit)
        #expect(xml.hasPrefix("<?xml"))
        #expect(xml.contains("<testsuite "))
        #expect(xml.contains("failures=\"1\""))
        #expect(xml.contains("<failure message="))
        #expect(!xml.contains("<no>"))
        // Well-formed: every testcase closes.
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == xml.components(separatedBy: "</testcase>").count - 1)
    }

    @Test func textIsGroupedByFile() throws {
        let text = try sampleReport().render(.text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasSuffix("openapi.yaml"))
        #expect(lines[1].contains("error") && lines[1].contains("operation-operationId-unique"))
        #expect(text.contains("✖ 3 problems (1 error, 1 warning, 1 info, 0 hints)"))
        #expect(!text.contains("\u{1B}["))
        #expect(try sampleReport().render(.text, color: true).contains("\u{1B}[31m"))
        #expect(LintReport([try lintText(api("paths: {}"))]).render(.text).contains("no problems"))
    }

    @Test func failSeverity() throws {
        let report = try sampleReport()
        #expect(report.fails(at: .error))
        let clean = LintReport([try lintText(api("paths: {}\ncomponents: {schemas: {U: {type: string}}}"))])
        #expect(!clean.fails(at: .error))
        #expect(!clean.fails(at: .warning))
        #expect(clean.fails(at: .info))
    }

    // MARK: configuration

    @Test func configSeveritiesAndOff() throws {
        let dir = try temporaryDirectory(files: [
            "openapi.yaml": Self.sample,
            ".oavalidate.yaml": """
                rules:
                  operation-operationId-unique: warning
                  oas3-unused-component: off
                fail-severity: warning
                """,
        ])
        let configPath = try #require(LintConfig.find(from: dir + "/sub/dir/../.."))
        let config = try LintConfig.load(path: configPath)
        #expect(config.failSeverity == .warning)
        let r = try Linter.lint(path: dir + "/openapi.yaml", options: LintOptions(config: config))
        #expect(r.with("operation-operationId-unique").first?.severity == .warning)
        #expect(r.with("oas3-unused-component").isEmpty)
    }

    @Test func configIsFoundUpward() throws {
        let dir = try temporaryDirectory(files: ["a/b/openapi.yaml": Self.sample, ".oavalidate.yml": "rules: {}\n"])
        #expect(LintConfig.find(from: dir + "/a/b")?.hasSuffix(".oavalidate.yml") == true)
    }

    @Test func configIgnoresByFileAndPointer() throws {
        let dir = try temporaryDirectory(files: [
            "openapi.yaml": Self.sample,
            ".oavalidate.yaml": """
                ignore:
                  - file: openapi.yaml
                    pointer: /paths/~1a/post
                  - file: other.yaml
                    pointer: /components
                  - pointer: /components/schemas/Unused
                    rules: [oas3-unused-component]
                """,
        ])
        let config = try LintConfig.load(path: dir + "/.oavalidate.yaml")
        let r = try Linter.lint(path: dir + "/openapi.yaml", options: LintOptions(config: config))
        #expect(r.findings.isEmpty, "\(r.findings)")
    }

    @Test func badConfigsAreErrors() throws {
        for text in ["rules: {no-such-rule: error}", "rules: {path-params: loud}", "ignore: {}", "colour: red", "ignore: [{pointer: nope}]"] {
            let dir = try temporaryDirectory(files: [".oavalidate.yaml": text])
            #expect(throws: LoadError.self, "\(text)") { try LintConfig.load(path: dir + "/.oavalidate.yaml") }
        }
    }

    @Test func inDocumentSuppression() throws {
        let r = try lintText("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /a:
                get:
                  operationId: x
                  responses: {"200": {description: ok}}
                post:
                  x-lint-ignore: operation-operationId-unique
                  operationId: x
                  responses: {"404": {description: no}}
            components:
              x-lint-ignore: true
              schemas:
                Unused: {type: string}
            """)
        #expect(r.rules() == ["operation-success-response"])
        let list = try lintText("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /a:
                post:
                  x-lint-ignore: [operation-success-response, path-params]
                  responses: {"404": {description: no}}
            """)
        #expect(list.findings.isEmpty)
    }
}

/// The XCTest entry of this module (the rest uses Swift Testing).
final class LinterXCTests: XCTestCase {
    func testPetstoreLikeDocumentIsClean() throws {
        let result = try lintText(api("""
            paths:
              /pets:
                get:
                  responses:
                    "200": {description: ok}
            """))
        XCTAssertEqual(result.findings, [])
        XCTAssertFalse(LintReport([result]).fails(at: .hint))
    }
}
