import ArgumentParser
import JSONDocument

/// Exit codes shared by every subcommand.
enum Exit {
    /// Everything valid.
    static let success = ExitCode(0)
    /// Validation findings.
    static let findings = ExitCode(1)
    /// Usage error or unreadable input.
    static let unreadable = ExitCode(2)
}

@main
struct OAValidate: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "oavalidate",
        abstract: "Validate JSON and YAML against JSON Schema and OpenAPI.",
        discussion: """
            Exit codes: 0 valid, 1 validation findings, 2 usage error or unreadable input.
            Errors are printed to stderr as path:line:column: message.
            """,
        version: version,
        subcommands: [LintCommand.self, SchemaCommand.self, Parse.self],
        defaultSubcommand: LintCommand.self
    )

    /// ArgumentParser exits 64 on usage errors; this project promises 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == ExitCode.validationFailure {
                // Usage errors: ArgumentParser's message, our exit code.
                var stderr = StandardError()
                print(fullMessage(for: error), to: &stderr)
                terminate(Exit.unreadable.rawValue)
            }
            exit(withError: error)
        }
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { writeAll(2, string) }
}

/// Writes all of `string` to a descriptor (unbuffered: messages keep their order with stdout's).
func writeAll(_ fd: Int32, _ string: String) {
    var text = string
    text.withUTF8 { bytes in
        var rest = UnsafeRawBufferPointer(bytes)
        while !rest.isEmpty {
            let n = write(fd, rest.baseAddress, rest.count)
            if n <= 0 { break }
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
    }
}

/// The C `exit` (inside a ParsableCommand, `exit` names ArgumentParser's method).
func terminate(_ code: Int32) -> Never { exit(code) }

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
