import Foundation
import SchemaEngine
import Testing

/// Loads the official JSON-Schema-Test-Suite: every test becomes one `SuiteTest`.
enum Suite {
    /// The suite directory: `JSON_SCHEMA_TEST_SUITE`, else `../shared/JSON-Schema-Test-Suite` beside the package.
    static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"] {
            return URL(fileURLWithPath: override)
        }
        // JSONSchemaTestSuite/Suite.swift → package root → ../shared/JSON-Schema-Test-Suite
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/JSON-Schema-Test-Suite")
    }()

    static var isPresent: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("tests").path)
    }

    /// Drafts we run, with the dialect used when a schema has no `$schema`.
    static let drafts: [(directory: String, dialect: Dialect)] = [
        ("draft4", .draft4), ("draft6", .draft6), ("draft7", .draft7),
        ("draft2019-09", .draft2019_09), ("draft2020-12", .draft2020_12),
    ]

    /// Every document under remotes/, registered as http://localhost:1234/<path>.
    static let remotes: SchemaRegistry = {
        var registry = SchemaRegistry()
        let base = root.appendingPathComponent("remotes")
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return registry }
        for case let relative as String in enumerator where relative.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: base.appendingPathComponent(relative).path),
                let document = try? JSONDocument.parse([UInt8](data))
            else { continue }
            registry.add(uri: "http://localhost:1234/" + relative, document: document)
        }
        return registry
    }()

    /// All tests of all drafts, in a stable order.
    static let tests: [SuiteTest] = {
        guard isPresent else { return [] }
        var result: [SuiteTest] = []
        for (directory, dialect) in drafts {
            let draftURL = root.appendingPathComponent("tests").appendingPathComponent(directory)
            guard let enumerator = FileManager.default.enumerator(atPath: draftURL.path) else { continue }
            let files = enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
            for file in files {
                guard let data = FileManager.default.contents(atPath: draftURL.appendingPathComponent(file).path),
                    let document = try? JSONDocument.parse([UInt8](data))
                else { continue }
                for (c, testCase) in document.root.elements.enumerated() {
                    guard let schema = testCase["schema"], let tests = testCase["tests"] else { continue }
                    for (t, test) in tests.elements.enumerated() {
                        guard let data = test["data"], let valid = test["valid"]?.bool else { continue }
                        result.append(
                            SuiteTest(
                                draft: directory, file: file, caseIndex: c, testIndex: t,
                                caseName: testCase["description"]?.string ?? "",
                                testName: test["description"]?.string ?? "", dialect: dialect, schema: schema,
                                data: data, valid: valid))
                    }
                }
            }
        }
        return result
    }()

    static var required: [SuiteTest] { tests.filter { !$0.isOptional } }
    static var optional: [SuiteTest] { tests.filter { $0.isOptional } }

    /// Compiled validators, one per test case (schema), shared by its tests.
    nonisolated(unsafe) static var cache: [String: Result<Validator, SchemaCompileError>] = [:]
    static let cacheLock = NSLock()

    static func validator(for test: SuiteTest) -> Result<Validator, SchemaCompileError> {
        let key = "\(test.draft)/\(test.file)#\(test.caseIndex)"
        cacheLock.lock()
        if let cached = cache[key] {
            cacheLock.unlock()
            return cached
        }
        cacheLock.unlock()
        let options = ValidatorOptions(formatAssertion: test.isFormat, registry: remotes)
        let result = Result { () throws(SchemaCompileError) -> Validator in
            try Validator(schema: test.schema, dialect: test.dialect, options: options)
        }
        cacheLock.lock()
        cache[key] = result
        cacheLock.unlock()
        return result
    }

    /// Runs one test: nil when it passes, else why it failed.
    static func failure(of test: SuiteTest) -> String? {
        switch validator(for: test) {
        case .failure(let error):
            return "schema did not compile: \(error)"
        case .success(let validator):
            let fast = validator.isValid(test.data)
            let full = validator.validate(test.data)
            if fast != test.valid {
                return "isValid returned \(fast), expected \(test.valid)"
            }
            if full.isValid != test.valid {
                return "validate returned \(full.isValid), expected \(test.valid)"
            }
            if full.isValid != full.errors.isEmpty {
                return "validate returned isValid \(full.isValid) with \(full.errors.count) errors"
            }
            return nil
        }
    }
}

/// One test of the suite: a schema, an instance, and whether it is valid.
struct SuiteTest: Sendable, CustomTestStringConvertible {
    let draft: String
    let file: String
    let caseIndex: Int
    let testIndex: Int
    let caseName: String
    let testName: String
    let dialect: Dialect
    let schema: JSONValue
    let data: JSONValue
    let valid: Bool

    var isOptional: Bool { file.hasPrefix("optional/") }
    var isFormat: Bool { file.hasPrefix("optional/format/") }

    /// `draft/file: case description: test description` (the key of the known-failure list).
    var id: String { "\(draft)/\(file): \(caseName): \(testName)" }

    var testDescription: String { id }
}
