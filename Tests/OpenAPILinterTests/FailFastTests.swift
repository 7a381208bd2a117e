import Foundation
@testable import OpenAPILinter
import OpenAPIModel
import Testing

/// `--fail-fast` (`LintOptions.failFast`): the lint may stop early, but only on a finding the
/// report keeps, so its exit code is always the full lint's.
@Suite("Fail fast")
struct FailFastTests {
    /// Lints `path` whole and with fail-fast at `threshold`, on one thread and threaded, and
    /// checks what fail-fast promises. Returns the fail-fast results (one thread, threaded).
    @discardableResult
    static func check(_ path: String, config: LintConfig = LintConfig(), threshold: Severity = .error) throws -> [LintResult] {
        let whole = try Linter.lint(path: path, options: LintOptions(config: config), oneThread: false)
        let fails = whole.findings.contains { $0.severity >= threshold }
        var results: [LintResult] = []
        for oneThread in [true, false] {
            let options = LintOptions(config: config, failFast: threshold)
            let fast = try Linter.lint(path: path, options: options, oneThread: oneThread)
            let how = oneThread ? "one thread" : "threaded"
            #expect(fast.findings.contains { $0.severity >= threshold } == fails, "\(path), \(how): the exit code differs")
            let extra = fast.findings.filter { !whole.findings.contains($0) }
            #expect(extra.isEmpty, "\(path), \(how): fail-fast reported what the full lint does not: \(extra.prefix(3))")
            if !fails {
                #expect(fast.findings == whole.findings, "\(path), \(how): nothing to stop at, so the whole lint")
            }
            results.append(fast)
        }
        return results
    }

    static func write(_ text: String, extra: [String: String] = [:]) throws -> String {
        try temporaryDirectory(files: ["openapi.yaml": text].merging(extra) { a, _ in a }) + "/openapi.yaml"
    }

    /// Two path items, each with errors; warnings and infos beside them.
    static let manyErrors = api("""
        paths:
          /a/{id}:
            get:
              operationId: same
              responses: {'200': {description: ok}}
          /b:
            get:
              operationId: same
              parameters: [{name: q, in: nowhere}]
              responses: {'404': {description: missing}}
        components:
          schemas:
            Unused: {type: object, required: [ghost]}
        """)

    @Test func stopsWithAnErrorOnAnInvalidDescription() throws {
        let results = try Self.check(try Self.write(Self.manyErrors))
        for result in results { #expect(result.findings.contains { $0.severity == .error }) }
        // On one thread the walk is in document order: it stops at the first error it meets.
        let whole = try Linter.lint(path: try Self.write(Self.manyErrors))
        #expect(whole.findings.filter { $0.severity == .error }.count >= 3)
        #expect(results[0].findings.filter { $0.severity == .error }.count < whole.findings.filter { $0.severity == .error }.count)
    }

    @Test func aDescriptionWithWarningsOnlyIsLintedWhole() throws {
        let text = api("""
            paths:
              /a:
                get:
                  responses: {'404': {description: missing}}
            components:
              schemas:
                Unused: {type: object, properties: {a: {type: string}}, required: [ghost]}
            """)
        let results = try Self.check(try Self.write(text))
        #expect(results[1].rules().sorted() == ["oas3-unused-component", "operation-success-response", "schema-required-properties"])
        // At warning, the first warning stops it.
        let atWarning = try Self.check(try Self.write(text), threshold: .warning)
        for result in atWarning { #expect(result.findings.contains { $0.severity >= .warning }) }
    }

    @Test func findingsTheReportDropsDoNotStopIt() throws {
        // The only errors are turned off, ignored, or suppressed in the document: the lint
        // must go on to the end (and find the one error that counts, in another file).
        var config = LintConfig()
        config.severities["operation-operationId-unique"] = .some(nil)
        config.ignores = [LintConfig.Ignore(file: nil, pointer: "/paths/~1b", rules: nil)]
        let text = api("""
            paths:
              /a:
                get:
                  operationId: same
                  responses: {'200': {description: ok}}
              /b:
                get:
                  parameters: [{name: q, in: nowhere}]
                  responses: {'200': {description: ok}}
              /c:
                x-lint-ignore: oas3-schema
                get:
                  operationId: same
                  parameters: [{name: q, in: nowhere}]
                  responses: {'200': {description: ok}}
              /d:
                $ref: 'd.yaml'
            """)
        let other = "get:\n  responses: {'200': {description: ok, headers: {X: {schema: {type: strange}}}}}\n"
        let results = try Self.check(try Self.write(text, extra: ["d.yaml": other]), config: config)
        for result in results {
            #expect(result.findings.filter { $0.severity == .error }.map(\.file).allSatisfy { $0.hasSuffix("d.yaml") })
            #expect(result.findings.contains { $0.file.hasSuffix("d.yaml") && $0.severity == .error })
        }
    }

    @Test func suppressedEverywhereMeansTheFullCleanLint() throws {
        let text = api("""
            x-lint-ignore: true
            paths:
              /a/{id}:
                get:
                  responses: {'200': {description: ok}}
            """)
        let results = try Self.check(try Self.write(text))
        #expect(results.allSatisfy { $0.findings.isEmpty })
    }

    @Test func everyCorpusDocumentKeepsItsVerdict() throws {
        let (corpus, entries) = try CorpusTests.entries()
        for e in entries where e.kind == "openapi" {
            try Self.check(corpus + "/" + e.entry)
        }
    }
}
