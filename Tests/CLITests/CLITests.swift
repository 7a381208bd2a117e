import Foundation
import JSONDocument
import Testing
import XCTest

/// Runs the built `oavalidate` binary and captures what it prints.
struct CLI {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        // Test bundles sit in the products directory next to the executable.
        var dir = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("oavalidate").path),
            dir.pathComponents.count > 1
        {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("oavalidate")
    }

    static func run(
        _ arguments: [String], stdin: String? = nil, in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        // A child that exits before reading its input must not take the test process down
        // with SIGPIPE: the write then fails, and the outcome says what the child did.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// A fresh temporary directory holding the given files.
    static func files(_ contents: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oav-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in contents {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }
}

@Suite struct CLITests {
    static let schema = #"""
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "type": "object", "required": ["id"],
         "properties": {"id": {"type": "integer", "minimum": 1}, "tags": {"type": "array", "maxItems": 2}}}
        """#

    @Test func versionAndHelp() throws {
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("schema"))
        // Each command's help lists its own options; `help CMD` and `CMD --help` agree.
        let lintHelp = try CLI.run(["lint", "--help"])
        #expect(lintHelp.status == 0)
        #expect(lintHelp.stdout.contains("--fail-severity <severity>"))
        #expect(lintHelp.stdout.contains("--allow-remote-refs"))
        #expect(try CLI.run(["help", "lint"]).stdout == lintHelp.stdout)
        let schemaHelp = try CLI.run(["help", "schema"])
        #expect(schemaHelp.stdout.contains("--map <URI-PREFIX=DIR>"))
        #expect(schemaHelp.stdout.contains("(default: 1000)"))
    }

    @Test func optionSpellings() throws {
        let dir = try CLI.files(["s.json": Self.schema, "ok.json": #"{"id": 1}"#, "-odd.json": #"{"id": 0}"#])
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        // --name=value is the same as --name value.
        let inline = try CLI.run(["schema", "--format=json", path("s.json"), path("ok.json")])
        #expect(inline.status == 0)
        #expect(inline.stdout.hasPrefix("{\"valid\":true"))
        // After `--` everything is a file, even a name starting with '-'.
        let odd = try CLI.run(["schema", "--", path("s.json"), "-odd.json"], in: dir)
        #expect(odd.status == 1)
        // The last of a repeated single-value option wins.
        #expect(try CLI.run(["schema", "--format", "json", "--format", "text", path("s.json"), path("ok.json")]).stdout.isEmpty)
    }

    @Test func usageErrorsSayWhatAndHow() throws {
        let unknown = try CLI.run(["lint", "--no-such-option", "spec.yaml"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown option '--no-such-option'"))
        #expect(unknown.stderr.contains("Usage: oavalidate lint"))
        let missing = try CLI.run(["lint", "spec.yaml", "--format"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing value for --format <format>"))
        let flagValue = try CLI.run(["lint", "--allow-remote-refs=yes", "spec.yaml"])
        #expect(flagValue.status == 2)
        #expect(flagValue.stderr.contains("--allow-remote-refs is a flag and takes no value"))
        let depth = try CLI.run(["parse", "--max-depth", "deep", "a.json"])
        #expect(depth.status == 2)
        #expect(depth.stderr.contains("--max-depth expects an integer, got 'deep'"))
        let extra = try CLI.run(["schema", "--format", "yaml", "s.json", "i.json"])
        #expect(extra.status == 2)
        #expect(extra.stderr.contains("unknown format 'yaml'"))
        let topic = try CLI.run(["help", "nope"])
        #expect(topic.status == 2)
        #expect(topic.stderr.contains("unknown command 'nope'"))
        #expect(try CLI.run(["lint"]).stderr.contains("give at least one OpenAPI description to lint"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLI.run(["--no-such-option"]).status == 2)
        #expect(try CLI.run(["schema", "only-a-schema.json"]).status == 2)
        let dialect = try CLI.run(["schema", "--dialect", "draft99", "a.json", "b.json"])
        #expect(dialect.status == 2)
        #expect(dialect.stderr.contains("unknown dialect 'draft99'"))
    }

    @Test func parseReportsPathLineColumn() throws {
        let dir = try CLI.files(["good.json": "[1, 2]", "bad.json": "{\n  \"a\": tru\n}", "bad.yaml": "a: [1,\nb"])
        let good = try CLI.run(["parse", dir.appendingPathComponent("good.json").path])
        #expect(good.status == 0)
        let bad = try CLI.run(["parse", dir.appendingPathComponent("bad.json").path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.json:2:8: invalid literal, expected 'true'"))
        let yaml = try CLI.run(["parse", dir.appendingPathComponent("bad.yaml").path])
        #expect(yaml.status == 2)
        #expect(yaml.stderr.contains("bad.yaml:"))
        let missing = try CLI.run(["parse", dir.appendingPathComponent("nope.json").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.json: no such file"))
    }

    @Test func jsonExtensionIsNeverReadAsYAML() throws {
        let dir = try CLI.files(["looks-like-yaml.json": "a: 1\n"])
        let outcome = try CLI.run(["parse", dir.appendingPathComponent("looks-like-yaml.json").path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(":1:1:"))
    }

    @Test func schemaValidAndInvalidInstances() throws {
        let dir = try CLI.files([
            "s.json": Self.schema, "ok.json": #"{"id": 3}"#, "ok.yaml": "id: 4\ntags: [a]\n",
            "bad.yaml": "id: 0\ntags: [a, b, c]\n",
        ])
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        let ok = try CLI.run(["schema", path("s.json"), path("ok.json"), path("ok.yaml")])
        #expect(ok.status == 0)
        #expect(ok.stdout.isEmpty)
        let bad = try CLI.run(["schema", path("s.json"), path("ok.json"), path("bad.yaml")])
        #expect(bad.status == 1)
        // One line per error, pointing at the failing value's line in the YAML file.
        #expect(bad.stdout.contains("bad.yaml:1: /id: "))
        #expect(bad.stdout.contains("bad.yaml:2: /tags: "))
        #expect(bad.stderr.contains("2 instances checked: 1 valid, 1 invalid"))
    }

    @Test func jsonLinesAreValidatedPerLine() throws {
        let dir = try CLI.files(["s.json": Self.schema, "i.jsonl": "{\"id\": 1}\n{\"id\": -1}\n\n{\"x\": 1}\n"])
        let outcome = try CLI.run([
            "schema", "--format", "json", dir.appendingPathComponent("s.json").path,
            dir.appendingPathComponent("i.jsonl").path,
        ])
        #expect(outcome.status == 1)
        let report = try JSONDocument.parse(outcome.stdout).root
        #expect(report["valid"]?.bool == false)
        let results = report["results"]?.elements ?? []
        #expect(results.map { $0["line"]?.int } == [1, 2, 4])
        #expect(results.map { $0["valid"]?.bool } == [true, false, false])
        let error = try #require(results[1]["errors"]?[0])
        #expect(error["instanceLocation"]?.string == "/id")
        #expect(error["keywordLocation"]?.string == "/properties/id/minimum")
        #expect(error["absoluteKeywordLocation"]?.string?.hasSuffix("#/properties/id/minimum") == true)
        #expect(error["message"]?.string?.isEmpty == false)
    }

    @Test func unreadableInstanceOrSchemaExitsTwo() throws {
        let dir = try CLI.files(["s.json": Self.schema, "broken.json": "{\"id\": }", "bad-schema.json": #"{"type": 12}"#])
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        let broken = try CLI.run(["schema", path("s.json"), path("broken.json")])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.json:1:8:"))
        let badSchema = try CLI.run(["schema", path("bad-schema.json"), path("s.json")])
        #expect(badSchema.status == 2)
        #expect(badSchema.stderr.contains("invalid schema"))
    }

    @Test func mapResolvesRemoteRefsFromDisk() throws {
        let dir = try CLI.files([
            "s.json": #"{"$ref": "http://schemas.example/defs/positive.json"}"#,
            "remotes/defs/positive.json": #"{"type": "integer", "exclusiveMinimum": 0}"#,
            "good.json": "5", "bad.json": "0",
        ])
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        let map = "http://schemas.example/=\(path("remotes"))"
        #expect(try CLI.run(["schema", "--map", map, path("s.json"), path("good.json")]).status == 0)
        #expect(try CLI.run(["schema", "--map", map, path("s.json"), path("bad.json")]).status == 1)
        // Without the mapping the reference cannot be resolved: an invalid schema.
        #expect(try CLI.run(["schema", path("s.json"), path("good.json")]).status == 2)
    }

    @Test func flagOutputOnlyGivesTheVerdict() throws {
        let dir = try CLI.files(["s.json": Self.schema, "bad.json": #"{"id": 0}"#])
        let outcome = try CLI.run([
            "schema", "--output", "flag", "--format", "json", dir.appendingPathComponent("s.json").path,
            dir.appendingPathComponent("bad.json").path,
        ])
        #expect(outcome.status == 1)
        let report = try JSONDocument.parse(outcome.stdout).root
        #expect(report["results"]?[0]?["errors"]?.count == 0)
        #expect(report["results"]?[0]?["valid"]?.bool == false)
    }

    @Test func outputFormatsShapeTheErrors() throws {
        let dir = try CLI.files(["s.json": Self.schema, "bad.json": #"{"id": 0, "tags": [1, 2, 3]}"#, "ok.json": #"{"id": 2}"#])
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        let basic = try CLI.run(["schema", "--output", "basic", "--format", "json", path("s.json"), path("bad.json")])
        #expect(basic.status == 1)
        let units = try JSONDocument.parse(basic.stdout).root["results"]?[0]?["errors"]?.elements ?? []
        #expect(units.count == 2)
        #expect(units.allSatisfy { $0["error"]?.string != nil && $0["valid"]?.bool == false })
        let detailed = try CLI.run(["schema", "--output", "detailed", "--format", "json", path("s.json"), path("bad.json")])
        let nested = try JSONDocument.parse(detailed.stdout).root["results"]?[0]?["errors"]?.elements ?? []
        #expect(Set(nested.compactMap { $0["keywordLocation"]?.string }) == ["/properties/id/minimum", "/properties/tags/maxItems"])
        let verbose = try CLI.run(["schema", "--output", "verbose", "--format", "json", path("s.json"), path("ok.json")])
        #expect(verbose.status == 0)
        #expect(try JSONDocument.parse(verbose.stdout).root["results"]?[0]?["valid"]?.bool == true)
    }

    @Test func standardInput() throws {
        let dir = try CLI.files(["s.json": Self.schema])
        let outcome = try CLI.run(["schema", dir.appendingPathComponent("s.json").path, "-"], stdin: #"{"id": 9}"#)
        #expect(outcome.status == 0)
    }

    @Test func lintYAMLFromStandardInput() throws {
        // The operation lacks `responses` (3.0); the schema $ref is relative to the current folder.
        let dir = try CLI.files(["schemas/pet.yaml": "type: object\nproperties: {name: {type: string}}\n"])
        let yaml = """
            openapi: 3.0.3
            info: {title: Pets, version: "1"}
            paths:
              /pets:
                get: {}
                post:
                  requestBody:
                    content:
                      application/json: {schema: {$ref: "schemas/pet.yaml"}}
                  responses: {"201": {description: created}}
            """
        let outcome = try CLI.run(["lint", "--format", "json", "-"], stdin: yaml, in: dir)
        #expect(outcome.status == 1)
        let report = try JSONDocument.parse(outcome.stdout).root
        #expect(report["files"]?[0]?["path"]?.string == "<stdin>")
        let findings = report["files"]?[0]?["findings"]?.elements ?? []
        #expect(findings.count == 1, "only the missing responses, no unresolvable $ref: \(outcome.stdout)")
        #expect(findings.first?["rule"]?.string == "oas3-schema")
        #expect(findings.first?["pointer"]?.string == "/paths/~1pets/get")
        #expect(findings.first?["line"]?.int == 5)
        #expect(findings.first?["message"]?.string?.contains("'responses'") == true)
        #expect(report["files"]?.elements.count == 1, "schemas/pet.yaml has no findings of its own")

        // The same $ref from a folder without schemas/ does not resolve: it really is the current folder.
        let elsewhere = try CLI.run(["lint", "--format", "json", "-"], stdin: yaml, in: try CLI.files([:]))
        let rules = (try JSONDocument.parse(elsewhere.stdout).root["files"]?[0]?["findings"]?.elements ?? []).compactMap { $0["rule"]?.string }
        #expect(rules.sorted() == ["invalid-ref", "oas3-schema"])
    }

    @Test func lintCleanJSONFromStandardInput() throws {
        let json = #"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#
        let outcome = try CLI.run(["lint", "--format", "json", "-"], stdin: json, in: try CLI.files([:]))
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let report = try JSONDocument.parse(outcome.stdout).root
        #expect(report["files"]?[0]?["path"]?.string == "<stdin>")
        #expect(report["files"]?[0]?["findings"]?.elements.isEmpty == true)
        // Sniffed as JSON, not YAML: a JSON syntax error is reported as one, at <stdin>:line:column.
        let broken = try CLI.run(["lint", "-"], stdin: "{\"openapi\": \"3.1.0\",\n  \"info\": }", in: try CLI.files([:]))
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("<stdin>:2:"), "\(broken.stderr)")
    }

    @Test func lintStandardInputWithFilesConfigAndOnce() throws {
        // Config lookup starts from the current folder; other paths lint beside `-`.
        let dir = try CLI.files([
            ".oavalidate.yaml": "rules:\n  operation-success-response: error\n",
            "ok.yaml": "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n",
        ])
        let yaml = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'404': {description: n}}\n"
        let outcome = try CLI.run(["lint", "--format", "json", "ok.yaml", "-"], stdin: yaml, in: dir)
        #expect(outcome.status == 1, "operation-success-response is an error by the config: \(outcome.stdout)")
        let files = try JSONDocument.parse(outcome.stdout).root["files"]?.elements ?? []
        #expect(files.compactMap { $0["path"]?.string } == ["ok.yaml", "<stdin>"])
        #expect(files.last?["findings"]?[0]?["rule"]?.string == "operation-success-response")
        #expect(files.last?["findings"]?[0]?["severity"]?.string == "error")
        let twice = try CLI.run(["lint", "-", "-"], stdin: yaml, in: dir)
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("'-' (standard input) can be given only once"))
    }

    @Test func failFastStopsAtTheFirstSpecThatFails() throws {
        let bad = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: {get: {}}\n  /b: {get: {}}\n"
        let clean = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n"
        let dir = try CLI.files(["bad.yaml": bad, "clean.yaml": clean, "bad2.yaml": bad])
        let whole = try CLI.run(["lint", "--format", "json", "clean.yaml", "bad.yaml", "bad2.yaml"], in: dir)
        let fast = try CLI.run(["lint", "--format", "json", "--fail-fast", "clean.yaml", "bad.yaml", "bad2.yaml"], in: dir)
        #expect(whole.status == 1)
        #expect(fast.status == 1)
        func paths(_ outcome: CLI.Outcome) throws -> [String] {
            try (JSONDocument.parse(outcome.stdout).root["files"]?.elements ?? []).compactMap { $0["path"]?.string }
        }
        #expect(try paths(whole) == ["clean.yaml", "bad.yaml", "bad2.yaml"])
        #expect(try paths(fast) == ["clean.yaml", "bad.yaml"], "bad2.yaml is not linted after bad.yaml failed")
        let errors = try JSONDocument.parse(fast.stdout).root["summary"]?["error"]?.int ?? 0
        #expect(errors >= 1 && errors <= 2)
        // Nothing to stop at: the same report and exit code as without the flag.
        let cleanFast = try CLI.run(["lint", "--format", "json", "--fail-fast", "clean.yaml"], in: dir)
        let cleanWhole = try CLI.run(["lint", "--format", "json", "clean.yaml"], in: dir)
        #expect(cleanFast.status == 0)
        #expect(cleanFast.stdout == cleanWhole.stdout)
    }

    @Test func aManyFileDescriptionAndStandardInputInOneRun() throws {
        // A root naming 40 files, then a description on standard input: each file reported
        // under its own path, in order, and the exit code from all of them.
        var root = "openapi: 3.0.3\ninfo: {title: Many, version: '1'}\npaths:\n"
        var files: [String: String] = [:]
        for n in 0..<40 {
            root += "  /items\(n)/{id}:\n    $ref: 'items/item\(n).yaml'\n"
            files["items/item\(n).yaml"] = "get:\n  operationId: get\(n)\n  responses: {'200': {description: ok}}\n"
        }
        files["root.yaml"] = root
        let dir = try CLI.files(files)
        let small = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"
        let run = try CLI.run(["lint", "--format", "json", "root.yaml", "-"], stdin: small, in: dir)
        #expect(run.status == 1, "40 undeclared path parameters: \(run.stderr)")
        let report = try JSONDocument.parse(run.stdout).root["files"]?.elements ?? []
        #expect(report.compactMap { $0["path"]?.string }.count == 42, "root, 40 items, <stdin>")
        #expect(report.last?["path"]?.string == "<stdin>")
        #expect(report.map { $0["findings"]?.elements.count ?? 0 }.reduce(0, +) == 40, "one per item file")
    }
}

/// XCTest counterpart so the CLI also shows in the XCTest summary.
final class CLIXCTests: XCTestCase {
    func testExitCodeForFindings() throws {
        let dir = try CLI.files(["s.json": #"{"maxLength": 2}"#, "i.json": #""abc""#])
        let outcome = try CLI.run(["schema", dir.appendingPathComponent("s.json").path, dir.appendingPathComponent("i.json").path])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stdout.contains("i.json:1: /: "), outcome.stdout)
    }
}
