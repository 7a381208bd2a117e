#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import JSONDocument
import OpenAPILinter
import OpenAPIModel

/// `oavalidate lint SPEC...` (and the shorthand `oavalidate SPEC...`): lints OpenAPI 2.0/3.0/3.1 descriptions.
struct LintCommand {
    static let spec = CommandSpec(
        name: "lint",
        abstract: "Lint OpenAPI descriptions (Swagger 2.0, OpenAPI 3.0 and 3.1; JSON or YAML; multi-file).",
        discussion: """
            Findings carry a rule id (Spectral spectral:oas names where one exists), a severity, a JSON Pointer and \
            file:line:column. Configuration: .oavalidate.yaml found upward from each spec, or --config.
            '-' lints a description read from standard input (JSON when it starts with { or [, else YAML), reported \
            as <stdin>; its relative $refs, the --ref-root default and the config lookup start from the current folder.
            Exit codes: 0 clean, 1 findings at or above --fail-severity, 2 unreadable input, unknown version or bad config.
            """,
        options: [
            OptionSpec(name: "format", valueName: "format", help: "Output format: text, json, sarif, github or junit.", defaultValue: "text"),
            OptionSpec(
                name: "fail-severity", valueName: "severity",
                help: "Lowest severity that makes the exit code 1: error, warning, info or hint (default: error, or the config's)."),
            OptionSpec(name: "config", valueName: "file", help: "Config file (default: .oavalidate.yaml found upward from each spec)."),
            .flag(
                "fail-fast",
                "Stop at the first finding at or above the fail severity, report what was found by then, and skip the remaining specs."),
            .flag("allow-remote-refs", "Follow http(s) $refs."),
            OptionSpec(
                name: "ref-root", valueName: "dir",
                help: "Folder that $refs to files may not leave (default: the folder of each spec; for '-', the current folder)."),
        ],
        arguments: [ArgumentSpec(name: "specs", help: "OpenAPI description files (JSON or YAML); '-' reads one from standard input.", variadic: true)])

    var format: OutputFormat
    var failSeverity: Severity?
    var config: String?
    var allowRemoteRefs: Bool
    var failFast: Bool
    var refRoot: String?
    var specs: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        specs = arguments.positionals
        if specs.isEmpty { throw UsageError("give at least one OpenAPI description to lint") }
        if specs.filter({ $0 == "-" }).count > 1 {
            throw UsageError("'-' (standard input) can be given only once: standard input is read once")
        }
        let formatName = arguments.value("format") ?? "text"
        guard let format = OutputFormat(rawValue: formatName) else {
            throw UsageError("unknown format '\(formatName)'; expected one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.format = format
        if let severity = arguments.value("fail-severity") {
            guard let parsed = Severity(rawValue: severity) else {
                throw UsageError("unknown severity '\(severity)'; expected error, warning, info or hint")
            }
            failSeverity = parsed
        }
        config = arguments.value("config")
        allowRemoteRefs = arguments.flag("allow-remote-refs")
        failFast = arguments.flag("fail-fast")
        refRoot = arguments.value("ref-root")
    }

    func run() throws {
        var stderr = StandardError()
        var results: [LintResult] = []
        var unreadable = false
        var threshold = failSeverity
        let explicitConfig: LintConfig?
        do {
            explicitConfig = try config.map { path throws(LoadError) in try LintConfig.load(path: path) }
        } catch {
            print(error.description, to: &stderr)
            throw Exit.unreadable
        }
        for (n, spec) in specs.enumerated() {
            // The process ends after the last report: let it take the last description's
            // documents and tables with it instead of freeing thousands of objects first
            // (earlier ones are freed beside the next lint, so many specs do not pile up).
            if n == specs.count - 1 { keepDroppedObjectsUntilExit() }
            do {
                let directory = spec == "-" ? "." : FileSystem.directory(of: spec)
                let lintConfig = try explicitConfig
                    ?? LintConfig.find(from: directory.isEmpty ? "." : directory).map { path throws(LoadError) in try LintConfig.load(path: path) }
                    ?? LintConfig()
                if threshold == nil { threshold = lintConfig.failSeverity }
                let options = LintOptions(
                    load: LoadOptions(allowRemoteRefs: allowRemoteRefs, refRoot: refRoot), config: lintConfig,
                    failFast: failFast ? threshold ?? .error : nil)
                if spec == "-" {
                    results.append(try Self.lintStandardInput(options))
                } else {
                    let workspace = try Workspace(path: spec, options: options.load)
                    results.append(Linter.lint(workspace, config: options.config, failFast: options.failFast))
                    dropInBackground(workspace)
                }
                if let stopAt = options.failFast, results[results.count - 1].findings.contains(where: { $0.severity >= stopAt }) {
                    break
                }
            } catch let error as LoadError {
                print(error.description, to: &stderr)
                unreadable = true
            } catch let error as InputError {
                print(error.description, to: &stderr)
                unreadable = true
            } catch {
                print("\(spec): \(error)", to: &stderr)
                unreadable = true
            }
        }
        let report = LintReport(results)
        let color = format == .text && isatty(1) != 0 && FileSystem.environment("NO_COLOR") == nil
        let output = report.render(format, color: color, toolVersion: OAValidate.version)
        if format == .text && results.isEmpty {
            // Nothing was read: the errors on stderr say why.
        } else if format == .text || format == .github {
            print(output, terminator: "")
        } else {
            print(output)
        }
        if unreadable { throw Exit.unreadable }
        if report.fails(at: threshold ?? .error) { throw Exit.findings }
    }

    /// Shown as the path of a description read from standard input.
    static let standardInputName = "<stdin>"

    /// Lints the description on standard input. It has no folder of its own: `Workspace` resolves
    /// its relative `$ref`s (and defaults `--ref-root`) from the current folder, where `<stdin>` "is".
    static func lintStandardInput(_ options: LintOptions) throws -> LintResult {
        let bytes: [UInt8]
        do { bytes = try InputFile.read("-") } catch { throw InputError(path: standardInputName, message: error.message) }
        let document = try InputFile.parse(bytes, path: standardInputName, format: .sniff)
        let workspace = try Workspace(document: document, path: standardInputName, options: options.load)
        return Linter.lint(workspace, config: options.config, failFast: options.failFast)
    }
}
