import Foundation
import JSONDocument
import Testing

/// The `oavalidate lint` command end to end: exit codes, formats, shorthand. Runs the binary built
/// next to the test bundle (`swift test` on the whole package builds it); skipped when it is absent.
@Suite("lint command", .enabled(if: LintCLI.binary != nil))
struct LintCLITests {
    @Test func exitCodes() throws {
        let clean = TestData.fixture("multi/parameters.yaml")  // not an OpenAPI document
        #expect(try LintCLI.run(["lint", clean]).status == 2)
        let dir = try temporaryDirectory(files: [
            "ok.yaml": api("paths: {}"),
            "warn.yaml": api("paths:\n  /a:\n    get:\n      responses: {\"404\": {description: n}}\n"),
            "bad.yaml": api("paths:\n  /a:\n    get: {}\n"),
            "async.yaml": "asyncapi: 3.0.0\n",
            "broken.yaml": "openapi: [\n",
        ])
        #expect(try LintCLI.run([dir + "/ok.yaml"]).status == 0)
        #expect(try LintCLI.run(["lint", dir + "/ok.yaml"]).status == 0)
        #expect(try LintCLI.run([dir + "/warn.yaml"]).status == 0)
        #expect(try LintCLI.run(["lint", "--fail-severity", "warning", dir + "/warn.yaml"]).status == 1)
        #expect(try LintCLI.run([dir + "/bad.yaml"]).status == 1)
        let async = try LintCLI.run([dir + "/async.yaml"])
        #expect(async.status == 2)
        #expect(async.stderr.contains("AsyncAPI is not supported yet"))
        let broken = try LintCLI.run([dir + "/broken.yaml"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.yaml:"))
        #expect(try LintCLI.run([dir + "/missing.yaml"]).status == 2)
        #expect(try LintCLI.run(["lint", "--format", "xml", dir + "/ok.yaml"]).status == 2)
    }

    @Test func jsonFormatIsOneDocument() throws {
        let dir = try temporaryDirectory(files: ["bad.yaml": api("paths:\n  /a:\n    get: {}\n")])
        let outcome = try LintCLI.run(["lint", "--format", "json", dir + "/bad.yaml"])
        let doc = try JSONDocument.parse(outcome.stdout)
        #expect(doc.root["summary"]?["error"]?.int == 1)
    }

    @Test func subcommandsStillWork() throws {
        let dir = try temporaryDirectory(files: ["s.json": #"{"type": "integer"}"#, "i.json": "1"])
        #expect(try LintCLI.run(["schema", dir + "/s.json", dir + "/i.json"]).status == 0)
        #expect(try LintCLI.run(["parse", dir + "/i.json"]).status == 0)
    }
}

enum LintCLI {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL? = {
        var dir = Bundle.main.bundleURL
        while dir.pathComponents.count > 1 {
            let candidate = dir.appendingPathComponent("oavalidate")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    static func run(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }
}
