import JSONDocument

/// How an input file is read, chosen by its extension.
enum InputFormat {
    case json, yaml, jsonLines, sniff

    init(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".json") {
            self = .json
        } else if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            self = .yaml
        } else if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") {
            self = .jsonLines
        } else {
            self = .sniff
        }
    }
}

/// A problem reading an input: printed as `path:line:column: message`, exit code 2.
struct InputError: Error, CustomStringConvertible {
    var path: String
    var line: Int?
    var column: Int?
    var message: String

    var description: String {
        var s = path
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s + ": " + message
    }
}

enum InputFile {
    /// Reads a whole file (`-` is standard input).
    static func read(_ path: String) throws(InputError) -> [UInt8] {
        do {
            return path == "-" ? try FileSystem.readStandardInput() : try FileSystem.read(path)
        } catch {
            throw InputError(path: path, message: error.message)
        }
    }

    /// Loads one document, JSON or YAML by extension (`.json` is always strict JSON).
    static func load(_ path: String, format: InputFormat? = nil) throws(InputError) -> JSONDocument {
        let bytes = try read(path)
        return try parse(bytes, path: path, format: format ?? InputFormat(path: path))
    }

    static func parse(_ bytes: [UInt8], path: String, format: InputFormat) throws(InputError) -> JSONDocument {
        switch format {
        case .json, .jsonLines:
            return try parseJSON(bytes, path: path)
        case .yaml:
            return try loadYAML(bytes, path: path)
        case .sniff:
            // JSON when it looks like JSON; YAML (a superset for our purposes) otherwise.
            let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
            if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return try parseJSON(bytes, path: path) }
            return try loadYAML(bytes, path: path)
        }
    }

    static func parseJSON(_ bytes: [UInt8], path: String) throws(InputError) -> JSONDocument {
        do {
            return try JSONDocument.parse(bytes, sourceName: path)
        } catch {
            throw InputError(path: path, line: error.line, column: error.column, message: error.message)
        }
    }

    static func loadYAML(_ bytes: [UInt8], path: String) throws(InputError) -> JSONDocument {
        do {
            return try JSONDocument.parseYAML(bytes, sourceName: path)
        } catch {
            throw InputError(path: path, line: error.line, column: error.column, message: error.message)
        }
    }
}

