// Locates and loads the benchmark inputs that live outside the repository, in the
// `shared` directory next to the checkout (../shared from the repository root).
//
// The same inputs, built the same way, as ../shared/bench/peers/json_parse_bench.py, so
// that our figures and the Python peers' figures are for identical bytes.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum BenchInputs {
    /// One parse-throughput input.
    public struct Input: Sendable {
        public enum Kind: Sendable {
            /// One JSON document.
            case json([UInt8])
            /// Many small JSON documents, parsed one at a time.
            case jsonLines([[UInt8]])
            /// One YAML document.
            case yaml([UInt8])
        }

        public let name: String
        public let kind: Kind

        /// Bytes counted for MB/s: the document, or the sum of all lines.
        public var byteCount: Int {
            switch kind {
            case .json(let b), .yaml(let b): return b.count
            case .jsonLines(let lines): return lines.reduce(0) { $0 + $1.count }
            }
        }
    }

    /// The names accepted by ``load(_:)``, in report order.
    public static let allNames = [
        "twitter", "canada", "citm_catalog", "instances-array", "instances-lines", "yaml-largest",
    ]

    /// The shared directory: `$OAV_SHARED_DIR`, else `../shared` relative to the repository
    /// root (found from this source file's location). Exits with a clear message if absent.
    public static let sharedDirectory: String = {
        if let fromEnvironment = getenv("OAV_SHARED_DIR") {
            let path = String(cString: fromEnvironment)
            guard isDirectory(path) else {
                fail("OAV_SHARED_DIR=\(path) is not a directory")
            }
            return path
        }
        // #filePath = <repo>/Benchmarks/Sources/BenchInputs/BenchInputs.swift
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(4)
        let repository = components.joined(separator: "/")
        let path = repository + "/../shared"
        guard isDirectory(path) else {
            fail(
                "benchmark inputs not found: expected the shared directory at \(path) "
                    + "(next to the repository); set OAV_SHARED_DIR to its location")
        }
        return path
    }()

    /// Loads the named inputs (all of ``allNames`` when `names` is empty).
    public static func load(_ names: [String] = []) -> [Input] {
        let wanted = names.isEmpty ? allNames : names
        for name in wanted where !allNames.contains(name) {
            fail("unknown input '\(name)'; known: \(allNames.joined(separator: ", "))")
        }
        var result: [Input] = []
        var instanceLines: [[UInt8]]?
        func lines() -> [[UInt8]] {
            if let instanceLines { return instanceLines }
            let loaded = loadInstanceLines()
            instanceLines = loaded
            return loaded
        }
        for name in allNames where wanted.contains(name) {
            switch name {
            case "twitter", "canada", "citm_catalog":
                result.append(Input(name: name, kind: .json(readFile("\(sharedDirectory)/bench/json/\(name).json"))))
            case "instances-array":
                // "[" + lines joined by "," + "]", exactly as the Python harness builds it.
                var array: [UInt8] = [UInt8(ascii: "[")]
                for (i, line) in lines().enumerated() {
                    if i > 0 { array.append(UInt8(ascii: ",")) }
                    array.append(contentsOf: line)
                }
                array.append(UInt8(ascii: "]"))
                result.append(Input(name: name, kind: .json(array)))
            case "instances-lines":
                result.append(Input(name: name, kind: .jsonLines(lines())))
            case "yaml-largest":
                let path = largestYAMLDocument()
                result.append(Input(name: name, kind: .yaml(readFile(path))))
            default:
                break
            }
        }
        return result
    }

    /// Path of the largest `.yaml`/`.yml` file under the shared corpus.
    public static func largestYAMLDocument() -> String {
        let corpus = "\(sharedDirectory)/corpus"
        guard isDirectory(corpus) else { fail("YAML corpus not found at \(corpus)") }
        var best: (path: String, size: Int)?
        walk(corpus) { path, size in
            guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return }
            // Ties broken by path so the choice is stable.
            if best == nil || size > best!.size || (size == best!.size && path < best!.path) {
                best = (path, size)
            }
        }
        guard let best else { fail("no .yaml/.yml file under \(corpus)") }
        return best.path
    }

    /// Every non-blank line of every `*/instances.jsonl`, directories in sorted order.
    static func loadInstanceLines() -> [[UInt8]] {
        let root = "\(sharedDirectory)/bench/jsonschema-benchmark"
        guard isDirectory(root) else { fail("jsonschema-benchmark inputs not found at \(root)") }
        var lines: [[UInt8]] = []
        for directory in listDirectory(root).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let path = "\(root)/\(directory)/instances.jsonl"
            guard isRegularFile(path) else { continue }  // some upstream blobs are absent
            let bytes = readFile(path)
            for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                // Same test as Python's `line.strip()`: keep lines with a non-whitespace byte.
                if line.contains(where: { !isPythonWhitespace($0) }) { lines.append(Array(line)) }
            }
        }
        guard !lines.isEmpty else { fail("no instances.jsonl lines under \(root)") }
        return lines
    }

    /// `bytes.strip()` strips space, \t, \n, \v, \f and \r.
    static func isPythonWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || (c >= 0x09 && c <= 0x0D)
    }

    // MARK: - Small POSIX file helpers (no Foundation: keeps the benchmark binaries lean)

    public static func fail(_ message: String) -> Never {
        var text = "error: \(message)\n"
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        exit(2)
    }

    public static func readFile(_ path: String) -> [UInt8] {
        guard let file = fopen(path, "rb") else { fail("cannot open \(path)") }
        defer { fclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
        }
        if ferror(file) != 0 { fail("cannot read \(path)") }
        return result
    }

    static func fileStatus(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    static func isDirectory(_ path: String) -> Bool {
        guard let info = fileStatus(path) else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func isRegularFile(_ path: String) -> Bool {
        guard let info = fileStatus(path) else { return false }
        return (info.st_mode & S_IFMT) == S_IFREG
    }

    static func listDirectory(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func walk(_ path: String, _ visit: (String, Int) -> Void) {
        for name in listDirectory(path) {
            let child = "\(path)/\(name)"
            guard let info = fileStatus(child) else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walk(child, visit)
            } else if (info.st_mode & S_IFMT) == S_IFREG {
                visit(child, Int(info.st_size))
            }
        }
    }
}
