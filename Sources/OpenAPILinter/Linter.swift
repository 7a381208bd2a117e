#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import JSONDocument
import OpenAPIModel

/// Per-rule severities and ignores, from `.oavalidate.yaml`.
public struct LintConfig: Sendable {
    public struct Ignore: Sendable {
        /// Absolute path of the file the ignore applies to (nil: every file).
        public var file: String?
        /// JSON Pointer prefix (nil or "": the whole file).
        public var pointer: String?
        /// Rule ids (nil: every rule).
        public var rules: Set<String>?
    }

    /// nil = rule off.
    public var severities: [String: Severity?] = [:]
    public var ignores: [Ignore] = []
    public var failSeverity: Severity?
    /// Where the config was read from.
    public var path: String?

    public init() {}

    public static let fileNames = [".oavalidate.yaml", ".oavalidate.yml"]

    /// The first config file found walking up from `directory`.
    public static func find(from directory: String) -> String? {
        var dir = Workspace.absolute(directory)
        while true {
            for name in fileNames {
                let candidate = FileSystem.join(dir, name)
                if FileSystem.fileExists(candidate) { return candidate }
            }
            let parent = FileSystem.directory(of: dir)
            if parent == dir || parent.isEmpty { return nil }
            dir = parent
        }
    }

    /// Reads a config file. Unknown rule ids and bad values are errors (so typos do not pass silently).
    public static func load(path: String) throws(LoadError) -> LintConfig {
        let data: [UInt8]
        do { data = try FileSystem.read(path) } catch {
            throw LoadError(path: path, kind: .unreadable, message: "cannot read config file: \(error.message)")
        }
        let document: JSONDocument
        do { document = try JSONDocument.parseYAML(data, sourceName: path) } catch {
            throw LoadError(path: path, line: error.line, column: error.column, kind: .syntax, message: error.message)
        }
        return try parse(document.root, path: path)
    }

    public static func parse(_ root: JSONValue, path: String) throws(LoadError) -> LintConfig {
        func fail(_ node: JSONValue, _ message: String) -> LoadError {
            LoadError(path: path, line: node.location.line, column: node.location.column, kind: .syntax, message: message)
        }
        var config = LintConfig()
        config.path = path
        if root.kind == .null { return config }
        guard root.kind == .object else { throw fail(root, "the config must be a mapping with 'rules' and/or 'ignore'") }
        let dir = FileSystem.directory(of: path)
        for (key, value) in root.members {
            switch key {
            case "rules":
                guard value.kind == .object else { throw fail(value, "'rules' must map rule ids to error, warning, info, hint or off") }
                for (rule, setting) in value.members {
                    guard Rules.byID[rule] != nil else {
                        throw fail(setting, "unknown rule '\(rule)'; known rules: \(Rules.all.map(\.id).joined(separator: ", "))")
                    }
                    let text = setting.string ?? (setting.bool == false ? "off" : "")
                    if text == "off" { config.severities[rule] = .some(nil); continue }
                    guard let severity = Severity(rawValue: text) else {
                        throw fail(setting, "rule '\(rule)': expected error, warning, info, hint or off, found \(setting.json)")
                    }
                    config.severities[rule] = severity
                }
            case "ignore":
                guard value.kind == .array else { throw fail(value, "'ignore' must be a list of {file, pointer, rules}") }
                for entry in value.elements {
                    guard entry.kind == .object else { throw fail(entry, "each 'ignore' entry must be a mapping with file, pointer and/or rules") }
                    var ignore = Ignore()
                    for (k, v) in entry.members {
                        switch k {
                        case "file":
                            guard let f = v.string else { throw fail(v, "'file' must be a path relative to the config file") }
                            ignore.file = Workspace.absolute(f.hasPrefix("/") ? f : dir + "/" + f)
                        case "pointer":
                            guard let p = v.string, p.isEmpty || p.hasPrefix("/") || p.hasPrefix("#") else {
                                throw fail(v, "'pointer' must be a JSON Pointer such as /paths/~1pets/get")
                            }
                            ignore.pointer = p.hasPrefix("#") ? JSONPointer.percentDecode(String(p.dropFirst())) ?? p : p
                        case "rules":
                            if let one = v.string { ignore.rules = [one] }
                            else if v.kind == .array { ignore.rules = Set(v.elements.compactMap(\.string)) }
                            else { throw fail(v, "'rules' must be a rule id or a list of them") }
                        default:
                            throw fail(v, "unknown field '\(k)' in an ignore entry; allowed: file, pointer, rules")
                        }
                    }
                    config.ignores.append(ignore)
                }
            case "fail-severity":
                guard let s = value.string.flatMap(Severity.init(rawValue:)) else {
                    throw fail(value, "'fail-severity' must be error, warning, info or hint")
                }
                config.failSeverity = s
            default:
                throw fail(value, "unknown config field '\(key)'; allowed: rules, ignore, fail-severity")
            }
        }
        return config
    }
}


/// The findings of one description, grouped by the files they are in.
public struct LintResult: Sendable {
    /// The root document as given.
    public var path: String
    public var version: SpecVersion
    /// Every file of the description, root first (display paths).
    public var files: [String]
    /// Sorted by file (load order), line, column.
    public var findings: [Finding]
}

public struct LintOptions: Sendable {
    public var load: LoadOptions
    public var config: LintConfig
    /// Stop at the first finding of this severity or above (`--fail-fast`); nil: find them all.
    public var failFast: Severity?

    /// `load.scanDuplicateKeys` is turned on: the lint reports duplicate keys.
    public init(load: LoadOptions = LoadOptions(), config: LintConfig = LintConfig(), failFast: Severity? = nil) {
        self.load = load
        self.load.scanDuplicateKeys = true
        self.config = config
        self.failFast = failFast
    }
}

/// Root first, then the other files by path: the load order depends on which thread reached a
/// file first, and the output must not.
func filesInOutputOrder(_ loaded: [SourceFile]) -> [SourceFile] {
    Array(loaded.prefix(1)) + sortedByPathBytes(Array(loaded.dropFirst()))
}

/// `files` in the order of their paths' UTF-8 bytes. Sorting a description's 1,000 file paths
/// with String's `<` (which normalizes) took 1-2 ms, and even a memcmp of two Strings 500
/// instructions a comparison (each side's storage reached through its file): the paths are
/// copied once into one buffer and compared there.
func sortedByPathBytes(_ files: [SourceFile]) -> [SourceFile] {
    var bytes: [UInt8] = []
    var spans: [(start: Int, count: Int)] = []
    spans.reserveCapacity(files.count)
    for file in files {
        let start = bytes.count
        bytes.append(contentsOf: file.path.utf8)
        spans.append((start, bytes.count - start))
    }
    var order = Array(files.indices)
    bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        order.sort { i, j in
            let a = spans[i], b = spans[j]
            let n = min(a.count, b.count)
            let c = n == 0 ? 0 : memcmp(base + a.start, base + b.start, n)
            return c != 0 ? c < 0 : a.count < b.count
        }
    }
    return order.map { files[$0] }
}

public enum Linter {
    /// Whether `pointer` is `prefix` or below it (ignores and suppressions cover a subtree).
    static func within(_ pointer: String, _ prefix: String) -> Bool {
        prefix.isEmpty || pointer == prefix || pointer.hasPrefix(prefix + "/")
    }

    /// Loads and lints one description. Throws when it cannot be read at all.
    public static func lint(path: String, options: LintOptions = LintOptions()) throws(LoadError) -> LintResult {
        let workspace = try Workspace(path: path, options: options.load)
        return lint(workspace, config: options.config, failFast: options.failFast)
    }

    /// With the choice of one thread or several made by the caller (tests lint both ways).
    static func lint(path: String, options: LintOptions, oneThread: Bool) throws(LoadError) -> LintResult {
        let workspace = try Workspace(path: path, options: options.load)
        return lint(workspace, config: options.config, oneThread: oneThread, failFast: options.failFast)
    }

    /// A root document of fewer nodes than this, with fewer references to other files than
    /// `sequentialFileRefLimit`, is linted on one thread (`lintOnOneThread`).
    /// Measured here (interleaved runs): spotify (13 k nodes) 17.1 → 15.9 ms median on one
    /// thread, discord (53 k) the same either way, box (60 k) 45.9 → 53.8 ms.
    static let sequentialNodeLimit = 32_000
    /// DigitalOcean's root is 4 k nodes, but its 661 references reach 1,000 files.
    static let sequentialFileRefLimit = 32

    static func runsOnOneThread(_ root: JSONDocument) -> Bool {
        root.nodeCount < sequentialNodeLimit && !namesManyFiles(root)
    }

    /// Whether `root` has `sequentialFileRefLimit` or more `$ref`s to other files.
    static func namesManyFiles(_ root: JSONDocument) -> Bool {
        !root.withReader { r in
            var fileRefs = 0
            for i in 0..<root.nodeCount where r.kind(i) == .object {
                r.forEachMember(i) { key, value in
                    if r.kind(value) == .string, r.string(key).spells("$ref"), r.string(value).first != UInt8(ascii: "#") {
                        fileRefs += 1
                    }
                    return fileRefs < sequentialFileRefLimit
                }
                if fileRefs >= sequentialFileRefLimit { return false }
            }
            return true
        }
    }

    /// The whole lint on the calling thread: for a small description the threads cost more
    /// than they save. Each one started is a wake-up of the other CPU, and on a busy virtual
    /// machine a wake-up can take milliseconds, longer than the lint of a small document.
    /// Same walks, rules and findings as the threaded lint (the findings are sorted afterwards).
    static func lintOnOneThread(_ workspace: Workspace, stop: LintStop? = nil) -> Walker {
        let samples = SampleStream(
            compiler: SchemaCompiler(workspace: workspace),
            stale: workspace.version.isOpenAPI31 ? { workspace.hasSchemaIdentifiers } : nil,
            concurrent: false, stop: stop)
        let walker = Walker.walked(workspace, parts: [.all], samples: samples, stop: stop)
        walker.jsonSchemaDialect()
        walker.duplicateKeys()
        guard stop?.isSet != true else { return walker }
        let api = APIDescription.Builder(workspace: workspace).build()
        let rules = Walker(workspace: workspace), paths = Walker(workspace: workspace)
        rules.stop = stop
        paths.stop = stop
        rules.semanticRulesBesidePaths(api)
        paths.pathRules(api)
        walker.findings += rules.findings + paths.findings
        guard stop?.isSet != true else { return walker }
        walker.unusedComponents(api)
        walker.findings += samples.finish()
        return walker
    }

    /// Lints an already loaded description.
    /// - Parameter failFast: stop at the first finding of this severity or above (after the
    ///   config's severities and ignores); the result holds what was found until then.
    public static func lint(_ workspace: Workspace, config: LintConfig = LintConfig(), failFast: Severity? = nil) -> LintResult {
        lint(workspace, config: config, oneThread: runsOnOneThread(workspace.root.document), failFast: failFast)
    }

    /// `oneThread`: the choice `runsOnOneThread` makes, made by the caller (tests compare both).
    static func lint(_ workspace: Workspace, config: LintConfig, oneThread sequential: Bool, failFast: Severity? = nil) -> LintResult {
        let stop = failFast.map { LintStop(threshold: $0, config: config, workspace: workspace) }
        // The walk recurses along the document and along $ref chains (which can be thousands of
        // schemas long); run it on a thread with a large stack instead of the caller's.
        let (walker, sorting) = onLargeStack { () -> (Walker, BackgroundTask<[SourceFile]>?) in
            if sequential { return (lintOnOneThread(workspace, stop: stop), nil) }
            // Every thread here but the one compiling the examples' schemas (`SampleStream`)
            // yields to it: the lint ends by waiting for that compilation. (Threads inherit
            // their creator's priority: this one lowers its own only once it has made them.)
            // Strands over the shared (locked) workspace, each reporting into its own list: four
            // walkers sharing the path items and component entries, and the typed model +
            // whole-API rules beside them (the walkers help build the model's path items once
            // their walks are done); then example validation beside the duplicate-key scan.
            let rootDuplicates = BackgroundTask(yielding: true) { () -> [Finding] in
                let scan = Walker(workspace: workspace)
                scan.stop = stop
                scan.duplicateKeys { $0 == 0 }
                return scan.findings
            }
            var stopWhen: (@Sendable () -> Bool)?
            if let stop { stopWhen = { stop.isSet } }
            let model = APIDescription.Builder(workspace: workspace, stopWhen: stopWhen)
            let wholeAPI = BackgroundTask(yielding: true) { () -> (APIDescription, [Finding]) in
                let rules = Walker(workspace: workspace)
                rules.stop = stop
                let api = model.build()
                // Stopped: the model may lack path items, and its rules would be wrong.
                if let stop, stop.isSet { return (api, []) }
                // The model is finished last on large multi-file descriptions: its rules run on
                // both cores (the path rules are about half of them).
                let pathRules = BackgroundTask { () -> [Finding] in  // lowered already, as its creator
                    let paths = Walker(workspace: workspace)
                    paths.stop = stop
                    paths.pathRules(api)
                    return paths.findings
                }
                rules.semanticRulesBesidePaths(api)
                rules.findings += pathRules.wait()
                return (api, rules.findings)
            }
            // Examples and defaults are compiled as the walks find them. In OpenAPI 3.1 a schema
            // may reference an `$id` declared in a file loaded later: when the description
            // declares any, the schemas are compiled again once every file is loaded.
            let samples = SampleStream(
                compiler: SchemaCompiler(workspace: workspace),
                stale: workspace.version.isOpenAPI31 ? { workspace.hasSchemaIdentifiers } : nil, stop: stop)
            // The walkers take path items and component entries one at a time; each starts on
            // one part and then helps with the other.
            let shares = WalkShares(workspace)
            func walked(_ parts: [Walker.Part]) -> Walker {
                let walker = Walker.walked(workspace, parts: parts, shares: shares, samples: samples, stop: stop)
                model.help()
                return walker
            }
            let otherWalks = [
                BackgroundTask(yielding: true) { walked([.components, .paths]) },
                BackgroundTask(yielding: true) { walked([.components, .paths]) },
                BackgroundTask(yielding: true) { walked([.paths, .components]) },
            ]
            lowerThreadPriority()
            let walker = walked([.rest, .components])
            for walk in otherWalks { walker.absorb(walk.wait()) }
            walker.jsonSchemaDialect()
            // After the walks every file a $ref reaches is loaded; the root was scanned from the start.
            if stop?.isSet != true { walker.duplicateKeys { $0 > 0 } }
            walker.findings += rootDuplicates.wait()
            let whole = wholeAPI.wait()
            walker.findings += whole.1
            // (Stopped: the walks did not note every reference, and nothing is unused for sure.)
            if stop?.isSet != true { walker.unusedComponents(whole.0) }
            // What the rest does not need is let go before the examples' schemas are finished
            // (the lint's peak of memory): the typed model, the other walkers' visited sets, and
            // the targets of references (the compilation looks its own up).
            freeInBackground((whole, otherWalks))
            workspace.forgetResolvedReferences()
            // The files are put in order beside the examples' validation, the lint's last step.
            let sorting = BackgroundTask { filesInOutputOrder(workspace.files) }
            walker.findings += samples.finish()
            return (walker, sorting)
        }

        // (A file loaded while the examples were validated would be missing from the sorted list.)
        let loaded = workspace.files
        let sorted = sorting?.wait()
        let files = sorted.flatMap { $0.count == loaded.count ? $0 : nil } ?? filesInOutputOrder(loaded)
        // Per display path (findings name their file by it): its place in the output, its file.
        var byPath: [String: (order: Int, file: SourceFile)] = [:]
        byPath.reserveCapacity(files.count)
        for (n, file) in files.enumerated() where byPath[file.path] == nil { byPath[file.path] = (n, file) }

        // Hashed by one multiply per eight bytes, not SipHash over four strings: DigitalOcean's
        // 679 findings took ~2 ms here, at the end of the lint where nothing runs beside it.
        struct Identity: Hashable {
            var rule: String, file: String, pointer: String, message: String
            var digest: UInt64 = 0

            init(_ f: Finding) {
                rule = f.rule
                file = f.file
                pointer = f.pointer
                message = f.message
                func mix(_ text: String) {
                    var text = text
                    digest = (digest &* 0x9E37_79B9_7F4A_7C15) ^ text.withUTF8(ByteDigest.digest)
                }
                mix(rule)
                mix(file)
                mix(pointer)
                mix(message)
            }

            func hash(into hasher: inout Hasher) { hasher.combine(digest) }
            static func == (a: Identity, b: Identity) -> Bool {
                a.digest == b.digest && a.rule == b.rule && a.file == b.file && a.pointer == b.pointer && a.message == b.message
            }
        }
        var findings: [(order: Int, finding: Finding)] = []
        findings.reserveCapacity(walker.findings.count)
        var seen = Set<Identity>(minimumCapacity: walker.findings.count)
        // Findings come in runs from the same file: its entry is looked up once per run.
        var lastFile: (path: String, entry: (order: Int, file: SourceFile)?)?
        for var finding in walker.findings {
            let file: (order: Int, file: SourceFile)?
            if let lastFile, lastFile.path == finding.file {
                file = lastFile.entry
            } else {
                file = byPath[finding.file]
                lastFile = (finding.file, file)
            }
            // Suppressed in the document (`x-lint-ignore`)?
            let id = file?.file.id ?? -1
            if !walker.suppressions.isEmpty, walker.suppressions.contains(where: { s in
                s.file == id && within(finding.pointer, s.pointer) && (s.rules?.contains(finding.rule) ?? true)
            }) { continue }
            // Ignored by the config?
            if !config.ignores.isEmpty, config.ignores.contains(where: { ig in
                (ig.file == nil || ig.file == file?.file.absolutePath) && within(finding.pointer, ig.pointer ?? "")
                    && (ig.rules?.contains(finding.rule) ?? true)
            }) { continue }
            if let setting = config.severities[finding.rule] {
                guard let severity = setting else { continue }
                finding.severity = severity
            }
            // The same problem reached twice (e.g. a shared parameter) is reported once.
            guard seen.insert(Identity(finding)).inserted else { continue }
            findings.append((file?.order ?? Int.max, finding))
        }
        findings.sort { x, y in
            let a = x.finding, b = y.finding
            if x.order != y.order { return x.order < y.order }
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            if a.rule != b.rule { return a.rule < b.rule }
            return a.message < b.message  // ties: the order must not depend on which thread found what
        }
        // The walker's visited sets and reference tables: freed where nobody waits.
        dropInBackground(consume walker)
        return LintResult(
            path: workspace.root.path, version: workspace.version, files: files.map(\.path), findings: findings.map(\.finding))
    }
}
