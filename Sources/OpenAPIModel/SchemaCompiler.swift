import JSONDocument
import SchemaEngine

/// Compiles the Schema Objects of a description with the engine, in the description's
/// dialect (2.0 → draft 4, 3.0 → the OAS 3.0 dialect, 3.1 → `jsonSchemaDialect` when the
/// engine knows it, else the OAS 3.1 dialect; a schema's own `$schema` wins).
/// Compilation is lazy and cached per schema location, so only the schemas a rule needs
/// are compiled.
public final class SchemaCompiler: @unchecked Sendable {
    public let workspace: Workspace
    /// The dialect of Schema Objects without `$schema`.
    public let dialect: Dialect
    /// OpenAPI 3.1: the `jsonSchemaDialect` field when it names a dialect the engine does not know
    /// (`dialect` is then the OAS 3.1 dialect).
    public let unknownDialect: Node?
    private var cache: [NodeKey: Result<Validator, SchemaCompileError>] = [:]
    /// Guards `cache`: the linter validates request and response examples on separate threads.
    private let lock = Lock()

    public init(workspace: Workspace) {
        self.workspace = workspace
        var unknown: Node?
        switch workspace.version {
        case .swagger2: dialect = .draft4
        case .openapi30: dialect = .oas30
        case .openapi31:
            // OAS 3.1 §4.8.1: `jsonSchemaDialect` is the default `$schema` of the Schema Objects.
            if let field = workspace.root.root["jsonSchemaDialect"], let uri = field.string, Dialect(schemaURI: uri) == nil {
                unknown = field
            }
            dialect = workspace.root.root["jsonSchemaDialect"]?.string.flatMap(Dialect.init(schemaURI:)) ?? .oas31
        }
        unknownDialect = unknown
    }

    /// The dialect `node` compiles in: the `$schema` of the schema or of the nearest schema above
    /// it, when the engine knows it (OAS 3.1: "the value of $schema within a Schema Object always
    /// overrides any default"); else `dialect`.
    public func dialect(for node: Node) -> Dialect {
        guard workspace.version.isOpenAPI31, let uri = workspace.metaSchema(of: node) else { return dialect }
        return Dialect(schemaURI: uri) ?? dialect
    }

    /// The compiled validator of the schema at `node` (which may be a `$ref`).
    public func validator(for node: Node) -> Result<Validator, SchemaCompileError> {
        lock.lock()
        let known = cache[node.key]
        lock.unlock()
        if let known { return known }
        let result = compile(node)
        lock.lock()
        cache[node.key] = result
        lock.unlock()
        return result
    }

    private func compile(_ node: Node) -> Result<Validator, SchemaCompileError> {
        // Compile through a one-line wrapper that references the schema by its file URI and
        // pointer: `$ref`s inside it then resolve against the whole file (`#/components/…`)
        // and against sibling files through the workspace. A schema inside an `$id` (3.1) is
        // referenced through that `$id`, so its own relative `$ref`s resolve against it.
        let target = workspace.schemaURI(of: node)
        let wrapper: JSONDocument
        do {
            wrapper = try JSONDocument.parse("{\"$ref\":" + JSONWriter.quote(target) + "}")
        } catch {
            return .failure(SchemaCompileError(message: "internal: \(error)", location: target))
        }
        do {
            return .success(try Validator(schema: wrapper, dialect: dialect(for: node), options: options()))
        } catch {
            return .failure(error)
        }
    }

    /// A sample (example, default, enum value) to validate against a schema, on one side of
    /// an exchange (`readOnly` / `writeOnly` apply to request and response samples; OpenAPI 3.x).
    public struct Sample: Sendable {
        public var schema: Node
        public var value: JSONValue
        public var direction: OpenAPIDirection?

        public init(schema: Node, value: JSONValue, direction: OpenAPIDirection? = nil) {
            self.schema = schema
            self.value = value
            self.direction = direction
        }
    }

    /// Validates many samples against many schemas with one compilation per dialect (a
    /// `SchemaSet`), so the schemas they share are compiled once, whatever side of the exchange
    /// each sample is on: readOnly/writeOnly are compiled as checks of the evaluation's direction.
    /// A schema that does not compile in the set, or every schema when the set as a whole does
    /// not, falls back to a compilation of its own (nil when that fails too).
    public func validateAll(_ items: [Sample]) -> [ValidationResult?] {
        let validation = SampleValidation(self)
        for item in items { validation.add(item) }
        return validation.finish()
    }

    /// `validateAll` for samples found gradually: each sample's schema is compiled when the
    /// sample is added, so compilation overlaps with the search for samples (the linter's
    /// walks); `finish` validates them all. The answers are those of `validateAll` on the same
    /// samples. One thread adds and finishes.
    public final class SampleValidation {
        private let compiler: SchemaCompiler
        private let stale: (() -> Bool)?
        private var items: [Sample] = []
        /// Per item: its dialect's group and its member in that group's set.
        private var placement: [(group: Int, member: Int)] = []
        private var groups: [Group] = []
        private var groupIndex: [Dialect: Int] = [:]

        /// One compilation per dialect (schemas with their own `$schema`, 3.1, compile apart).
        private final class Group {
            let dialect: Dialect
            var builder: SchemaSet.Builder?
            /// Member by schema; -1 for a schema that did not compile in the set (its samples
            /// fall back to a validator of their own, which reports what is wrong with it).
            var members: [NodeKey: Int] = [:]
            init(dialect: Dialect) { self.dialect = dialect }
        }

        /// - Parameter stale: asked by `finish`; true means what was compiled so far may be
        ///   wrong and is compiled again (OpenAPI 3.1: files loaded after some schemas were
        ///   compiled declare `$id`s those schemas may have referenced).
        public init(_ compiler: SchemaCompiler, stale: (() -> Bool)? = nil) {
            self.compiler = compiler
            self.stale = stale
        }

        public var count: Int { items.count }

        public func add(_ sample: Sample) {
            items.append(sample)
            placement.append((-1, -1))
            place(items.count - 1)
        }

        private func place(_ n: Int) {
            let schema = items[n].schema
            let dialect = compiler.dialect(for: schema)
            let g: Int
            if let known = groupIndex[dialect] {
                g = known
            } else {
                g = groups.count
                groupIndex[dialect] = g
                let group = Group(dialect: dialect)
                var options = compiler.options()
                options.directional = compiler.usesDirections
                group.builder = SchemaSet.Builder(dialect: dialect, options: options)
                groups.append(group)
            }
            let group = groups[g]
            placement[n].group = g
            if let member = group.members[schema.key] {
                placement[n].member = member
                return
            }
            do {
                // A schema named by its file and pointer (not by an enclosing `$id`, 3.1) is
                // handed over as the node itself.
                let member: Int
                if let uri = compiler.workspace.identifiedSchemaURI(of: schema) {
                    member = try group.builder!.add(uri)
                } else {
                    member = try group.builder!.add(schema.value, documentURI: schema.file.uri)
                }
                group.members[schema.key] = member
                placement[n].member = member
            } catch {
                // The set is as it was before this schema (`SchemaSet.Builder.add`).
                group.members[schema.key] = -1
                placement[n].member = -1
            }
        }

        public func finish() -> [ValidationResult?] {
            if let stale, stale() {
                groups = []
                groupIndex = [:]
                for n in items.indices { place(n) }
            }
            let sets: [SchemaSet?] = groups.map { group in
                guard let builder = group.builder else { return nil }
                return try? builder.build()
            }
            let directions = compiler.usesDirections
            let items = self.items, placement = self.placement, compiler = self.compiler
            let validate = { (n: Int) -> ValidationResult? in
                let item = items[n]
                let (g, member) = placement[n]
                guard let set = sets[g], member >= 0 else {
                    guard case .success(let v) = compiler.validator(for: item.schema) else { return nil }
                    // (Cached validators ignore the direction: this path only runs for schemas
                    // that do not compile, which give nil here anyway.)
                    return v.isValid(item.value) ? ValidationResult(isValid: true, errors: []) : v.validate(item.value)
                }
                // Samples are validated where they are written: no copy, no re-parse.
                return set.validate(item.value, member: member, direction: directions ? item.direction : nil)
            }
            // The lint waits for this at its end, when the other core is mostly idle: a large
            // description's samples are validated in two halves (the sets are immutable).
            guard items.count >= Self.parallelMinimum else { return items.indices.map(validate) }
            let half = items.count / 2
            let second = BackgroundTask { (half..<items.count).map(validate) }
            let first = (0..<half).map(validate)
            return first + second.wait()
        }

        /// Samples from which `finish` validates on two threads.
        public static let parallelMinimum = 256
    }

    /// readOnly / writeOnly depend on the side of the exchange from OpenAPI 3.0 on (2.0's
    /// `readOnly` only says a property may be sent in responses).
    fileprivate var usesDirections: Bool { dialect != .draft4 }

    func options() -> ValidatorOptions {
        // No registry: the engine asks the workspace for each document it needs, loaded files
        // first (a registry of every file, made again whenever files were loaded since, was
        // ~2,900 dictionary entries on DigitalOcean for the handful of schemas compiled alone).
        let ws = workspace
        return ValidatorOptions(
            resolver: { uri in ws.loadedDocument(forURI: uri) ?? ws.document(forURI: uri) },
            annotations: false)  // findings need errors only
    }
}
