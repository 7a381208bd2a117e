import JSONDocument
import OpenAPIModel

public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, sarif, github, junit
}

/// The findings of one or more lint runs, grouped by file, rendered in the output formats.
public struct LintReport: Sendable {
    public struct FileFindings: Sendable {
        public var path: String
        public var findings: [Finding]
    }

    public var files: [FileFindings] = []

    public init(_ results: [LintResult]) {
        var index: [String: Int] = [:]
        for result in results {
            // The root always appears (even when clean); other files when they have findings.
            var paths = [result.path]
            for f in result.findings where !paths.contains(f.file) { paths.append(f.file) }
            for path in paths {
                let mine = result.findings.filter { $0.file == path }
                if let i = index[path] {
                    for f in mine where !files[i].findings.contains(f) { files[i].findings.append(f) }
                } else {
                    index[path] = files.count
                    files.append(FileFindings(path: path, findings: mine))
                }
            }
        }
    }

    public var allFindings: [Finding] { files.flatMap(\.findings) }

    public func count(_ severity: Severity) -> Int { allFindings.filter { $0.severity == severity }.count }

    /// True when some finding is at or above `threshold`.
    public func fails(at threshold: Severity) -> Bool { allFindings.contains { $0.severity >= threshold } }

    public func render(_ format: OutputFormat, color: Bool = false, toolVersion: String = "0.1.0") -> String {
        switch format {
        case .text: text(color: color)
        case .json: json()
        case .sarif: sarif(toolVersion: toolVersion)
        case .github: github()
        case .junit: junit()
        }
    }

    // MARK: text

    func text(color: Bool) -> String {
        // Written as bytes: thousands of findings are common on large descriptions.
        var out: [UInt8] = []
        out.reserveCapacity(256 + allFindings.count * 160)
        func add(_ s: String) { out.append(contentsOf: s.utf8) }
        func paint(_ s: String, _ code: String) {
            if color { add("\u{1B}[" + code + "m") }
            add(s)
            if color { add("\u{1B}[0m") }
        }
        for file in files where !file.findings.isEmpty {
            paint(file.path, "4")
            add("\n")
            let places = file.findings.map { String($0.line) + ":" + String($0.column) }
            let width = places.map(\.utf8.count).max() ?? 0
            for (f, place) in zip(file.findings, places) {
                add("  ")
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - place.utf8.count))
                add(place)
                add("  ")
                switch f.severity {
                case .error: paint("error  ", "31")
                case .warning: paint("warning", "33")
                case .info: paint("info   ", "34")
                case .hint: paint("hint   ", "2")
                }
                add("  ")
                add(f.message)
                add("  ")
                paint(f.rule + " " + (f.pointer.isEmpty ? "/" : f.pointer), "2")
                add("\n")
            }
            add("\n")
        }
        let e = count(.error), w = count(.warning), i = count(.info), h = count(.hint)
        let total = e + w + i + h
        if total == 0 {
            paint("✓ no problems", "32")
            add(" (\(files.count) file\(files.count == 1 ? "" : "s"))\n")
        } else {
            let summary = "✖ \(total) problem\(total == 1 ? "" : "s") (\(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s"), \(i) info, \(h) hint\(h == 1 ? "" : "s"))"
            paint(summary, e > 0 ? "31" : "33")
            add("\n")
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: json

    func json() -> String {
        // Written as bytes: a multi-MB description can have thousands of findings.
        var out: [UInt8] = []
        out.reserveCapacity(256 + allFindings.count * 200)
        func raw(_ text: StaticString) { text.withUTF8Buffer { out.append(contentsOf: $0) } }
        func string(_ text: String) { JSONWriter.writeString(text.utf8, into: &out) }
        func number(_ value: Int) { out.append(contentsOf: String(value).utf8) }
        raw("{\"files\":[")
        for (k, file) in files.enumerated() {
            if k > 0 { raw(",") }
            raw("{\"path\":")
            string(file.path)
            raw(",\"findings\":[")
            for (j, f) in file.findings.enumerated() {
                if j > 0 { raw(",") }
                raw("{\"rule\":")
                string(f.rule)
                raw(",\"severity\":")
                string(f.severity.rawValue)
                raw(",\"message\":")
                string(f.message)
                raw(",\"pointer\":")
                string(f.pointer)
                raw(",\"line\":")
                number(f.line)
                raw(",\"column\":")
                number(f.column)
                raw("}")
            }
            raw("]}")
        }
        raw("],\"summary\":{\"error\":")
        number(count(.error))
        raw(",\"warning\":")
        number(count(.warning))
        raw(",\"info\":")
        number(count(.info))
        raw(",\"hint\":")
        number(count(.hint))
        raw("}}")
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: SARIF 2.1.0

    static func sarifLevel(_ s: Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        case .info, .hint: "note"
        }
    }

    static func uriReference(_ path: String) -> String { Workspace.percentEncodedPath(path) }

    func sarif(toolVersion: String) -> String {
        let rules = Rules.all
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        var out = "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
        out += "\"tool\":{\"driver\":{\"name\":\"oavalidate\",\"version\":\(JSONWriter.quote(toolVersion)),"
        out += "\"informationUri\":\"https://github.com/oavalidate/oavalidate\",\"rules\":["
        for (i, rule) in rules.enumerated() {
            if i > 0 { out += "," }
            out += "{\"id\":\(JSONWriter.quote(rule.id)),\"shortDescription\":{\"text\":\(JSONWriter.quote(rule.summary))},"
            out += "\"defaultConfiguration\":{\"level\":\"\(Self.sarifLevel(rule.severity))\"}}"
        }
        out += "]}},\"results\":["
        var first = true
        for f in allFindings {
            if !first { out += "," }
            first = false
            out += "{\"ruleId\":\(JSONWriter.quote(f.rule)),"
            if let i = ruleIndex[f.rule] { out += "\"ruleIndex\":\(i)," }
            out += "\"level\":\"\(Self.sarifLevel(f.severity))\",\"message\":{\"text\":\(JSONWriter.quote(f.message))},"
            out += "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\(JSONWriter.quote(Self.uriReference(f.file)))},"
            out += "\"region\":{\"startLine\":\(max(1, f.line)),\"startColumn\":\(max(1, f.column))}},"
            out += "\"logicalLocations\":[{\"fullyQualifiedName\":\(JSONWriter.quote(f.pointer.isEmpty ? "/" : f.pointer)),\"kind\":\"member\"}]}],"
            out += "\"properties\":{\"severity\":\"\(f.severity.rawValue)\",\"pointer\":\(JSONWriter.quote(f.pointer))}}"
        }
        out += "]}]}"
        return out
    }

    // MARK: GitHub Actions

    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    func github() -> String {
        var out = ""
        for f in allFindings {
            let command: String
            switch f.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info, .hint: command = "notice"
            }
            out += "::\(command) file=\(Self.escapeProperty(f.file)),line=\(f.line),col=\(f.column),title=\(Self.escapeProperty(f.rule))::"
            out += Self.escapeData("\(f.message) (\(f.pointer.isEmpty ? "/" : f.pointer))") + "\n"
        }
        return out
    }

    // MARK: JUnit XML

    static func xml(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(c)
            default:
                if c.value < 0x20 { out += "&#xFFFD;" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    func junit() -> String {
        let total = allFindings.count
        let failures = allFindings.filter { $0.severity == .error }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"oavalidate lint\" tests=\"\(max(total, files.count))\" failures=\"\(failures)\">\n"
        for file in files {
            let errors = file.findings.filter { $0.severity == .error }.count
            out += "  <testsuite name=\"\(Self.xml(file.path))\" tests=\"\(max(1, file.findings.count))\" failures=\"\(errors)\" errors=\"0\">\n"
            if file.findings.isEmpty {
                out += "    <testcase classname=\"\(Self.xml(file.path))\" name=\"lint\"/>\n"
            }
            for f in file.findings {
                let name = "\(f.rule) \(f.pointer.isEmpty ? "/" : f.pointer)"
                out += "    <testcase classname=\"\(Self.xml(file.path))\" name=\"\(Self.xml(name))\">\n"
                let body = "\(f.file):\(f.line):\(f.column) \(f.severity.rawValue) \(f.rule): \(f.message)"
                if f.severity == .error {
                    out += "      <failure message=\"\(Self.xml(f.message))\" type=\"\(f.rule)\">\(Self.xml(body))</failure>\n"
                } else {
                    out += "      <system-out>\(Self.xml(body))</system-out>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }
}
