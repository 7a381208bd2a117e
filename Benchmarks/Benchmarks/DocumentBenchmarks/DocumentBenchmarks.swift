// Document-layer benchmarks (ordo-one/package-benchmark).
//
// Run: swift package --package-path Benchmarks benchmark --no-progress
//
// One benchmark per input: parse of twitter.json, canada.json, citm_catalog.json, the
// jsonschema-benchmark instances concatenated into one JSON array, and the YAML load of
// the largest YAML document in ../shared/corpus. The input size in bytes is part of each
// name, so MB/s = bytes × throughput (parses/s) / 1e6. For a direct MB/s figure with the
// Python peers' protocol, use the `parse-throughput` executable / compare_parse.py.
//
// Inputs are found in ../shared next to the repository, or in $OAV_SHARED_DIR.

import BenchInputs
import Benchmark
import JSONDocument

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    let inputs = BenchInputs.load(["twitter", "canada", "citm_catalog", "instances-array", "yaml-largest"])
    for input in inputs {
        switch input.kind {
        case .json(let bytes):
            let label = input.name == "instances-array" ? "jsonschema-benchmark instances as one array" : "\(input.name).json"
            Benchmark("JSON parse \(label) (\(bytes.count) B)") { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try JSONDocument.parse(bytes).nodeCount)
                }
            }
        case .yaml(let bytes):
            let file = BenchInputs.largestYAMLDocument().split(separator: "/").last.map(String.init) ?? "?"
            Benchmark("YAML load \(file), largest in corpus (\(bytes.count) B)") { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try JSONDocument.parseYAML(bytes).nodeCount)
                }
            }
        case .jsonLines:
            break
        }
    }
}
