import JSONDocument

/// `oavalidate parse FILE...`: checks that files are well-formed JSON, YAML or JSON Lines.
struct ParseCommand {
    static let spec = CommandSpec(
        name: "parse",
        abstract: "Check that files are well-formed JSON, YAML or JSON Lines.",
        discussion: "By extension: .json strict JSON, .yaml/.yml YAML, .jsonl/.ndjson JSON Lines, else sniffed.",
        options: [OptionSpec(name: "max-depth", valueName: "n", help: "Deepest nesting accepted.", defaultValue: "1000")],
        arguments: [ArgumentSpec(name: "files", help: "Files to read ('-' for standard input).", variadic: true)])

    var files: [String]
    var maxDepth: Int = 1000

    init(_ arguments: ParsedArguments) throws(UsageError) {
        files = arguments.positionals
        if files.isEmpty { throw UsageError("give at least one file to read") }
        if let depth = try arguments.integer("max-depth") {
            guard depth > 0 else { throw UsageError("--max-depth must be at least 1, got \(depth)") }
            maxDepth = depth
        }
    }

    func run() throws {
        var stderr = StandardError()
        var failed = false
        for path in files {
            let outcome = Result { () throws(InputError) -> [String] in
                let bytes = try InputFile.read(path)
                let format = InputFormat(path: path)
                guard format == .jsonLines else {
                    _ = try InputFile.parse(bytes, path: path, format: format)
                    return []
                }
                // JSON Lines: every unreadable record is reported, with its line.
                return JSONLines(bytes, options: .init(maxDepth: maxDepth)).compactMap { entry in
                    guard case .failure(let error) = entry.result else { return nil }
                    return "\(path):\(error.line):\(error.column): \(error.message)"
                }
            }
            switch outcome {
            case .success(let problems):
                for problem in problems { print(problem, to: &stderr) }
                failed = failed || !problems.isEmpty
            case .failure(let error):
                print(error.description, to: &stderr)
                failed = true
            }
        }
        if failed { throw Exit.unreadable }
    }
}
