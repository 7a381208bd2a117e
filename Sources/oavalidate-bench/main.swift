// oavalidate-bench SCHEMA_DIR
//
// The jsonschema-benchmark protocol, so figures compare with every implementation there:
// read schema-noformat.json and instances.jsonl and parse every instance (untimed); compile
// (compile_ns); validate every instance once (cold_ns); warm up min(100, ceil(10 s / cold))
// passes; time one more pass (warm_ns). Prints `cold_ns,warm_ns,compile_ns`. Exits 1 if
// any instance is reported invalid (all are valid by construction), 2 on unreadable input.
import Foundation
import SchemaEngine

func fail(_ message: String, code: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("oavalidate-bench: \(message)\n".utf8))
    exit(code)
}

/// Everything runs inside one function: top-level variables would be main-actor isolated.
func benchmark() {
    let arguments = CommandLine.arguments
    guard arguments.count == 2 else { fail("usage: oavalidate-bench SCHEMA_DIR") }
    let directory = URL(fileURLWithPath: arguments[1])

    func readFile(_ name: String) -> [UInt8] {
        let url = directory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else { fail("cannot read \(url.path)") }
        return [UInt8](data)
    }

    let schemaDocument: JSONDocument
    do {
        schemaDocument = try JSONDocument.parse(readFile("schema-noformat.json"), sourceName: "schema-noformat.json")
    } catch {
        fail("schema-noformat.json:\(error)")
    }
    var instances: [JSONDocument] = []
    for entry in JSONLines(readFile("instances.jsonl"), sourceName: "instances.jsonl") {
        switch entry.result {
        case .success(let document): instances.append(document)
        case .failure(let error): fail("instances.jsonl:\(error.line):\(error.column): \(error.message)")
        }
    }

    @inline(never)
    func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    let compileStart = now()
    let validator: Validator
    do {
        validator = try Validator(schema: schemaDocument)
    } catch {
        fail("cannot compile schema: \(error)")
    }
    let compileNs = now() - compileStart

    /// One pass over every instance; returns how many were reported invalid.
    @inline(never)
    func pass() -> Int {
        var invalid = 0
        for instance in instances where !validator.isValid(instance) { invalid += 1 }
        return invalid
    }

    let coldStart = now()
    let invalid = pass()
    let coldNs = now() - coldStart
    if invalid > 0 {
        for (k, instance) in instances.enumerated() where !validator.isValid(instance) {
            let errors = validator.validate(instance).errors.prefix(3).map(\.description).joined(separator: "; ")
            fail("instance \(k + 1) reported invalid: \(errors)", code: 1)
        }
    }

    let warmups = min(100, Int((10_000_000_000 + max(coldNs, 1) - 1) / max(coldNs, 1)))
    for _ in 0..<warmups { _ = pass() }

    let warmStart = now()
    _ = pass()
    let warmNs = now() - warmStart
    print("\(coldNs),\(warmNs),\(compileNs)")
}

benchmark()
