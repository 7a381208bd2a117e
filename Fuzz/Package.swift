// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for the document layer, kept out of the core package so its build
// and tests never see fuzzer flags. Build and run with ./run.sh (see README.md).
// The root package is pinned by `name:` because a path dependency's identity is
// otherwise the checkout's folder name.
let package = Package(
    name: "fuzz",
    dependencies: [
        .package(name: "oavalidate", path: "..")
    ],
    targets: [
        // Invariants shared by both fuzzers (serialization, equality, pointers).
        .target(
            name: "FuzzChecks",
            dependencies: [.product(name: "JSONDocument", package: "oavalidate")]
        ),
        .executableTarget(
            name: "JSONFuzz",
            dependencies: ["FuzzChecks", .product(name: "JSONDocument", package: "oavalidate")]
        ),
        .executableTarget(
            name: "YAMLFuzz",
            dependencies: ["FuzzChecks", .product(name: "JSONDocument", package: "oavalidate")]
        ),
    ]
)
