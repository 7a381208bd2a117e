import OpenAPIModel

/// How serious a finding is, most serious first.
public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case error, warning, info, hint

    var rank: Int {
        switch self {
        case .error: 3
        case .warning: 2
        case .info: 1
        case .hint: 0
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem found in a description.
public struct Finding: Sendable, Equatable {
    public var rule: String
    public var severity: Severity
    public var message: String
    /// The file the problem is in, as displayed (multi-file descriptions: not always the root).
    public var file: String
    /// JSON Pointer inside `file`.
    public var pointer: String
    public var line: Int
    public var column: Int

    public init(rule: String, severity: Severity, message: String, file: String, pointer: String, line: Int, column: Int) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.file = file
        self.pointer = pointer
        self.line = line
        self.column = column
    }
}

/// Every rule the linter has, with its default severity and a one-line description.
public struct RuleInfo: Sendable {
    public var id: String
    public var severity: Severity
    public var summary: String
}

public enum Rules {
    public static let all: [RuleInfo] = [
        .init(id: "oas3-schema", severity: .error, summary: "OpenAPI 3.x structure: required fields, allowed fields, value types and enumerations"),
        .init(id: "oas2-schema", severity: .error, summary: "Swagger 2.0 structure: required fields, allowed fields, value types and enumerations"),
        .init(id: "invalid-ref", severity: .error, summary: "$ref that cannot be resolved (missing file, missing pointer, refused location)"),
        .init(id: "no-$ref-siblings", severity: .warning, summary: "fields beside $ref that the specification says are ignored"),
        .init(id: "duplicate-key", severity: .error, summary: "the same key twice in one JSON object / YAML mapping"),
        .init(id: "operation-operationId-unique", severity: .error, summary: "every operationId is unique"),
        .init(id: "path-params", severity: .error, summary: "path template variables and path parameters match; no equivalent paths"),
        .init(id: "operation-parameters", severity: .error, summary: "no two parameters with the same name and location"),
        .init(id: "oas3-valid-media-example", severity: .error, summary: "examples of media types, parameters and headers validate against their schema"),
        .init(id: "oas3-valid-schema-example", severity: .error, summary: "example(s) and default of a schema validate against it"),
        .init(id: "oas2-valid-media-example", severity: .error, summary: "response examples validate against the response schema"),
        .init(id: "oas2-valid-schema-example", severity: .error, summary: "example and default of a schema validate against it"),
        .init(id: "typed-enum", severity: .warning, summary: "enum values match the schema's type"),
        .init(id: "oas3-operation-security-defined", severity: .error, summary: "security requirements name defined schemes and defined oauth2 scopes"),
        .init(id: "oas2-operation-security-defined", severity: .error, summary: "security requirements name defined schemes and defined oauth2 scopes"),
        .init(id: "oas3-server-variables", severity: .error, summary: "server URL variables are defined, used, and defaults are in their enum"),
        .init(id: "invalid-pattern", severity: .error, summary: "`pattern` / `patternProperties` are valid ECMA-262 regular expressions"),
        .init(id: "schema-required-properties", severity: .warning, summary: "names in `required` are declared in `properties`"),
        .init(id: "discriminator-mapping", severity: .error, summary: "discriminator mapping targets exist"),
        .init(id: "response-status-code", severity: .error, summary: "response keys are HTTP status codes (100-599), ranges 1XX-5XX or `default`"),
        .init(id: "media-type-key", severity: .error, summary: "content keys are media types or media ranges"),
        .init(id: "operation-success-response", severity: .warning, summary: "every operation has a 2XX or 3XX response"),
        .init(id: "oas3-unused-component", severity: .info, summary: "components that nothing references"),
        .init(id: "oas2-unused-definition", severity: .info, summary: "definitions, parameters and responses that nothing references"),
        .init(id: "oas3_1-json-schema-dialect", severity: .warning, summary: "jsonSchemaDialect names a JSON Schema dialect the validator knows"),
    ]

    public static let byID: [String: RuleInfo] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}
