import Foundation
import OpenAPILinter
import OpenAPIModel
import Testing

@Suite("Corpus")
struct CorpusTests {
    struct Entry { var id: String; var kind: String; var entry: String }

    static func entries() throws -> (String, [Entry]) {
        let corpus = try TestData.requireShared("corpus")
        let data = try Data(contentsOf: URL(fileURLWithPath: corpus + "/MANIFEST.json"))
        let list = try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        return (corpus, list.map { Entry(id: $0["id"] as! String, kind: $0["kind"] as! String, entry: $0["entry"] as! String) })
    }

    @Test("every corpus document lints without crashing")
    func lintsWholeCorpus() throws {
        let (corpus, entries) = try Self.entries()
        #expect(entries.count >= 18)
        for e in entries {
            let path = corpus + "/" + e.entry
            let start = Date()
            do {
                let result = try Linter.lint(path: path)
                #expect(e.kind == "openapi", "\(e.id) should have been refused")
                let counts = Dictionary(grouping: result.findings, by: \.rule).mapValues(\.count)
                let errors = result.findings.filter { $0.severity == .error }.count
                print("CORPUS \(e.id): \(result.files.count) files, \(errors) errors, \(result.findings.count) findings, \(String(format: "%.3f", Date().timeIntervalSince(start)))s \(counts.sorted { $0.key < $1.key })")
            } catch {
                #expect(e.kind == "asyncapi", "\(e.id): \(error)")
                #expect(error.message.contains("AsyncAPI is not supported yet"))
            }
        }
    }
}

/// `OAV_LINT_DUMP=path swift test --filter dumpFindings` prints the findings of one document.
@Test func dumpFindings() throws {
    guard let path = ProcessInfo.processInfo.environment["OAV_LINT_DUMP"] else { return }
    let result = try Linter.lint(path: path)
    print(LintReport([result]).render(.text))
}
