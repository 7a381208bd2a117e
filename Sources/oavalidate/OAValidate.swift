#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import JSONDocument

/// How a command ends, thrown out of `run()`.
struct ExitStatus: Error {
    var code: Int32
}

/// Exit codes shared by every subcommand.
enum Exit {
    /// Everything valid.
    static let success = ExitStatus(code: 0)
    /// Validation findings.
    static let findings = ExitStatus(code: 1)
    /// Usage error or unreadable input.
    static let unreadable = ExitStatus(code: 2)
}

@main
enum OAValidate {
    static let version = "0.1.0"

    static let interface = CommandLineInterface(
        name: "oavalidate",
        abstract: "Validate JSON and YAML against JSON Schema and OpenAPI.",
        discussion: """
            Exit codes: 0 valid, 1 validation findings, 2 usage error or unreadable input.
            Errors are printed to stderr as path:line:column: message.
            """,
        version: version,
        commands: [LintCommand.spec, SchemaCommand.spec, ParseCommand.spec],
        defaultCommand: LintCommand.spec.name)

    static func main() {
        let request: CommandLineInterface.Request
        do {
            request = try interface.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            writeAll(2, "Error: \(error.message)\n")
            exit(Exit.unreadable.code)
        }
        switch request {
        case .version:
            writeAll(1, version + "\n")
        case .help(let text):
            writeAll(1, text)
        case .run(let spec, let arguments):
            do {
                switch spec.name {
                case LintCommand.spec.name: try LintCommand(arguments).run()
                case SchemaCommand.spec.name: try SchemaCommand(arguments).run()
                default: try ParseCommand(arguments).run()
                }
            } catch let error as UsageError {
                writeAll(2, "Error: \(error.message)\n\(interface.usage(spec))\n")
                exit(Exit.unreadable.code)
            } catch let status as ExitStatus {
                exit(status.code)
            } catch {
                writeAll(2, "Error: \(error)\n")
                exit(Exit.unreadable.code)
            }
        }
        exit(Exit.success.code)
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { writeAll(2, string) }
}

/// Writes all of `string` to a descriptor (unbuffered: messages keep their order with stdout's).
func writeAll(_ fd: Int32, _ string: String) {
    fflush(nil)  // what `print` buffered goes first
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
