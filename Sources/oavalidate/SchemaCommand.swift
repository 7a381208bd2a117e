import JSONDocument
import SchemaEngine

/// `oavalidate schema SCHEMA INSTANCE...`: validates instances against a JSON Schema.
struct SchemaCommand {
    static let spec = CommandSpec(
        name: "schema",
        abstract: "Validate JSON/YAML instances against a JSON Schema.",
        discussion: """
            Files are read by extension: .json strict JSON, .yaml/.yml YAML, .jsonl/.ndjson \
            JSON Lines (each line validated on its own), anything else sniffed.
            Exit codes: 0 all valid, 1 some instance invalid, 2 unreadable input or invalid schema.
            """,
        options: [
            OptionSpec(
                name: "dialect", valueName: "dialect",
                help: "Dialect when the schema has no $schema: \(Dialect.allCases.map(\.rawValue).joined(separator: ", "))."),
            OptionSpec(
                name: "output", valueName: "output",
                help: "Output format of the errors (JSON Schema 2020-12 output formats): \(OutputStyle.allCases.map(\.rawValue).joined(separator: ", "))."),
            OptionSpec(name: "format", valueName: "format", help: "Report as text (one line per error) or as one JSON document: text, json.", defaultValue: "text"),
            .flag("format-assertion", "Treat 'format' as an assertion."),
            OptionSpec(
                name: "map", valueName: "URI-PREFIX=DIR",
                help: "Resolve $refs under URI-PREFIX from files in DIR (e.g. http://localhost:1234/=remotes).", repeatable: true),
            OptionSpec(name: "max-depth", valueName: "n", help: "Deepest instance nesting accepted.", defaultValue: "1000"),
        ],
        arguments: [
            ArgumentSpec(name: "schema", help: "The schema file."),
            ArgumentSpec(name: "instances", help: "Instance files ('-' for standard input).", variadic: true),
        ])

    enum OutputStyle: String, CaseIterable {
        case flag, basic, detailed, verbose
    }

    enum Format: String, CaseIterable {
        case text, json
    }

    var dialect: String?
    var output: OutputStyle?
    var format: Format = .text
    var formatAssertion = false
    var mappings: [String] = []
    var maxDepth: Int = 1000
    var schema: String
    var instances: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        schema = arguments.positionals[0]
        instances = Array(arguments.positionals.dropFirst())
        if instances.isEmpty { throw UsageError("give at least one instance file after the schema") }
        dialect = arguments.value("dialect")
        if let dialect, Dialect(rawValue: dialect) == nil {
            throw UsageError(
                "unknown dialect '\(dialect)'; expected one of \(Dialect.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let name = arguments.value("output") {
            guard let style = OutputStyle(rawValue: name) else {
                throw UsageError("unknown output '\(name)'; expected one of \(OutputStyle.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            output = style
        }
        if let name = arguments.value("format") {
            guard let format = Format(rawValue: name) else { throw UsageError("unknown format '\(name)'; expected text or json") }
            self.format = format
        }
        formatAssertion = arguments.flag("format-assertion")
        mappings = arguments.all("map")
        for mapping in mappings where !mapping.contains("=") {
            throw UsageError("--map expects URI-PREFIX=DIR, got '\(mapping)'")
        }
        if let depth = try arguments.integer("max-depth") {
            guard depth > 0 else { throw UsageError("--max-depth must be at least 1, got \(depth)") }
            maxDepth = depth
        }
    }

    func run() throws {
        var stderr = StandardError()
        let validator: Validator
        switch Result(catching: { () throws(InputError) in try compile() }) {
        case .success(let compiled): validator = compiled
        case .failure(let error):
            print(error.description, to: &stderr)
            throw Exit.unreadable
        }

        var results: [InstanceResult] = []
        var unreadable = false
        for path in instances {
            switch load(path, validator) {
            case .success(let loaded):
                results += loaded.results
                for problem in loaded.problems { print(problem, to: &stderr) }
                if !loaded.problems.isEmpty { unreadable = true }
            case .failure(let error):
                print(error.description, to: &stderr)
                unreadable = true
            }
        }

        switch format {
        case .text: printText(results)
        case .json: print(renderJSON(results))
        }
        if unreadable { throw Exit.unreadable }
        if results.contains(where: { !$0.valid }) { throw Exit.findings }
    }

    /// Reads one instance file (a JSON Lines file gives one result per record, and a
    /// problem line per unreadable record).
    func load(_ path: String, _ validator: Validator) -> Result<(results: [InstanceResult], problems: [String]), InputError> {
        Result { () throws(InputError) in
            if InputFormat(path: path) == .jsonLines {
                var results: [InstanceResult] = []
                var problems: [String] = []
                let bytes = try InputFile.read(path)
                for entry in JSONLines(bytes, options: .init(maxDepth: maxDepth), sourceName: path) {
                    switch entry.result {
                    case .success(let document):
                        results.append(check(document, file: path, line: entry.line, validator))
                    case .failure(let error):
                        problems.append("\(path):\(error.line):\(error.column): \(error.message)")
                    }
                }
                return (results, problems)
            }
            let document = try InputFile.load(path)
            return ([check(document, file: path, line: nil, validator)], [])
        }
    }

    // MARK: Compiling

    func compile() throws(InputError) -> Validator {
        let document = try InputFile.load(schema)
        var options = ValidatorOptions(formatAssertion: formatAssertion, maxDepth: maxDepth)
        let maps: [(prefix: String, directory: String)] = mappings.map { mapping in
            let parts = mapping.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), String(parts[1]))
        }
        if !maps.isEmpty {
            options.resolver = { uri in
                for map in maps where uri.hasPrefix(map.prefix) {
                    var relative = String(uri.dropFirst(map.prefix.count))
                    if let hash = relative.firstIndex(of: "#") { relative = String(relative[..<hash]) }
                    let path = FileSystem.join(map.directory, relative)
                    return try? InputFile.load(path)
                }
                return nil
            }
        }
        do {
            return try Validator(schema: document, dialect: dialect.flatMap(Dialect.init(rawValue:)), options: options)
        } catch {
            throw InputError(path: schema, message: "invalid schema: \(error.description)")
        }
    }

    // MARK: Results

    struct InstanceResult {
        var file: String
        var line: Int?
        var valid: Bool
        var errors: [SchemaValidationError]
        /// Kept only for invalid instances (to point errors at lines): valid ones are released
        /// as soon as they are checked, so memory stays flat on large JSON Lines files.
        var document: JSONDocument?
        /// The full result, kept when an output format was asked for.
        var output: ValidationResult? = nil
    }

    func check(_ document: JSONDocument, file: String, line: Int?, _ validator: Validator) -> InstanceResult {
        // `flag` asks only for the verdict: take the fast path that collects nothing.
        if output == .flag {
            return InstanceResult(file: file, line: line, valid: validator.isValid(document), errors: [], document: nil)
        }
        let result = validator.validate(document)
        return InstanceResult(
            file: file, line: line, valid: result.isValid, errors: result.errors,
            document: result.isValid ? nil : document,
            output: output == nil ? nil : result)
    }

    func printText(_ results: [InstanceResult]) {
        for result in results where !result.valid {
            let place = result.line.map { "\(result.file):\($0)" } ?? result.file
            if result.errors.isEmpty {
                print("\(place): invalid")
                continue
            }
            for error in result.errors {
                let pointer = error.instanceLocation.isEmpty ? "/" : error.instanceLocation
                // Whole files: point at the failing value's line; JSON Lines: the record's line.
                var where_ = place
                if result.line == nil, let node = result.document?.root.resolve(pointer: error.instanceLocation) {
                    where_ += ":\(node.location.line)"
                }
                print("\(where_): \(pointer): \(error.message)")
            }
        }
        var stderr = StandardError()
        let invalid = results.filter { !$0.valid }.count
        print("\(results.count) instance\(results.count == 1 ? "" : "s") checked: \(results.count - invalid) valid, \(invalid) invalid", to: &stderr)
    }

    func renderJSON(_ results: [InstanceResult]) -> String {
        var out = "{\"valid\":\(results.allSatisfy(\.valid)),\"results\":["
        for (k, result) in results.enumerated() {
            if k > 0 { out += "," }
            out += "{\"file\":\(JSONWriter.quote(result.file)),"
            if let line = result.line { out += "\"line\":\(line)," }
            out += "\"valid\":\(result.valid),\"errors\":"
            if let output, let rendered = result.output {
                // --output: the errors (and, for valid instances, annotations) are that format's units.
                let document = try? JSONDocument.parse(rendered.output(OutputFormat(rawValue: output.rawValue) ?? .basic))
                out += document?.root["errors"]?.json ?? "[]"
                if let annotations = document?.root["annotations"] { out += ",\"annotations\":\(annotations.json)" }
                out += "}"
                continue
            }
            out += "["
            for (e, error) in result.errors.enumerated() {
                if e > 0 { out += "," }
                out += "{\"instanceLocation\":\(JSONWriter.quote(error.instanceLocation)),"
                out += "\"keywordLocation\":\(JSONWriter.quote(error.keywordLocation)),"
                out += "\"absoluteKeywordLocation\":\(JSONWriter.quote(error.absoluteKeywordLocation)),"
                out += "\"message\":\(JSONWriter.quote(error.message))}"
            }
            out += "]}"
        }
        return out + "]}"
    }
}
