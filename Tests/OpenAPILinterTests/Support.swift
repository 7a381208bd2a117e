import Foundation
import JSONDocument
@testable import OpenAPILinter
import OpenAPIModel
import Testing

/// Test data locations.
enum TestData {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures").path

    /// The shared folder (corpus, specs): `OAV_SHARED_DIR`, else `../shared` beside the project root.
    static var shared: String {
        if let env = ProcessInfo.processInfo.environment["OAV_SHARED_DIR"], !env.isEmpty { return env }
        return testsDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared").path
    }

    static func requireShared(_ sub: String) throws -> String {
        let path = (shared as NSString).appendingPathComponent(sub)
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("shared test data not found at \(path); set OAV_SHARED_DIR to the 'shared' folder")
            throw CancellationError()
        }
        return path
    }

    static func fixture(_ name: String) -> String { (fixtures as NSString).appendingPathComponent(name) }
}

/// Writes `text` to a fresh temporary folder as `name` (plus any extra files) and lints it.
func lintText(
    _ text: String, name: String = "openapi.yaml", extra: [String: String] = [:], config: LintConfig = LintConfig(),
    load: LoadOptions = LoadOptions()
) throws -> LintResult {
    let dir = try temporaryDirectory(files: [name: text].merging(extra) { a, _ in a })
    // Every document is linted both ways: on one thread (what a document this small gets) and
    // by the threaded lint (walkers sharing the parts, the model and the samples beside them).
    let options = LintOptions(load: load, config: config)
    let threaded = try Linter.lint(path: dir + "/" + name, options: options, oneThread: false)
    let single = try Linter.lint(path: dir + "/" + name, options: options, oneThread: true)
    #expect(single.findings == threaded.findings, "one thread and several disagree")
    #expect(single.files == threaded.files)
    return threaded
}

func temporaryDirectory(files: [String: String]) throws -> String {
    let dir = NSTemporaryDirectory() + "oav-lint-" + UUID().uuidString
    for (name, text) in files {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
    return dir
}

extension LintResult {
    func rules() -> [String] { findings.map(\.rule) }
    func with(_ rule: String) -> [Finding] { findings.filter { $0.rule == rule } }
}

/// `openapi: VERSION` + a fixed info block + `body` (top-level YAML: paths, components…).
func api(_ body: String, version: String = "3.0.3") -> String {
    let head = version == "2.0" ? "swagger: \"2.0\"" : "openapi: \(version)"
    return head + "\ninfo:\n  title: T\n  version: \"1\"\n" + body
}
