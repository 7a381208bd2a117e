// Schema-engine benchmarks (ordo-one/package-benchmark).
//
// Run: swift package --package-path Benchmarks benchmark --target ValidatorBenchmarks --no-progress
//
// Four schemas of ../shared/bench/jsonschema-benchmark, chosen to cover the engine's shapes:
//   clang-format            wide object (100+ properties), string enums, oneOf of enum/object
//   cql2                    2020-12, recursion through $dynamicRef, oneOf of object shapes
//   dependabot              nested objects and arrays of objects, required, numeric bounds
//   unreal-engine-uproject  $ref to definitions, uniqueItems on arrays of objects and strings
// For each: compile time, then `isValid` and `validate` per instance. One scaled iteration
// is one instance (cycling through the schema's instances.jsonl, all valid), so wall clock
// and mallocCountTotal read per instance. `isValid` should show 0 mallocs (none of these
// schemas has a regex that PCRE2 runs; see README for where allocation does happen).

import BenchInputs
import Benchmark
import SchemaEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

private let schemaNames = ["clang-format", "cql2", "dependabot", "unreal-engine-uproject"]

private func readFile(_ path: String) -> [UInt8] {
    guard let file = fopen(path, "rb") else { fatalError("ValidatorBenchmarks: cannot read \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n <= 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
}

private struct Fixture {
    let name: String
    let schema: JSONDocument
    let instances: [JSONDocument]

    init(_ name: String) {
        let directory = BenchInputs.sharedDirectory + "/bench/jsonschema-benchmark/" + name
        self.name = name
        schema = try! JSONDocument.parse(readFile(directory + "/schema-noformat.json"))
        var documents: [JSONDocument] = []
        for entry in JSONLines(readFile(directory + "/instances.jsonl")) {
            if case .success(let document) = entry.result { documents.append(document) }
        }
        instances = documents
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(2),
        maxIterations: 100_000
    )

    for name in schemaNames {
        let fixture = Fixture(name)
        let validator = try! Validator(schema: fixture.schema)
        let instances = fixture.instances
        precondition(instances.allSatisfy(validator.isValid), "\(name): an instance is invalid")

        Benchmark("compile \(name)", configuration: .init(maxIterations: 2_000)) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try Validator(schema: fixture.schema))
            }
        }

        Benchmark(
            "isValid \(name) (per instance, \(instances.count) instances)",
            configuration: .init(scalingFactor: .kilo)
        ) { benchmark in
            var k = 0
            for _ in benchmark.scaledIterations {
                blackHole(validator.isValid(instances[k]))
                k = k == instances.count - 1 ? 0 : k + 1
            }
        }

        Benchmark(
            "validate \(name) (per instance, \(instances.count) instances)",
            configuration: .init(scalingFactor: .kilo)
        ) { benchmark in
            var k = 0
            for _ in benchmark.scaledIterations {
                blackHole(validator.validate(instances[k]).isValid)
                k = k == instances.count - 1 ? 0 : k + 1
            }
        }
    }
}
