import JSONDocument
import SchemaEngine

/// Compiles the Schema Objects of a description with the engine, in the description's
/// dialect (2.0 → draft 4, 3.0 → the OAS 3.0 dialect, 3.1 → the OAS 3.1 dialect).
/// Compilation is lazy and cached per schema location, so only the schemas a rule needs
/// are compiled.
public final class SchemaCompiler {
    public let workspace: Workspace
    public let dialect: Dialect
    private var cache: [NodeKey: Result<Validator, SchemaCompileError>] = [:]

    public init(workspace: Workspace) {
        self.workspace = workspace
        switch workspace.version {
        case .swagger2: dialect = .draft4
        case .openapi30: dialect = .oas30
        case .openapi31: dialect = .oas31
        }
    }

    /// The compiled validator of the schema at `node` (which may be a `$ref`).
    public func validator(for node: Node) -> Result<Validator, SchemaCompileError> {
        if let known = cache[node.key] { return known }
        let result = compile(node)
        cache[node.key] = result
        return result
    }

    private func compile(_ node: Node) -> Result<Validator, SchemaCompileError> {
        // Compile through a one-line wrapper that references the schema by its file URI and
        // pointer: `$ref`s inside it then resolve against the whole file (`#/components/…`)
        // and against sibling files through the workspace.
        let target = node.file.uri + "#" + fragmentEncode(node.pointer)
        let wrapper: JSONDocument
        do {
            wrapper = try JSONDocument.parse("{\"$ref\":" + JSONWriter.quote(target) + "}")
        } catch {
            return .failure(SchemaCompileError(message: "internal: \(error)", location: target))
        }
        var registry = SchemaRegistry()
        for file in workspace.files { registry.add(uri: file.uri, document: file.document) }
        let ws = workspace
        let options = ValidatorOptions(registry: registry, resolver: { uri in ws.document(forURI: uri) })
        do {
            return .success(try Validator(schema: wrapper, dialect: dialect, options: options))
        } catch {
            return .failure(error)
        }
    }

    func fragmentEncode(_ pointer: String) -> String {
        var out = ""
        for scalar in pointer.unicodeScalars {
            let c = Character(scalar)
            if scalar.isASCII && (c.isLetter || c.isNumber || "/-._~!$&'()*+,;=:@".contains(c)) {
                out.append(c)
            } else {
                for byte in String(c).utf8 { out += "%" + String(byte, radix: 16, uppercase: true).leftPadded() }
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded() -> String { count == 1 ? "0" + self : self }
}
