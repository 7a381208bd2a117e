/// The command line, parsed by hand.
///
/// The tool runs once per file in CI loops and pre-commit hooks, so start-up counts: a reflective
/// argument parser spent ~7 M instructions (runtime conformance scans over every linked type) before
/// the first byte of input was read — most of a small lint. Each command declares its options
/// here as data; parsing, help and usage errors are ~200 lines with no runtime type lookups.

/// One `--option VALUE` or `--flag` of a command.
struct OptionSpec {
    /// Long name without the dashes.
    var name: String
    /// Shown in help as `--name <value>`; nil for a flag.
    var valueName: String?
    var help: String
    /// May be given several times (every value is kept); otherwise the last one wins.
    var repeatable = false
    /// Printed as "(default: ...)" in help.
    var defaultValue: String?

    static func flag(_ name: String, _ help: String) -> OptionSpec { OptionSpec(name: name, valueName: nil, help: help) }
}

/// A positional argument of a command.
struct ArgumentSpec {
    var name: String
    var help: String
    /// Takes every remaining positional argument.
    var variadic = false
}

/// What a subcommand accepts, and its help texts.
struct CommandSpec {
    var name: String
    var abstract: String
    var discussion: String = ""
    var options: [OptionSpec] = []
    var arguments: [ArgumentSpec] = []

    func option(_ name: String) -> OptionSpec? { options.first { $0.name == name } }
}

/// A command line that did not parse (or a command's own check of its values): exit code 2.
struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// The values given to one command.
struct ParsedArguments {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    /// The last value given for an option.
    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// An integer option (nil when not given).
    func integer(_ name: String) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let n = Int(text) else { throw UsageError("--\(name) expects an integer, got '\(text)'") }
        return n
    }
}

/// The tool's command line: subcommands, one of them the default.
struct CommandLineInterface {
    var name: String
    var abstract: String
    var discussion: String
    var commands: [CommandSpec]
    /// Used when the first argument names no subcommand (`oavalidate spec.yaml` lints).
    var defaultCommand: String

    enum Request {
        case run(CommandSpec, ParsedArguments)
        case help(String)
        case version
    }

    func command(named name: String) -> CommandSpec? { commands.first { $0.name == name } }

    /// Parses `arguments` (without the program name). On a usage error the message already
    /// names the command's usage and where to read more.
    func parse(_ arguments: [String]) throws(UsageError) -> Request {
        var rest = arguments[...]
        switch rest.first {
        case "--version": return .version
        case "-h", "--help": return .help(rootHelp())
        case "help":
            rest = rest.dropFirst()
            guard let topic = rest.first else { return .help(rootHelp()) }
            guard let command = command(named: topic) else {
                throw UsageError("unknown command '\(topic)'; commands: \(commands.map(\.name).joined(separator: ", "))\n\(seeHelp(nil))")
            }
            return .help(help(command))
        default: break
        }
        var spec = command(named: defaultCommand)!
        if let first = rest.first, let named = command(named: first) {
            spec = named
            rest = rest.dropFirst()
        }
        do {
            return try parse(rest, as: spec)
        } catch {
            throw UsageError("\(error.message)\n\(usage(spec))\n\(seeHelp(spec))")
        }
    }

    private func parse(_ arguments: ArraySlice<String>, as spec: CommandSpec) throws(UsageError) -> Request {
        var parsed = ParsedArguments()
        var onlyPositionals = false
        var i = arguments.startIndex
        while i < arguments.endIndex {
            let argument = arguments[i]
            i += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "-h" || argument == "--help" { return .help(help(spec)) }
            guard argument.hasPrefix("--") else { throw UsageError("unknown option '\(argument)'") }
            var name = String(argument.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = spec.option(name) else {
                if name == "version" { throw UsageError("--version is an option of '\(self.name)' itself, not of '\(spec.name)'") }
                throw UsageError("unknown option '--\(name)'")
            }
            guard option.valueName != nil else {
                if inline != nil { throw UsageError("--\(name) is a flag and takes no value") }
                parsed.flags.insert(name)
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else {
                guard i < arguments.endIndex else { throw UsageError("missing value for --\(name) <\(option.valueName!)>") }
                value = arguments[i]
                i += 1
            }
            if option.repeatable { parsed.values[name, default: []].append(value) } else { parsed.values[name] = [value] }
        }
        let fixed = spec.arguments.filter { !$0.variadic }
        let takesMore = spec.arguments.contains { $0.variadic }
        if parsed.positionals.count < fixed.count {
            throw UsageError("missing <\(fixed[parsed.positionals.count].name)>")
        }
        if !takesMore && parsed.positionals.count > fixed.count {
            throw UsageError("unexpected argument '\(parsed.positionals[fixed.count])'")
        }
        return .run(spec, parsed)
    }

    // MARK: Help

    func usage(_ spec: CommandSpec) -> String {
        var parts = ["Usage: \(name) \(spec.name)"]
        for option in spec.options {
            let value = option.valueName.map { " <\($0)>" } ?? ""
            parts.append("[--\(option.name)\(value)]\(option.repeatable ? " ..." : "")")
        }
        for argument in spec.arguments { parts.append("<\(argument.name)>\(argument.variadic ? " ..." : "")") }
        return parts.joined(separator: " ")
    }

    private func seeHelp(_ spec: CommandSpec?) -> String {
        "See '\(name)\(spec.map { " \($0.name)" } ?? "") --help' for more information."
    }

    func rootHelp() -> String {
        var text = "OVERVIEW: \(abstract)\n\n\(wrap(discussion, indent: 0))\n\n"
        text += "USAGE: \(name) <command> [options] ...\n       \(name) <spec> ...   (same as '\(name) \(defaultCommand) <spec> ...')\n\n"
        text += "COMMANDS:\n"
        for command in commands {
            text += row("  \(command.name)\(command.name == defaultCommand ? " (default)" : "")", command.abstract)
        }
        text += "\nOPTIONS:\n"
        text += row("  --version", "Show the version.")
        text += row("  -h, --help", "Show help information.")
        text += "\n  See '\(name) help <command>' for the options of a command.\n"
        return text
    }

    func help(_ spec: CommandSpec) -> String {
        var text = "OVERVIEW: \(spec.abstract)\n\n"
        if !spec.discussion.isEmpty { text += wrap(spec.discussion, indent: 0) + "\n\n" }
        text += "USAGE: \(usage(spec).dropFirst("Usage: ".count))\n\n"
        if !spec.arguments.isEmpty {
            text += "ARGUMENTS:\n"
            for argument in spec.arguments { text += row("  <\(argument.name)>", argument.help) }
            text += "\n"
        }
        text += "OPTIONS:\n"
        for option in spec.options {
            var help = option.help
            if let value = option.defaultValue { help += " (default: \(value))" }
            if option.repeatable { help += " May be repeated." }
            text += row("  --\(option.name)\(option.valueName.map { " <\($0)>" } ?? "")", help)
        }
        text += row("  -h, --help", "Show help information.")
        return text
    }

    /// `left` in a 28-column gutter, `right` wrapped beside it.
    private func row(_ left: String, _ right: String) -> String {
        let gutter = 28
        let body = wrap(right, indent: gutter)
        if left.count + 2 <= gutter {
            return left + String(repeating: " ", count: gutter - left.count) + body.drop { $0 == " " } + "\n"
        }
        return left + "\n" + body + "\n"
    }

    /// Words of `text` in lines of at most 100 columns, each indented by `indent`.
    private func wrap(_ text: String, indent: Int) -> String {
        let width = 100
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty && indent + line.count + 1 + word.count > width {
                    lines.append(line)
                    line = ""
                }
                line += line.isEmpty ? String(word) : " " + word
            }
            lines.append(line)
        }
        let pad = String(repeating: " ", count: indent)
        return lines.map { pad + $0 }.joined(separator: "\n")
    }
}
