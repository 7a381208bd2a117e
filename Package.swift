// swift-tools-version:6.1
import PackageDescription

// Layers, each depending only on the ones above it:
//   JSONDocument  – JSON/YAML parsing into a flat tape, JSON Pointer, equality
//   SchemaEngine  – JSON Schema compiler + evaluator (all drafts, OAS dialects)
//   oavalidate    – the command-line tool
// Integrations (Hummingbird, swift-openapi-runtime) and Benchmarks/ live in their
// own packages so the core build stays small.
// Release builds drop the runtime exclusivity checks (swift_beginAccess on every class-property
// access: ~3% of a lint's instructions). Debug builds, which run the tests, keep them.
let releaseSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
    name: "oavalidate",
    products: [
        .library(name: "JSONDocument", targets: ["JSONDocument"]),
        .library(name: "SchemaEngine", targets: ["SchemaEngine"]),
        .executable(name: "oavalidate", targets: ["oavalidate"]),
        // The jsonschema-benchmark protocol runner (issue 4); small, so it lives in the core build.
        .executable(name: "oavalidate-bench", targets: ["oavalidate-bench"]),
    ],
    // No package dependencies: the core builds from the toolchain and two system libraries.
    dependencies: [],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
        ),
        // Vector byte scans (SSE2) for the parsers' hot loops.
        .target(name: "CByteScan"),
        // Starts helper threads on another CPU than their creator's (see its header).
        // DWARF 4: valgrind 3.19 (callgrind, the profiler used here) gives up on this file's DWARF 5 call sites.
        .target(name: "CThreadPlacement", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        .target(name: "JSONDocument", dependencies: ["CYAML", "CByteScan", "CThreadPlacement"], swiftSettings: releaseSettings),
        .target(name: "SchemaEngine", dependencies: ["JSONDocument", "CPCRE2"], swiftSettings: releaseSettings),
        .executableTarget(
            name: "oavalidate",
            dependencies: [
                "JSONDocument",
                "SchemaEngine",
                "OpenAPILinter",
            ],
            // The tool is started once per CI step and per file: as a static executable (Swift runtime,
            // libyaml, PCRE2 and libc linked in) it skips the dynamic loader's relocation work and
            // starts in ~1 ms with ~5 MB resident. libyaml-dev and libpcre2-dev ship the archives.
            // Release only: test bundles that link this target (CLITests) keep the dynamic runtime.
            linkerSettings: [.unsafeFlags(["-static-executable"], .when(platforms: [.linux], configuration: .release))]
        ),
        .target(name: "OpenAPIModel", dependencies: ["JSONDocument", "SchemaEngine"], swiftSettings: releaseSettings),
        .target(name: "OpenAPILinter", dependencies: ["OpenAPIModel"], swiftSettings: releaseSettings),
        .executableTarget(name: "oavalidate-bench", dependencies: ["SchemaEngine"]),
        .testTarget(name: "JSONDocumentTests", dependencies: ["JSONDocument", "CByteScan", "CThreadPlacement"]),
        .testTarget(name: "SchemaEngineTests", dependencies: ["SchemaEngine", "JSONDocument"]),
        .testTarget(
            name: "JSONSchemaTestSuite",
            dependencies: ["SchemaEngine", "JSONDocument"],
            path: "JSONSchemaTestSuite",
            exclude: ["REPORT.md", "README.md"]
        ),
        .testTarget(name: "CLITests", dependencies: ["oavalidate"]),
        .testTarget(name: "OpenAPIModelTests", dependencies: ["OpenAPIModel"]),
        .testTarget(
            name: "OpenAPILinterTests", dependencies: ["OpenAPILinter", "OpenAPIModel"], exclude: ["Fixtures"]),
    ]
)
