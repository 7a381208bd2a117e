// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so the core build never pays for
// package-benchmark and its dependencies (see ../shared/GUIDE.md §6).
// The root package is pinned by `name:` because a path dependency's identity is
// otherwise the checkout's folder name, which differs between machines.
let package = Package(
    name: "benchmarks",
    products: [
        .executable(name: "parse-throughput", targets: ["ParseThroughput"])
    ],
    dependencies: [
        .package(name: "oavalidate", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Locating and loading the shared benchmark inputs, used by both executables.
        .target(
            name: "BenchInputs",
            path: "Sources/BenchInputs"
        ),
        .executableTarget(
            name: "DocumentBenchmarks",
            dependencies: [
                "BenchInputs",
                .product(name: "JSONDocument", package: "oavalidate"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/DocumentBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ValidatorBenchmarks",
            dependencies: [
                "BenchInputs",
                .product(name: "SchemaEngine", package: "oavalidate"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ValidatorBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Stand-alone MB/s measurement with the same protocol as
        // ../shared/bench/peers/json_parse_bench.py; driven by compare_parse.py.
        .executableTarget(
            name: "ParseThroughput",
            dependencies: [
                "BenchInputs",
                .product(name: "JSONDocument", package: "oavalidate"),
            ],
            path: "Sources/ParseThroughput"
        ),
    ]
)
