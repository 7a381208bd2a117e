/// The JSON Schema dialects the engine compiles.
public enum Dialect: String, Sendable, CaseIterable, CustomStringConvertible {
    case draft4
    case draft6
    case draft7
    case draft2019_09 = "2019-09"
    case draft2020_12 = "2020-12"
    /// The OpenAPI 3.0 Schema Object (a draft-04 superset/subset with `nullable`).
    case oas30
    /// The OpenAPI 3.1 Schema Object dialect (2020-12 plus the OAS base vocabulary).
    case oas31

    public var description: String { rawValue }

    /// The dialect named by a `$schema` URI, when it is one of the known meta-schemas.
    public init?(schemaURI: String) {
        var uri = schemaURI
        if uri.hasSuffix("#") { uri.removeLast() }
        if uri.hasPrefix("https://json-schema.org/") || uri.hasPrefix("http://json-schema.org/") {
            let path = uri.drop(while: { $0 != "/" }).dropFirst(2).drop(while: { $0 != "/" })
            switch path {
            case "/draft-04/schema": self = .draft4
            case "/draft-06/schema": self = .draft6
            case "/draft-07/schema": self = .draft7
            case "/draft/2019-09/schema": self = .draft2019_09
            case "/draft/2020-12/schema": self = .draft2020_12
            default: return nil
            }
            return
        }
        if uri.hasPrefix("https://spec.openapis.org/oas/3.1/dialect/") { self = .oas31; return }
        if uri.hasPrefix("https://spec.openapis.org/oas/3.0/schema") { self = .oas30; return }
        return nil
    }
}

/// Which side of an HTTP exchange an OpenAPI 3.0 instance is on: `readOnly` properties are
/// not allowed (and not required) in requests, `writeOnly` ones not in responses.
public enum OpenAPIDirection: Sendable {
    case request
    case response
}

/// Documents addressable by URI while compiling (`$ref` to other files, meta-schemas).
public struct SchemaRegistry: Sendable {
    var documents: [String: JSONDocument] = [:]

    public init() {}

    /// Registers a document under `uri` (its retrieval URI; a trailing `#` is ignored).
    public mutating func add(uri: String, document: JSONDocument) {
        documents[URI.stripFragment(uri)] = document
    }

    /// Parses and registers JSON text.
    public mutating func add(uri: String, json: String) throws(JSONParseError) {
        add(uri: uri, document: try JSONDocument.parse(json))
    }

    public func document(for uri: String) -> JSONDocument? { documents[URI.stripFragment(uri)] }
}

/// A compiled schema. Compile once, validate from any number of threads.
public final class Validator: Sendable {
    public typealias Options = ValidatorOptions

    let program: Program
    /// The exchange side every validation takes (`ValidatorOptions.direction`).
    let direction: OpenAPIDirection?

    /// The dialect of the root schema (from `$schema`, the `dialect` argument, or 2020-12).
    public var dialect: Dialect { program.rootDialect }

    /// Compiles a schema document.
    /// - Parameter dialect: used when the schema has no `$schema` (default 2020-12); a
    ///   `$schema` in the document wins, except for the OpenAPI dialects, which always apply.
    public init(schema: JSONDocument, dialect: Dialect? = nil, options: Options = Options()) throws(SchemaCompileError) {
        program = try Compiler.compile(root: schema.root, dialect: dialect, options: options)
        direction = options.direction
    }

    /// Compiles a value as a standalone schema (its `#` is the value itself), as a test
    /// suite or an inline schema needs.
    public init(schema: JSONValue, dialect: Dialect? = nil, options: Options = Options()) throws(SchemaCompileError) {
        program = try Compiler.compile(root: schema, dialect: dialect, options: options)
        direction = options.direction
    }

    /// Compiles a schema that lives inside a bigger document, such as an OpenAPI component:
    /// `#/…` references resolve against the whole document, and absolute keyword locations
    /// carry the schema's pointer in it.
    public init(embeddedSchema schema: JSONValue, dialect: Dialect? = nil, options: Options = Options())
        throws(SchemaCompileError)
    {
        program = try Compiler.compile(root: schema, dialect: dialect, options: options, embedded: true)
        direction = options.direction
    }

    /// Parses and compiles JSON schema text.
    public convenience init(schema bytes: [UInt8], dialect: Dialect? = nil, options: Options = Options()) throws(SchemaCompileError) {
        let document: JSONDocument
        do { document = try JSONDocument.parse(bytes) } catch {
            throw SchemaCompileError(message: "schema is not valid JSON: \(error)", location: "")
        }
        try self.init(schema: document, dialect: dialect, options: options)
    }

    public convenience init(schema text: String, dialect: Dialect? = nil, options: Options = Options()) throws(SchemaCompileError) {
        try self.init(schema: Array(text.utf8), dialect: dialect, options: options)
    }

    /// True when the instance is valid. Stops at the first failure; collects nothing.
    public func isValid(_ instance: JSONDocument) -> Bool {
        instance.withReader { reader in program.isValid(reader, root: 0, direction: direction) }
    }

    public func isValid(_ instance: JSONValue) -> Bool {
        instance.document.withReader { reader in program.isValid(reader, root: Int(instance.index), direction: direction) }
    }

    /// Validates and reports every error. A valid instance is recognised by the fast path; its
    /// annotations are collected when `annotations` is first read.
    public func validate(_ instance: JSONDocument) -> ValidationResult {
        if isValid(instance) { return ValidationResult(valid: program, instance, root: 0) }
        return instance.withReader { reader in
            let outcome = program.run(reader, root: 0, collect: true, direction: direction)
            return ValidationResult(isValid: outcome.valid, errors: outcome.errors, annotations: outcome.annotations)
        }
    }

    public func validate(_ instance: JSONValue) -> ValidationResult {
        if isValid(instance) { return ValidationResult(valid: program, instance.document, root: Int(instance.index)) }
        return instance.document.withReader { reader in
            let outcome = program.run(reader, root: Int(instance.index), collect: true, direction: direction)
            return ValidationResult(isValid: outcome.valid, errors: outcome.errors, annotations: outcome.annotations)
        }
    }

    /// Number of instructions in the compiled program (for diagnostics and tests).
    public var instructionCount: Int { program.code.count }
}

public struct ValidatorOptions: Sendable {
    /// Treat `format` as an assertion (it is an annotation by default in every draft).
    public var formatAssertion: Bool
    /// Documents to resolve `$ref`s against before asking `resolver`.
    public var registry: SchemaRegistry
    /// Called for URIs neither the registry nor the embedded meta-schemas know. No network by default.
    public var resolver: (@Sendable (String) -> JSONDocument?)?
    /// `format` checkers by name: the standard ones plus any registered by the application.
    public var formats: FormatRegistry
    /// Instances nested deeper than this are invalid (an error, not a crash).
    public var maxDepth: Int
    /// PCRE2 backtracking limit per regex match; a match that hits it counts as a failure.
    public var regexMatchLimit: UInt32
    /// OpenAPI 3.0/3.1: enforce `readOnly`/`writeOnly` for this side of the exchange.
    public var direction: OpenAPIDirection?
    /// Compile `readOnly`/`writeOnly` so that each validation can name its side of the exchange
    /// (`SchemaSet.validate(_:member:direction:)`): one program serves requests and responses.
    /// Implied by `direction`.
    public var directional: Bool
    /// Record annotation keywords (title, description, default, …) for the output formats that
    /// report them. Callers that only need errors turn it off and compile faster.
    public var annotations: Bool

    public init(
        formatAssertion: Bool = false, registry: SchemaRegistry = SchemaRegistry(),
        resolver: (@Sendable (String) -> JSONDocument?)? = nil,
        formats: FormatRegistry = .standard, maxDepth: Int = 512,
        regexMatchLimit: UInt32 = ECMARegex.defaultMatchLimit, direction: OpenAPIDirection? = nil,
        directional: Bool = false, annotations: Bool = true
    ) {
        self.directional = directional
        self.annotations = annotations
        self.formatAssertion = formatAssertion
        self.registry = registry
        self.resolver = resolver
        self.formats = formats
        self.maxDepth = maxDepth
        self.regexMatchLimit = regexMatchLimit
        self.direction = direction
    }
}

/// One validation failure.
public struct SchemaValidationError: Sendable, Equatable, CustomStringConvertible {
    /// JSON Pointer to the failing value in the instance.
    public var instanceLocation: String
    /// JSON Pointer to the keyword through the evaluation path (`$ref`s included).
    public var keywordLocation: String
    /// The keyword's absolute location: schema resource URI + `#` + pointer.
    public var absoluteKeywordLocation: String
    /// The keyword that failed (`maxItems`, `required`, …).
    public var keyword: String
    public var message: String

    public var description: String {
        "\(instanceLocation.isEmpty ? "/" : instanceLocation): \(message)"
    }
}

public struct ValidationResult: Sendable {
    public var isValid: Bool
    public var errors: [SchemaValidationError]
    /// Annotations of the schemas that held (empty when the instance is invalid at the root).
    /// For a valid instance, `validate` collects them on first read.
    public var annotations: [SchemaAnnotation] {
        get { lazyAnnotations?.value ?? storedAnnotations }
        set {
            storedAnnotations = newValue
            lazyAnnotations = nil
        }
    }

    var storedAnnotations: [SchemaAnnotation]
    var lazyAnnotations: LazyAnnotations?

    public init(isValid: Bool, errors: [SchemaValidationError], annotations: [SchemaAnnotation] = []) {
        self.isValid = isValid
        self.errors = errors
        self.storedAnnotations = isValid ? annotations : []
        self.lazyAnnotations = nil
    }

    /// A valid instance; its annotations come from `program` when first read (none to read
    /// when the program has no annotation keywords).
    init(valid program: Program, _ document: JSONDocument, root: Int) {
        isValid = true
        errors = []
        storedAnnotations = []
        lazyAnnotations = program.annotations.isEmpty ? nil : LazyAnnotations(program: program, document: document, root: root)
    }
}

/// A schema that cannot be compiled: a keyword with a wrong value, an unresolvable `$ref`, an invalid regex.
public struct SchemaCompileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Absolute location of the offending schema or keyword (`uri#/pointer`).
    public var location: String

    public init(message: String, location: String) {
        self.message = message
        self.location = location
    }

    public var description: String { location.isEmpty ? message : "\(location): \(message)" }
}
