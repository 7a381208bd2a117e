import ArgumentParser
import JSONDocument

/// `oavalidate parse FILE...`: checks that files are well-formed JSON, YAML or JSON Lines.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that files are well-formed JSON, YAML or JSON Lines.",
        discussion: "By extension: .json strict JSON, .yaml/.yml YAML, .jsonl/.ndjson JSON Lines, else sniffed.")

    @Argument(help: "Files to read ('-' for standard input).")
    var files: [String]

    @Option(help: "Deepest nesting accepted.")
    var maxDepth: Int = 1000

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
