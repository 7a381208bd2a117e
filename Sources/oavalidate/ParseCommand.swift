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
            do {
                let format = InputFormat(path: path)
                if format == .jsonLines {
                    let bytes = try InputFile.read(path)
                    for entry in JSONLines(bytes, options: .init(maxDepth: maxDepth)) {
                        if case .failure(let error) = entry.result {
                            print("\(path):\(error.line):\(error.column): \(error.message)", to: &stderr)
                            failed = true
                        }
                    }
                } else {
                    let bytes = try InputFile.read(path)
                    _ = try InputFile.parse(bytes, path: path, format: format)
                }
            } catch let error as InputError {
                print(error.description, to: &stderr)
                failed = true
            }
        }
        if failed { throw Exit.unreadable }
    }
}
