#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import JSONDocument
import OpenAPIModel
import SchemaEngine

/// Rules that look at one object at a time, run as the walker visits it.
extension Walker {
    /// `field` and `index`: where the walk found `node` (see `visit`).
    func hooks(_ node: Node, _ hook: Hook, field: String, index: Int?) {
        switch hook {
        case .root: rootHook(node)
        case .schema: schemaHook(node, foundIn: field, index: index)
        case .mediaType:
            if !is2 {
                if node["example"] != nil, node["examples"] != nil {
                    structure(node, "'example' and 'examples' are mutually exclusive")
                }
                mediaTypeExamples(node, rule: "oas3-valid-media-example")
            }
        case .parameter: is2 ? parameter2Hook(node) : parameterHook(node, header: false)
        case .header: if !is2 { parameterHook(node, header: true) }
        case .example:
            if node["value"] != nil, node["externalValue"] != nil {
                structure(node, "an Example Object has either 'value' or 'externalValue', not both")
            }
        case .link:
            if node["operationRef"] != nil, node["operationId"] != nil {
                structure(node, "a Link Object has either 'operationRef' or 'operationId', not both")
            }
        case .securityScheme: is2 ? securityScheme2Hook(node) : securitySchemeHook(node)
        case .oauthFlows: oauthFlowsHook(node)
        case .responses: responsesHook(node)
        case .response: if is2 { response2Examples(node) }
        case .serverVariable:
            if is31, let e = node["enum"], e.kind == .array, e.value.count == 0 { structure(e, "'enum' of a server variable must not be empty") }
        case .license:
            if node["identifier"] != nil, node["url"] != nil {
                structure(node, "the License Object has either 'identifier' or 'url', not both")
            }
        case .none: break
        }
    }

    func rootHook(_ node: Node) {
        if is2 {
            if let host = node["host"], let text = host.string, text.containsBytes("/") {
                structure(host, "'host' is a host name or IP (with an optional port), without scheme or path; found \"\(text)\"")
            }
            if let base = node["basePath"], let text = base.string, !text.hasPrefix("/") {
                structure(base, "'basePath' must start with '/'; found \"\(text)\"")
            }
        }
        if is31, node["paths"] == nil, node["components"] == nil, node["webhooks"] == nil {
            structure(node, "an OpenAPI 3.1 document needs at least one of 'paths', 'components' or 'webhooks'")
        }
    }

    func responsesHook(_ node: Node) {
        var count = 0
        for m in node.members where !m.key.hasPrefix("x-") {
            count += 1
            if Response.status(of: m.key) == .invalid {
                report("response-status-code", m.node, "'\(m.key)' is not a response key: use an HTTP status code (100-599), a range 1XX-5XX, or 'default'")
            }
        }
        if count == 0, !is31 { structure(node, "'responses' must list at least one response") }
    }

    // MARK: Parameters and headers

    func parameterHook(_ node: Node, header: Bool) {
        let location = node["in"]?.string
        if !header, location == "path", node["required"]?.bool != true {
            structure(node["required"] ?? node, "path parameter '\(node["name"]?.string ?? "?")' must have 'required: true'")
        }
        let hasSchema = node["schema"] != nil
        if let content = node["content"] {
            if hasSchema { structure(node, "a \(header ? "header" : "parameter") has either 'schema' or 'content', not both") }
            if content.kind == .object, content.value.count != 1 {
                structure(content, "'content' of a \(header ? "header" : "parameter") must have exactly one entry, found \(content.value.count)")
            }
        } else if !hasSchema {
            structure(node, "a \(header ? "header" : "parameter") needs 'schema' or 'content'")
        }
        if node["example"] != nil, node["examples"] != nil {
            structure(node, "'example' and 'examples' are mutually exclusive")
        }
        if let style = node["style"]?.string {
            let allowed: [String]
            switch header ? "header" : (location ?? "") {
            case "path": allowed = ["matrix", "label", "simple"]
            case "query": allowed = ["form", "spaceDelimited", "pipeDelimited", "deepObject"]
            case "header": allowed = ["simple"]
            case "cookie": allowed = ["form"]
            default: allowed = []
            }
            if !allowed.isEmpty, !allowed.contains(style) {
                structure(node["style"]!, "style '\(style)' is not allowed for \(header ? "headers" : "\(location!) parameters"); allowed: \(allowed.joined(separator: ", "))")
            }
        }
        if !header, node["allowReserved"] != nil, location != "query", location != nil {
            structure(node["allowReserved"]!, "'allowReserved' applies only to query parameters")
        }
        mediaTypeExamples(node, rule: "oas3-valid-media-example")
    }

    /// The fields of a 2.0 Parameter Object its rules read, found in one pass over its keys.
    enum Parameter2Field: Int, CaseIterable {
        case `in`, name, required, schema, type, format, items, collectionFormat, `default`, `enum`
    }
    static let parameter2Fields = KeyList(Parameter2Field.allCases.map { String(describing: $0) })

    func parameter2Hook(_ node: Node) {
        let fields = KeyedMembers(node.value, Self.parameter2Fields)
        func field(_ f: Parameter2Field) -> Node? { fields[f.rawValue].map { node.node($0) } }
        func has(_ f: Parameter2Field) -> Bool { fields.has(f.rawValue) }
        func string(_ f: Parameter2Field) -> String? { fields[f.rawValue]?.string }
        let location = string(.in)
        var name: String { string(.name) ?? "?" }
        if location == "path", fields[Parameter2Field.required.rawValue]?.bool != true {
            structure(field(.required) ?? node, "path parameter '\(name)' must have 'required: true'")
        }
        if location == "body" {
            if !has(.schema) { structure(node, "body parameter '\(name)' needs a 'schema'") }
            for f in [Parameter2Field.type, .format, .items, .collectionFormat, .default, .enum] {
                guard let value = field(f) else { continue }
                structure(value, "'\(f)' is not allowed in a body parameter (describe the body with 'schema')")
            }
        } else if let location {
            if let schema = field(.schema) { structure(schema, "'schema' is only allowed in body parameters; use 'type'") }
            let type = string(.type)
            if !has(.type) { structure(node, "\(location) parameter '\(name)' needs a 'type'") }
            if type == "array", !has(.items) { structure(node, "array parameter '\(name)' needs 'items'") }
            if type == "file", location != "formData", let typeNode = field(.type) {
                structure(typeNode, "type 'file' is only allowed for formData parameters")
            }
            if location != "query" && location != "formData", string(.collectionFormat) == "multi", let format = field(.collectionFormat) {
                structure(format, "collectionFormat 'multi' is only allowed for query and formData parameters")
            }
        }
        if let d = field(.default), location != "body" { simpleDefaultCheck(node, d) }
    }

    /// 2.0 non-body parameters: `default` against the parameter's own type/enum.
    func simpleDefaultCheck(_ node: Node, _ value: Node) {
        if let type = node["type"]?.string, !Self.matchesType(value.value, [type], nullable: false) {
            report("oas2-valid-schema-example", value, "'default' \(Self.shorten(value.value.json)) is not of type \(type)")
        }
        if let e = node["enum"], e.kind == .array, !e.value.elements.contains(value.value) {
            report("oas2-valid-schema-example", value, "'default' \(Self.shorten(value.value.json)) is not one of the 'enum' values")
        }
    }

    // MARK: Security

    func securitySchemeHook(_ node: Node) {
        guard let type = node["type"]?.string else { return }
        let needed: [String]
        switch type {
        case "apiKey": needed = ["name", "in"]
        case "http": needed = ["scheme"]
        case "oauth2": needed = ["flows"]
        case "openIdConnect": needed = ["openIdConnectUrl"]
        default: needed = []
        }
        for field in needed where node[field] == nil {
            structure(node, "a security scheme of type '\(type)' needs '\(field)'")
        }
    }

    func oauthFlowsHook(_ node: Node) {
        let needs: [String: [String]] = [
            "implicit": ["authorizationUrl"], "password": ["tokenUrl"], "clientCredentials": ["tokenUrl"],
            "authorizationCode": ["authorizationUrl", "tokenUrl"],
        ]
        for m in node.members where m.node.isObject {
            for field in needs[m.key] ?? [] where m.node[field] == nil {
                structure(m.node, "the '\(m.key)' OAuth flow needs '\(field)'")
            }
        }
    }

    func securityScheme2Hook(_ node: Node) {
        guard let type = node["type"]?.string else { return }
        var needed: [String] = []
        if type == "apiKey" { needed = ["name", "in"] }
        if type == "oauth2" {
            needed = ["flow", "scopes"]
            switch node["flow"]?.string {
            case "implicit": needed.append("authorizationUrl")
            case "password", "application": needed.append("tokenUrl")
            case "accessCode": needed += ["authorizationUrl", "tokenUrl"]
            default: break
            }
        }
        for field in needed where node[field] == nil {
            structure(node, "a security definition of type '\(type)'\(node["flow"]?.string.map { " (flow '\($0)')" } ?? "") needs '\(field)'")
        }
    }

    // MARK: Schemas

    /// The fields of a Schema Object the schema rules read, found in one pass over its keys.
    enum SchemaField: Int, CaseIterable {
        case pattern, patternProperties, required, properties, allOf, anyOf, oneOf, ref, `if`, dependentSchemas
        case discriminator, type, nullable, `enum`, `default`, example, examples
    }
    static let schemaFieldNames = SchemaField.allCases.map { $0 == .ref ? "$ref" : String(describing: $0) }
    static let schemaFields = KeyList(schemaFieldNames)
    /// The fields that start one of the checks below (the others only qualify them). Most
    /// schemas have none: one bit test ends their visit here.
    static let schemaHookTriggers: UInt64 = [SchemaField.pattern, .patternProperties, .required, .discriminator, .enum, .default, .example, .examples]
        .reduce(0) { $0 | 1 << UInt64($1.rawValue) }

    func schemaHook(_ node: Node, foundIn walkField: String, index: Int?) {
        let fields = KeyedMembers(node.value, Self.schemaFields)
        guard fields.hasAny(Self.schemaHookTriggers) else { return }
        func field(_ f: SchemaField) -> Node? { fields[f.rawValue].map { node.node($0) } }
        func has(_ f: SchemaField) -> Bool { fields.has(f.rawValue) }
        // Patterns.
        if let p = field(.pattern), let text = p.string { checkPattern(p, text) }
        if is31, let pp = field(.patternProperties), pp.isObject {
            pp.forEachMember { key, value in checkPattern(value, key, isKey: true) }
        }
        // `required` names without a property.
        if let required = field(.required), required.kind == .array, let properties = fields[SchemaField.properties.rawValue],
            properties.kind == .object, !has(.allOf), !has(.anyOf), !has(.oneOf), !has(.ref), !has(.patternProperties),
            !has(.if), !has(.dependentSchemas), !isCompositionBranch(node, field: walkField, index: index)
        {
            // On the tape: a name String only for a finding.
            let document = node.value.document
            document.withReader { reader in
                reader.forEachElement(Int(required.value.index)) { e, _ in
                    guard reader.kind(e) == .string else { return true }
                    let name = reader.string(e)
                    guard reader.member(Int(properties.index), name) == nil else { return true }
                    report("schema-required-properties", required.node(document.value(at: e)),
                        "'\(String(decoding: name, as: UTF8.self))' is required but not declared in 'properties'")
                    return true
                }
            }
        }
        // Discriminator mapping targets.
        if !is2, let d = field(.discriminator), let mapping = d["mapping"], mapping.isObject {
            mapping.forEachMember { key, value in
                guard let target = value.string else { return }
                let looksLikeRef = target.contains("/") || target.contains("#") || target.contains(".")
                let ref = looksLikeRef ? target : "#/components/schemas/" + JSONPointer.escape(target)
                switch ws.resolve(ref, from: looksLikeRef ? node.file : ws.root) {
                case .success(let t): referenced.insert(t.key.word)
                case .failure(let problem):
                    report("discriminator-mapping", value, "mapping '\(key)' → '\(target)' does not name a schema: \(problem.message)")
                }
            }
        }
        // Enum values against `type`.
        // (The type names are read only for a schema with an enum: most have none.)
        if let e = field(.enum), e.kind == .array, let typeValue = fields[SchemaField.type.rawValue],
            case let types = typeValue.kind == .array ? typeValue.elements.compactMap(\.string) : [typeValue.string ?? ""],
            !types.isEmpty
        {
            let nullable = fields[SchemaField.nullable.rawValue]?.bool == true
            e.forEachElement { _, value in
                guard !Self.matchesType(value.value, types, nullable: nullable) else { return }
                if value.kind == .null && version.isOpenAPI30 && !nullable {
                    report("typed-enum", value, "enum value null is not allowed: the schema is not 'nullable'")
                } else {
                    report("typed-enum", value, "enum value \(Self.shorten(value.value.json)) does not match type \(types.joined(separator: "|"))")
                }
            }
        }
        // Examples and defaults against the schema itself.
        let rule = is2 ? "oas2-valid-schema-example" : "oas3-valid-schema-example"
        if let d = field(.default) { validate(d, against: node, rule: rule, what: "default") }
        if let ex = field(.example) { validate(ex, against: node, rule: rule, what: "example") }
        if is31, let exs = field(.examples), exs.kind == .array {
            exs.forEachElement { i, e in validate(e, against: node, rule: rule, what: "examples[\(i)]") }
        }
    }

    /// `…/allOf/2`: a branch whose `required` may name properties of its siblings. The walk
    /// knows when it found the schema in such a list; a schema it reached through a `$ref` is
    /// judged by where it is written (its pointer).
    func isCompositionBranch(_ node: Node, field: String, index: Int?) -> Bool {
        guard field == "$ref" else { return index != nil && (field == "allOf" || field == "anyOf" || field == "oneOf") }
        return Self.isCompositionBranch(node.pointer)
    }

    static func isCompositionBranch(_ pointer: String) -> Bool {
        // On bytes: the last token is a number and the one before allOf, anyOf or oneOf.
        var pointer = pointer
        return pointer.withUTF8 { p -> Bool in
            guard let lastSlash = p.lastIndex(of: UInt8(ascii: "/")), lastSlash + 1 < p.count else { return false }
            let index = UnsafeBufferPointer(rebasing: p[(lastSlash + 1)...])
            guard index.count <= 18, index.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), index.count == 1 || index.first != 0x30 else { return false }
            guard let previous = p[..<lastSlash].lastIndex(of: UInt8(ascii: "/")) else { return false }
            let name = UnsafeBufferPointer(rebasing: p[(previous + 1)..<lastSlash])
            return name.spells("allOf") || name.spells("anyOf") || name.spells("oneOf")
        }
    }

    func checkPattern(_ node: Node, _ text: String, isKey: Bool = false) {
        let error: String?
        if let known = checkedPatterns[text] {
            error = known
        } else {
            do {
                _ = try ECMARegex(text)
                error = nil
            } catch {
                checkedPatterns[text] = .some("\(error)")
                report("invalid-pattern", node, "\(isKey ? "patternProperties key" : "'pattern'") \(Self.shorten(JSONWriter.quote(text))) is not a valid ECMA-262 regular expression: \(error)")
                return
            }
            checkedPatterns[text] = .some(nil)
        }
        if let error {
            report("invalid-pattern", node, "\(isKey ? "patternProperties key" : "'pattern'") \(Self.shorten(JSONWriter.quote(text))) is not a valid ECMA-262 regular expression: \(error)")
        }
    }

    static func matchesType(_ v: JSONValue, _ types: [String], nullable: Bool) -> Bool {
        for t in types {
            switch t {
            case "string": if v.kind == .string { return true }
            case "number": if v.kind == .number { return true }
            case "integer": if v.kind == .number, v.number?.isInteger == true { return true }
            case "boolean": if v.kind == .boolean { return true }
            case "array": if v.kind == .array { return true }
            case "object": if v.kind == .object { return true }
            case "null": if v.kind == .null { return true }
            case "file": return true
            default: return true
            }
        }
        return nullable && v.kind == .null
    }

    // MARK: Examples

    /// Samples a walker queues before handing them to the `SampleStream`. Small: what the walkers
    /// still hold when their walks end is compiled after them, while the lint waits.
    static let sampleBatch = 8

    /// Queues `sample` for validation against the schema at `schema`; batches go to the `SampleStream`.
    func validate(_ sample: Node, against schema: Node, rule: String, what: String) {
        // A schema given as a $ref is compiled once per target. A (schema, example) pair met
        // again is dropped by the `SampleStream`, which sees every walker's: a set per walker
        // as well held ~0.5 MB at DigitalOcean's peak of memory.
        let target = schema.refValue != nil ? (ws.target(schema) ?? schema) : schema
        pendingSamples.append(PendingSample(schema: target, sample: sample, rule: rule, what: what, direction: Self.direction(of: schema)))
        if pendingSamples.count >= Self.sampleBatch { flushSamples() }
    }

    /// Hands the queued samples to the stream (walkers that walk always have one).
    func flushSamples() {
        guard let sampleStream, !pendingSamples.isEmpty else { return }
        sampleStream.push(pendingSamples)
        pendingSamples.removeAll(keepingCapacity: true)
    }

    /// Whether a media type / parameter / header schema describes a request or a response, from where it is written.
    static func direction(of schema: Node) -> OpenAPIDirection? {
        // The keys above the schema, read on the tape: building its pointer cost more than the
        // rest of queueing the sample.
        var isResponse = false
        let isRequest = schema.value.document.hasAncestorKey(ofNode: Int(schema.value.index)) { key in
            if key.spells("requestBody") || key.spells("requestBodies")
                || key.spells("parameters")
            {
                return true
            }
            if key.spells("responses") || key.spells("headers") { isResponse = true }
            return false
        }
        return isRequest ? .request : isResponse ? .response : nil
    }

    /// Byte substring test (String.contains(String) goes through Foundation on Linux).
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard let base = haystack.baseAddress, n > 0, haystack.count >= n else { return false }
        return needle.withUTF8Buffer { nd -> Bool in
            // memchr to each occurrence of the first byte, memcmp for the rest (memmem is not in Glibc's module).
            var start = 0
            while start <= haystack.count - n {
                guard let hit = memchr(base + start, Int32(nd[0]), haystack.count - n + 1 - start) else { return false }
                let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                if memcmp(base + at, nd.baseAddress!, n) == 0 { return true }
                start = at + 1
            }
            return false
        }
    }

    /// The findings of samples that do not validate.
    static func findings(of items: [PendingSample], _ results: [ValidationResult?]) -> [Finding] {
        var findings: [Finding] = []
        for (item, result) in zip(items, results) {
            guard let result, !result.isValid, let first = result.errors.first else { continue }
            let at = first.instanceLocation.isEmpty ? "" : " at \(first.instanceLocation)"
            let more = result.errors.count > 1 ? " (and \(result.errors.count - 1) more)" : ""
            findings.append(finding(item.rule, item.sample, "\(item.what) does not validate against its schema\(at): \(first.message)\(more)"))
        }
        return findings
    }

    /// Media Type, Parameter and Header objects: `example` and `examples` against `schema`.
    func mediaTypeExamples(_ node: Node, rule: String) {
        guard let schema = node["schema"] else { return }
        if let ex = node["example"] { validate(ex, against: schema, rule: rule, what: "example") }
        if let exs = node["examples"], exs.isObject {
            for m in exs.members {
                guard let example = ws.target(m.node), example.isObject, let value = example["value"] else { continue }
                validate(value, against: schema, rule: rule, what: "example '\(m.key)'")
            }
        }
    }

    /// 2.0 Response: `examples` by MIME type against the response `schema`.
    func response2Examples(_ node: Node) {
        guard let schema = node["schema"], let exs = node["examples"], exs.isObject else { return }
        for m in exs.members where m.key.containsBytes("json") {
            validate(m.node, against: schema, rule: "oas2-valid-media-example", what: "example for '\(m.key)'")
        }
    }
}
