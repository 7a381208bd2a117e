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
        commands: [LintCommand.spec, SchemaCommand.spec, ParseCommand.spec],
        defaultCommand: LintCommand.spec.name)

    static func main() {
        #if canImport(Glibc)
            // A lint runs on several threads; glibc gives each its own malloc arena, and memory
            // freed in one is not reused by another. Four arenas: with two, the lint threads
            // queued on the shared arena's lock (futex waits on DigitalOcean's 1,000 files); with
            // one per thread, peak memory was 7% higher (github 19.5 -> 21 MB).
            _ = glibcMallopt(glibcArenaMax, 4)
            // A thread's arena grows by the bytes each allocation lacks, one `mprotect` a time
            // (1,350 on DigitalOcean), and other threads' `malloc`s queue on the arena's lock
            // meanwhile: grow 1 MB ahead. Not more: glibc keeps up to this much freed memory at
            // an arena's top in use instead of giving it back, and 8 MB cost DigitalOcean's lint
            // 1 MB of peak RSS (10.3 times its 2.7 MB with 8 MB, 10 times with 1 MB, before the
            // last memory cuts).
            _ = glibcMallopt(glibcTopPad, 1 << 20)
        #endif
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

#if canImport(Glibc)
    /// glibc's `mallopt` (declared in malloc.h, which the Glibc module does not export).
    @_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
    /// `M_ARENA_MAX` in malloc.h.
    private let glibcArenaMax: Int32 = -8
    /// `M_TOP_PAD` in malloc.h.
    private let glibcTopPad: Int32 = -2
#endif

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
