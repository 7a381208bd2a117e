/// Schema version (keyword semantics) and enabled vocabularies of one schema resource.
struct DialectInfo: Hashable {
    enum Version: Int, Comparable {
        case draft4 = 4, draft6 = 6, draft7 = 7, draft2019 = 2019, draft2020 = 2020
        static func < (a: Version, b: Version) -> Bool { a.rawValue < b.rawValue }
    }

    struct Vocabularies: OptionSet, Hashable {
        let rawValue: UInt16
        static let applicator = Vocabularies(rawValue: 1 << 0)
        static let validation = Vocabularies(rawValue: 1 << 1)
        static let unevaluated = Vocabularies(rawValue: 1 << 2)
        static let formatAssertion = Vocabularies(rawValue: 1 << 3)
        static let oasBase = Vocabularies(rawValue: 1 << 4)
        static let all: Vocabularies = [.applicator, .validation, .unevaluated]
    }

    var version: Version
    var vocabularies: Vocabularies = .all
    var oas30 = false

    var dialect: Dialect {
        if oas30 { return .oas30 }
        if vocabularies.contains(.oasBase) { return .oas31 }
        switch version {
        case .draft4: return .draft4
        case .draft6: return .draft6
        case .draft7: return .draft7
        case .draft2019: return .draft2019_09
        case .draft2020: return .draft2020_12
        }
    }

    init(version: Version, vocabularies: Vocabularies = .all, oas30: Bool = false) {
        self.version = version
        self.vocabularies = vocabularies
        self.oas30 = oas30
    }

    init(_ dialect: Dialect) {
        switch dialect {
        case .draft4: self.init(version: .draft4)
        case .draft6: self.init(version: .draft6)
        case .draft7: self.init(version: .draft7)
        case .draft2019_09: self.init(version: .draft2019)
        case .draft2020_12: self.init(version: .draft2020)
        case .oas30: self.init(version: .draft4, oas30: true)
        case .oas31: self.init(version: .draft2020, vocabularies: [.applicator, .validation, .unevaluated, .oasBase])
        }
    }

    /// `$ref` replaces its siblings (draft-07 and earlier, OAS 3.0).
    var refOverridesSiblings: Bool { version <= .draft7 }
}

struct NodeKey: Hashable {
    let document: ObjectIdentifier
    let index: Int32
    init(_ value: JSONValue) {
        document = ObjectIdentifier(value.document)
        index = value.index
    }
}

/// Where a schema node lives: its resource (whose URI is the node's base URI), dialect and
/// pointer from the resource root.
struct NodeInfo {
    var dialect: DialectInfo
    /// Nil when the resource's root is its document's root: the pointer is then the node's
    /// own, read off the document only if a message needs it (see `LocationTree.root`).
    var pointer: String?
    var resource: Int32

    /// Whether the node is its resource's root.
    func isResourceRoot(_ node: JSONValue) -> Bool { pointer.map(\.isEmpty) ?? (node.index == 0) }
}

/// Every schema resource reachable while compiling: identifiers, anchors, dialects.
final class SchemaIndex {
    struct Resource {
        var id: Int32
        var uri: String
        var root: JSONValue
        var dialect: DialectInfo
        var anchors: [String: JSONValue] = [:]
        var dynamicAnchors: [String: JSONValue] = [:]
    }

    var resources: [Resource] = []
    var resourceByURI: [String: Int32] = [:]
    /// Resource roots, and every schema node of a document that starts a resource below its
    /// root or changes dialect there. The nodes of other documents (nearly all: an OpenAPI
    /// description's schema files) share their root's resource and dialect, and their pointer
    /// is their own: they are not listed (`info(of:in:)`).
    var nodes: [NodeKey: NodeInfo] = [:]
    var documents: [JSONDocument] = []
    var usesDynamicScope = false
    let options: ValidatorOptions
    let defaultDialect: DialectInfo

    init(options: ValidatorOptions, defaultDialect: DialectInfo) {
        self.options = options
        self.defaultDialect = defaultDialect
    }

    // MARK: Loading

    /// Indexes a document (or a schema inside one) retrieved as `uri`.
    func load(_ root: JSONValue, uri: String, dialect: DialectInfo?, forceDialect: Bool = false) throws(SchemaCompileError) {
        documents.append(root.document)
        var d = dialect ?? defaultDialect
        if !forceDialect || !(d.oas30 || d.vocabularies.contains(.oasBase)),
            let schemaURI = root["$schema"]?.string, root.kind == .object
        {
            d = try dialectOf(metaSchema: schemaURI, fallback: d)
        }
        let base = URI.stripFragment(uri)
        let rid = addResource(uri: base, root: root, dialect: d)
        if root.index == 0 {
            // A first walk finds identifiers and anchors without listing nodes; only a document
            // with a resource or dialect of its own below the root is walked again to list them.
            nestedResource = false
            try walk(root, base: base, resource: rid, dialect: d, pointer: nil, isRoot: true)
            guard nestedResource else { return }
        }
        try walk(root, base: base, resource: rid, dialect: d, pointer: "", isRoot: true)
    }

    /// Set by a walk that does not list nodes when a subschema starts a resource or dialect.
    private var nestedResource = false

    /// Where `node`, reached inside `resource`, lives (see `nodes`).
    func info(of node: JSONValue, in resource: Int32) -> NodeInfo {
        nodes[NodeKey(node)] ?? NodeInfo(dialect: resources[Int(resource)].dialect, pointer: nil, resource: resource)
    }

    private func addResource(uri: String, root: JSONValue, dialect: DialectInfo) -> Int32 {
        if let existing = resourceByURI[uri] { return existing }
        let id = Int32(resources.count)
        resources.append(Resource(id: id, uri: uri, root: root, dialect: dialect))
        resourceByURI[uri] = id
        return id
    }

    /// The dialect a `$schema` URI selects; custom meta-schemas are read for `$vocabulary`.
    func dialectOf(metaSchema uri: String, fallback: DialectInfo) throws(SchemaCompileError) -> DialectInfo {
        if let known = Dialect(schemaURI: uri) { return DialectInfo(known) }
        guard let meta = fetch(URI.stripFragment(uri)) else { return fallback }
        let metaRoot = meta.root
        var version = fallback.version
        if let metaSchema = metaRoot["$schema"]?.string, metaSchema != uri,
            let known = Dialect(schemaURI: metaSchema)
        {
            version = DialectInfo(known).version
        }
        guard version >= .draft2019, let vocabulary = metaRoot["$vocabulary"], vocabulary.kind == .object else {
            return DialectInfo(version: version)
        }
        var vocabs: DialectInfo.Vocabularies = []
        for (key, _) in vocabulary.members {
            switch key {
            case "https://json-schema.org/draft/2020-12/vocab/applicator":
                vocabs.insert(.applicator)
            case "https://json-schema.org/draft/2019-09/vocab/applicator":
                vocabs.formUnion([.applicator, .unevaluated])
            case "https://json-schema.org/draft/2020-12/vocab/unevaluated": vocabs.insert(.unevaluated)
            case "https://json-schema.org/draft/2020-12/vocab/validation",
                "https://json-schema.org/draft/2019-09/vocab/validation":
                vocabs.insert(.validation)
            case "https://json-schema.org/draft/2020-12/vocab/format-assertion": vocabs.insert(.formatAssertion)
            case "https://spec.openapis.org/oas/3.1/vocab/base": vocabs.insert(.oasBase)
            default: break
            }
        }
        return DialectInfo(version: version, vocabularies: vocabs)
    }

    /// A document by retrieval URI: registry, then resolver, then the embedded meta-schemas.
    func fetch(_ uri: String) -> JSONDocument? {
        if let document = options.registry.document(for: uri) { return document }
        if let resolver = options.resolver, let document = resolver(uri) { return document }
        if let text = MetaSchemas.text(for: uri), let document = try? JSONDocument.parse(text) { return document }
        return nil
    }

    /// The members of a schema object the walk reads, found in one scan of its keys: probing
    /// each of these ~30 keywords by name was a scan of every member per keyword, half the cost
    /// of indexing a description's schema files.
    struct Members {
        enum Slot: Int {
            case ref, id, dollarID, schema, recursiveRef, dynamicRef, anchor, dynamicAnchor, recursiveAnchor
            case additionalItems, additionalProperties, contains, not, propertyNames, `if`, then, `else`
            case unevaluatedItems, unevaluatedProperties, contentSchema, items
            case allOf, anyOf, oneOf, prefixItems
            case properties, patternProperties, definitions, defs, dependentSchemas, dependencies
        }

        static let names: [(StaticString, Slot)] = [
            ("$ref", .ref), ("id", .id), ("$id", .dollarID), ("$schema", .schema), ("$recursiveRef", .recursiveRef),
            ("$dynamicRef", .dynamicRef), ("$anchor", .anchor), ("$dynamicAnchor", .dynamicAnchor),
            ("$recursiveAnchor", .recursiveAnchor), ("additionalItems", .additionalItems),
            ("additionalProperties", .additionalProperties), ("contains", .contains), ("not", .not),
            ("propertyNames", .propertyNames), ("if", .if), ("then", .then), ("else", .else),
            ("unevaluatedItems", .unevaluatedItems), ("unevaluatedProperties", .unevaluatedProperties),
            ("contentSchema", .contentSchema), ("items", .items), ("allOf", .allOf), ("anyOf", .anyOf),
            ("oneOf", .oneOf), ("prefixItems", .prefixItems), ("properties", .properties),
            ("patternProperties", .patternProperties), ("definitions", .definitions), ("$defs", .defs),
            ("dependentSchemas", .dependentSchemas), ("dependencies", .dependencies),
        ]
        /// `names` by length: a key is compared only with the names of its length.
        static let byLength: [[(StaticString, Slot)]] = {
            var table = [[(StaticString, Slot)]](repeating: [], count: 32)
            for entry in names { table[entry.0.utf8CodeUnitCount].append(entry) }
            return table
        }()

        /// Each slot's keyword, by the slot's raw value (for the pointers the walk builds).
        static let keywords: [String] = names.sorted { $0.1.rawValue < $1.1.rawValue }.map { "\($0.0)" }

        let document: JSONDocument
        /// Tape index of each slot's member (the last one, as JSON lookups take), or -1.
        private let found: InlineArray<31, Int32>

        init(_ object: JSONValue) {
            document = object.document
            var found = InlineArray<31, Int32>(repeating: -1)
            let table = Self.byLength
            document.withReader { r in
                r.forEachMember(Int(object.index)) { key, value in
                    let bytes = r.string(key)
                    if bytes.count < table.count {
                        for (name, slot) in table[bytes.count] where bytes.spells(name) {
                            found[slot.rawValue] = Int32(value)
                            break
                        }
                    }
                    return true
                }
            }
            self.found = found
        }

        subscript(slot: Slot) -> JSONValue? {
            let index = found[slot.rawValue]
            return index < 0 ? nil : document.value(at: Int(index))
        }
    }

    static let singleSchemaKeywords: [Members.Slot] = [
        .additionalItems, .additionalProperties, .contains, .not, .propertyNames, .if, .then, .else,
        .unevaluatedItems, .unevaluatedProperties, .contentSchema, .items,
    ]
    static let arraySchemaKeywords: [Members.Slot] = [.allOf, .anyOf, .oneOf, .prefixItems, .items]
    static let mapSchemaKeywords: [Members.Slot] = [
        .properties, .patternProperties, .definitions, .defs, .dependentSchemas, .dependencies,
    ]

    /// Registers the resources and anchors under `node`. `pointer` nil: nodes are not listed
    /// (a document's first walk, see `load`), and no pointers are built.
    private func walk(
        _ node: JSONValue, base: String, resource: Int32, dialect: DialectInfo, pointer: String?, isRoot: Bool
    ) throws(SchemaCompileError) {
        guard node.kind == .object else {
            if pointer != nil || isRoot {
                nodes[NodeKey(node)] = NodeInfo(dialect: dialect, pointer: pointer ?? "", resource: resource)
            }
            return
        }
        var base = base
        var resource = resource
        var dialect = dialect
        var pointer = pointer
        var atResourceRoot = isRoot
        let members = Members(node)
        let hasRef = members[.ref] != nil && dialect.refOverridesSiblings
        if let id = members[dialect.version == .draft4 ? .id : .dollarID]?.string, !hasRef {
            let resolved = URI.resolve(id, against: base)
            let (idBase, fragment) = URI.split(resolved)
            if !isRoot, dialect.version >= .draft2019, let schemaURI = members[.schema]?.string {
                dialect = try dialectOf(metaSchema: schemaURI, fallback: dialect)
                nestedResource = true
            }
            if !idBase.isEmpty && (idBase != base || isRoot) && !(id.hasPrefix("#")) {
                base = idBase
                atResourceRoot = true
                if pointer != nil { pointer = "" }
                let outer = resource
                if let existing = resourceByURI[idBase], resources[Int(existing)].root.index != node.index {
                    // Same URI registered twice (e.g. root retrieval URI equals an inner $id): keep the first.
                    resource = existing
                } else {
                    resource = addResource(uri: idBase, root: node, dialect: dialect)
                }
                // (A root `$id` other than the retrieval URI also counts: the nodes' resource is
                // then not the one a pointer through the retrieval URI names.)
                if resource != outer { nestedResource = true }
            }
            if !fragment.isEmpty, dialect.version <= .draft7 {
                resources[Int(resource)].anchors[fragment] = node
            }
        }
        if let usesRecursive = members[.recursiveRef], usesRecursive.kind == .string { usesDynamicScope = true }
        if members[.dynamicRef] != nil { usesDynamicScope = true }
        if dialect.version >= .draft2019, let anchor = members[.anchor]?.string {
            resources[Int(resource)].anchors[anchor] = node
        }
        if dialect.version >= .draft2020, let anchor = members[.dynamicAnchor]?.string {
            resources[Int(resource)].anchors[anchor] = node
            resources[Int(resource)].dynamicAnchors[anchor] = node
        }
        if dialect.version == .draft2019, members[.recursiveAnchor]?.bool == true, atResourceRoot {
            resources[Int(resource)].dynamicAnchors[""] = node
        }
        if pointer != nil || isRoot {
            nodes[NodeKey(node)] = NodeInfo(dialect: dialect, pointer: pointer ?? "", resource: resource)
        }
        if hasRef { return }
        for slot in Self.singleSchemaKeywords {
            if let sub = members[slot], sub.kind == .object || sub.kind == .boolean {
                let keyword = Members.keywords[slot.rawValue]
                try walk(
                    sub, base: base, resource: resource, dialect: dialect, pointer: pointer.map { $0 + "/" + keyword },
                    isRoot: false)
            }
        }
        for slot in Self.arraySchemaKeywords {
            if let list = members[slot], list.kind == .array {
                let keyword = Members.keywords[slot.rawValue]
                for (n, sub) in list.elements.enumerated() {
                    try walk(
                        sub, base: base, resource: resource, dialect: dialect,
                        pointer: pointer.map { $0 + "/\(keyword)/\(n)" }, isRoot: false)
                }
            }
        }
        for slot in Self.mapSchemaKeywords {
            if let map = members[slot], map.kind == .object {
                let keyword = Members.keywords[slot.rawValue]
                // Keys are read only for the pointers (a first walk builds none).
                var subschemas: [(key: String, value: Int)] = []
                let document = map.document
                let keys = pointer != nil
                document.withReader { r in
                    r.forEachMember(Int(map.index)) { k, v in
                        let kind = r.kind(v)
                        if kind == .object || kind == .boolean {
                            subschemas.append((keys ? String(decoding: r.string(k), as: UTF8.self) : "", v))
                        }
                        return true
                    }
                }
                for (key, sub) in subschemas {
                    try walk(
                        document.value(at: sub), base: base, resource: resource, dialect: dialect,
                        pointer: pointer.map { $0 + "/" + keyword + "/" + JSONPointer.escape(key) }, isRoot: false)
                }
            }
        }
    }

    private var memberCache: [NodeKey: MemberIndex] = [:]

    /// Tape index of the member of `object` named `key`: by a scan, or through the object's
    /// `MemberIndex` when it has many members (an OpenAPI document's component maps).
    func member(_ object: JSONValue, _ r: DocumentReader, _ key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard object.count > 16 else { return r.member(Int(object.index), key) }
        let cacheKey = NodeKey(object)
        if let index = memberCache[cacheKey] { return index.value(r, key) }
        let index = MemberIndex(r, object: Int(object.index))
        memberCache[cacheKey] = index
        return index.value(r, key)
    }

    // MARK: Lookup

    /// The schema a URI (with optional fragment) denotes, loading documents on demand.
    func resolve(_ uri: String) throws(SchemaCompileError) -> (JSONValue, NodeInfo)? {
        let (base, fragment) = URI.split(uri)
        guard let rid = try resourceID(base) else { return nil }
        let resource = resources[Int(rid)]
        let target: JSONValue
        var pointer: String? = ""
        if fragment.isEmpty {
            target = resource.root
        } else if fragment.hasPrefix("/") {
            // The percent-decoded fragment is the JSON Pointer (and the target's pointer).
            guard let decoded = JSONPointer.percentDecode(fragment), let found = lookup(resource.root, pointer: decoded) else {
                return nil
            }
            target = found
            pointer = decoded
        } else {
            guard let found = resource.anchors[JSONPointer.percentDecode(fragment) ?? fragment] else { return nil }
            target = found
            // An anchor not in `nodes` is in a document whose nodes are not listed.
            if resource.root.index == 0 { pointer = nil }
        }
        if let info = nodes[NodeKey(target)] { return (target, info) }
        return (target, NodeInfo(dialect: resource.dialect, pointer: pointer, resource: rid))
    }

    /// The resource a URI without fragment names, fetching and indexing its document on first use.
    private func resourceID(_ base: String) throws(SchemaCompileError) -> Int32? {
        if let known = resourceByURI[base] { return known }
        guard let document = fetch(base) else { return nil }
        try load(document.root, uri: base, dialect: nil)
        return resourceByURI[base]
    }

    /// `resolve(documentURI + "#" + fragment(pointer))` for a caller that already holds the
    /// node at `pointer` of that document: no fragment decoding, no pointer walk (`pointer`
    /// nil: read off the document if needed). Nil when the document cannot be fetched or
    /// `target` is not in it.
    func resolve(_ target: JSONValue, documentURI: String, pointer: String?) throws(SchemaCompileError) -> NodeInfo? {
        guard let rid = try resourceID(documentURI) else { return nil }
        let resource = resources[Int(rid)]
        guard resource.root.index == 0, resource.root.document === target.document else { return nil }
        if let info = nodes[NodeKey(target)] { return info }
        return NodeInfo(dialect: resource.dialect, pointer: pointer, resource: rid)
    }

    /// Follows a JSON Pointer: on its bytes when it has no escapes (no String per token),
    /// else token by token; objects with many members are looked up through their index.
    private func lookup(_ root: JSONValue, pointer: String) -> JSONValue? {
        var pointer = pointer
        if pointer.isEmpty { return root }
        let document = root.document
        let found = pointer.withUTF8 { text in
            document.withReader { r in
                r.followUnescapedPointer(text, from: Int(root.index)) { object, token in
                    member(document.value(at: object), r, token)
                }
            }
        }
        if let found { return document.value(at: found) }
        // Escaped keys and array positions (or nothing there).
        return JSONPointer.tokens(pointer).flatMap { root.resolve(tokens: $0) }
    }
}
