import JSONDocument

/// Many schemas compiled into one program, each validated on its own: the `$ref` targets they
/// share are compiled once. Members are named by URI with a fragment
/// (`file:///api/openapi.yaml#/components/schemas/Pet`), resolved through the options'
/// registry and resolver. The OpenAPI linter checks every example of a description with one.
public final class SchemaSet: Sendable {
    let program: Program
    let entries: [Int32]

    /// - Parameter dialect: the dialect of documents without `$schema` (default 2020-12).
    public init(references: [String], dialect: Dialect? = nil, options: ValidatorOptions = ValidatorOptions())
        throws(SchemaCompileError)
    {
        (program, entries) = try Compiler.compile(references: references, dialect: dialect, options: options)
    }

    init(program: Program, entries: [Int32]) {
        self.program = program
        self.entries = entries
    }

    /// Builds a set one member at a time, compiling each as it is added: a caller that finds
    /// its schemas gradually (the linter's walkers) overlaps compilation with the search.
    /// Not thread-safe: one thread adds. After `add` throws, the builder must not be used again.
    public final class Builder {
        private let compilation: Compiler.SetCompilation
        private var entries: [Int32] = []

        /// - Parameter dialect: the dialect of documents without `$schema` (default 2020-12).
        public init(dialect: Dialect? = nil, options: ValidatorOptions = ValidatorOptions()) {
            compilation = Compiler.SetCompilation(dialect: dialect, options: options)
        }

        /// Compiles the schema named by `reference` (a URI with a fragment) as the next member;
        /// returns its member index. When it does not compile, the error is thrown and the
        /// builder is left as it was: the members added before and after it are unaffected.
        public func add(_ reference: String) throws(SchemaCompileError) -> Int {
            entries.append(try compilation.add(reference))
            return entries.count - 1
        }

        /// Compiles the schema `schema`, the node at `pointer` in the document named by
        /// `documentURI` (as `add(documentURI + "#" + pointer)` would find it, without decoding
        /// and following the pointer), as the next member; returns its member index.
        /// `pointer` nil: read off the document when it is needed (most schemas of a
        /// description are indexed with their file, and never need it).
        public func add(_ schema: JSONValue, documentURI: String, pointer: String? = nil) throws(SchemaCompileError) -> Int {
            entries.append(try compilation.add(schema, documentURI: documentURI, pointer: pointer))
            return entries.count - 1
        }

        public var count: Int { entries.count }

        /// The set of every member added.
        public func build() throws(SchemaCompileError) -> SchemaSet {
            SchemaSet(program: try compilation.finish(), entries: entries)
        }
    }

    public var count: Int { entries.count }

    /// True when `instance` is valid against member `member` (the index in `references`).
    /// `direction`: the exchange side (compile with `ValidatorOptions.directional` for it to count).
    public func isValid(_ instance: JSONValue, member: Int, direction: OpenAPIDirection? = nil) -> Bool {
        instance.document.withReader { reader in
            program.isValid(reader, root: Int(instance.index), entry: entries[member], direction: direction)
        }
    }

    /// Every error of `instance` against member `member` (no annotations are collected).
    public func validate(_ instance: JSONValue, member: Int, direction: OpenAPIDirection? = nil) -> ValidationResult {
        if isValid(instance, member: member, direction: direction) { return ValidationResult(isValid: true, errors: []) }
        return instance.document.withReader { reader in
            let outcome = program.run(reader, root: Int(instance.index), collect: true, entry: entries[member], direction: direction)
            return ValidationResult(isValid: outcome.valid, errors: outcome.errors)
        }
    }
}
