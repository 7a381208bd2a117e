import JSONDocument
import Synchronization
import OpenAPIModel
import SchemaEngine

/// Walks a description by object type (following `$ref`s into other files, each node once
/// per type), checking structure and running the per-object rules.
final class Walker {
    /// One object type of the version's tables with what a visit needs besides its fields,
    /// found by one lookup of its name.
    final class TypeEntry: @unchecked Sendable {  // immutable once made
        let type: ObjectType
        let id: Int
        let hook: Hook
        /// `type.fields` as a key list (a byte comparison instead of hashing each member's key).
        let fieldKeys: KeyList
        /// The field names by slot (a member that is a field needs no String decoded from the tape).
        let fieldNames: [String]
        let fieldSpecs: [Spec]
        /// Per field: the test a value that needs nothing more than `check` passes without any
        /// finding (nil: no such shortcut; `check` decides).
        let leafTests: [LeafTest?]
        /// The kinds `visit` treats apart, told once here instead of by comparing names per visit.
        let isRoot: Bool
        let isSchema: Bool
        let isPaths: Bool
        let isPathItem: Bool
        init(name: String, type: ObjectType, id: Int, hook: Hook) {
            self.type = type
            self.id = id
            self.hook = hook
            isRoot = name == "Root"
            isSchema = name == "Schema"
            isPaths = name == "Paths"
            isPathItem = name == "PathItem"
            let fields = type.fields.sorted { $0.key < $1.key }
            fieldKeys = KeyList(fields.map(\.key))
            fieldNames = fields.map(\.key)
            fieldSpecs = fields.map(\.value)
            leafTests = fields.map { LeafTest($0.value, field: $0.key) }
            let requiredSlots = type.required.map { name in fields.firstIndex { $0.key == name } }
            self.requiredSlots = requiredSlots.map { $0 ?? -1 }
            requiredMask = requiredSlots.allSatisfy { ($0 ?? 64) < 64 } ? requiredSlots.reduce(0) { $0 | 1 << UInt64($1!) } : nil
        }

        /// Bits of the required fields' slots: the member loop marks the slots it meets, so the
        /// check needs no lookup per required field (nil: a slot past 63, or a required name that is
        /// not a field).
        let requiredMask: UInt64?
        /// Per required field (in `type.required` order): its slot, or -1 when it is not a field.
        let requiredSlots: [Int]

    }

    /// What a field value must be for `check` to have nothing to say about it, tested on the
    /// tape: most members of a description are such leaves (descriptions, names, flags), and the
    /// walk then builds neither their key String nor their node.
    enum LeafTest {
        case anything
        case kind(JSONKind)
        /// A number stored as a 64-bit integer (others: `check`).
        case integer(nonNegative: Bool)
        case oneOf([[UInt8]])

        init?(_ spec: Spec, field: String) {
            switch spec {
            case .any: self = .anything
            case .string: self = .kind(.string)
            case .bool: self = .kind(.boolean)
            case .number where field != "multipleOf": self = .kind(.number)
            case .integer: self = .integer(nonNegative: false)
            case .nonNegativeInteger: self = .integer(nonNegative: true)
            case .oneOf(let values): self = .oneOf(values.map { Array($0.utf8) })
            default: return nil
            }
        }

        func passes(_ r: DocumentReader, _ value: Int) -> Bool {
            switch self {
            case .anything: return true
            case .kind(let kind): return r.kind(value) == kind
            case .integer(let nonNegative):
                guard r.kind(value) == .number, let n = r.int64(value) else { return false }
                return !nonNegative || n >= 0
            case .oneOf(let values):
                guard r.kind(value) == .string else { return false }
                let text = r.string(value)
                return values.contains { $0.elementsEqual(text) }
            }
        }
    }

    /// The per-object rules a type runs (see `hooks`), by object type name.
    enum Hook: String {
        case none = ""
        case root = "Root", schema = "Schema", mediaType = "MediaType", parameter = "Parameter"
        case header = "Header", example = "Example", link = "Link", securityScheme = "SecurityScheme"
        case oauthFlows = "OAuthFlows", responses = "Responses", response = "Response"
        case serverVariable = "ServerVariable", license = "License"
    }

    let ws: Workspace
    let version: SpecVersion
    let entries: [String: TypeEntry]
    let compiler: SchemaCompiler
    let structureRule: String
    var findings: [Finding] = []
    /// Nodes visited, each with the `TypeEntry.id` it was visited as (`NodeKey.word(tag:)`).
    var visited = WordSet()
    /// Targets of every followed `$ref` (and of discriminator mappings): for unused components.
    var referenced = WordSet()
    var suppressions: [(file: Int, pointer: String, rules: Set<String>?)] = []
    var checkedPatterns: [String: String?] = [:]
    var reportedRefs = WordSet()
    struct PairKey: Hashable {
        var schema: NodeKey
        var sample: NodeKey
    }
    struct PendingSample {
        var schema: Node
        var sample: Node
        var rule: String
        var what: String
        var direction: OpenAPIDirection?
    }
    var pendingSamples: [PendingSample] = []
    /// Where queued samples go, in batches, while the walk goes on (nil for walkers that run rules
    /// but do not walk, which queue none).
    var sampleStream: SampleStream?
    /// `--fail-fast`: told of every finding; once set, the walk returns at the next object.
    var stop: LintStop?

    /// Which top-level fields of the root this walker checks. Walkers share a description:
    /// one walks the reusable components, the others everything else; those do not enter
    /// component entries through `$ref`s, since the first visits each of them with the same type.
    /// `rest` checks the root and all its other fields; `paths` only the `paths` object.
    enum Part { case all, components, rest, paths }
    var part: Part = .all
    /// With several walkers: the path items and component entries they take one at a time
    /// (nil: this walker visits all of them).
    var shares: WalkShares?

    func walksRootField(_ key: String) -> Bool {
        switch part {
        case .all: true
        case .components: componentFields.contains(key)
        case .rest: !componentFields.contains(key)
        case .paths: key == "paths"
        }
    }
    /// Root fields holding the reusable components (3.x `components`; 2.0's four maps).
    var componentFields: Set<String> { is2 ? ["definitions", "parameters", "responses", "securityDefinitions"] : ["components"] }
    /// Object type of the entries of each component section (`schemas` → Schema, ...).
    let sectionTypes: [String: String]

    init(workspace: Workspace) {
        ws = workspace
        version = workspace.version
        let tables = TypeTables.tables(for: version)
        entries = Self.typeEntries(version)
        let sections = (version.isSwagger2 ? tables["Root"] : tables["Components"])?.fields ?? [:]
        sectionTypes = sections.compactMapValues { spec in
            if case .map(.type(let name)) = spec { return name }
            return nil
        }
        compiler = SchemaCompiler(workspace: workspace)
        structureRule = version.isSwagger2 ? "oas2-schema" : "oas3-schema"
    }

    /// The type entries of each version, made once: a lint makes seven walkers.
    /// (The tables depend on the version's line only: `TypeTables.tables(for:)`.)
    private static let entries2 = makeTypeEntries(.swagger2)
    private static let entries30 = makeTypeEntries(.openapi30("3.0.0"))
    private static let entries31 = makeTypeEntries(.openapi31("3.1.0"))

    static func typeEntries(_ version: SpecVersion) -> [String: TypeEntry] {
        switch version {
        case .swagger2: entries2
        case .openapi30: entries30
        case .openapi31: entries31
        }
    }

    private static func makeTypeEntries(_ version: SpecVersion) -> [String: TypeEntry] {
        var entries: [String: TypeEntry] = [:]
        for (n, (name, type)) in TypeTables.tables(for: version).sorted(by: { $0.key < $1.key }).enumerated() {
            precondition(n < 256, "visited-set keys hold a type id in 8 bits")
            entries[name] = TypeEntry(name: name, type: type, id: n, hook: Hook(rawValue: name) ?? .none)
        }
        return entries
    }

    var is31: Bool { version.isOpenAPI31 }
    var is2: Bool { version.isSwagger2 }

    func report(_ rule: String, _ node: Node, _ message: String, severity: Severity? = nil) {
        findings.append(Self.finding(rule, node, message, severity: severity))
        stop?.consider(findings[findings.count - 1])
    }

    static func finding(_ rule: String, _ node: Node, _ message: String, severity: Severity? = nil) -> Finding {
        let loc = node.location
        return Finding(
            rule: rule, severity: severity ?? Rules.byID[rule]?.severity ?? .error, message: message,
            file: node.file.path, pointer: node.pointer, line: loc.line, column: loc.column)
    }

    func structure(_ node: Node, _ message: String) { report(structureRule, node, message) }

    /// A walker that has walked `parts` of the description, in order, taking path items and
    /// component entries from `shares` (when given) as it goes.
    static func walked(
        _ workspace: Workspace, parts: [Part], shares: WalkShares? = nil, samples: SampleStream? = nil, stop: LintStop? = nil
    ) -> Walker {
        let walker = Walker(workspace: workspace)
        walker.shares = shares
        walker.sampleStream = samples
        walker.stop = stop
        for part in parts {
            walker.part = part
            walker.walk()
        }
        walker.flushSamples()
        return walker
    }

    /// Takes over what another walker of the same description found (see `Part`).
    func absorb(_ other: Walker) {
        findings += other.findings
        referenced.formUnion(other.referenced)
        suppressions += other.suppressions
    }

    /// Walks the whole description; examples found on the way go to `sampleStream`.
    func walk() {
        visit(ws.root.root, "Root", field: "")
    }


    // MARK: Values

    static func kindName(_ node: Node) -> String {
        switch node.kind {
        case .null: "null"
        case .boolean: "boolean \(node.value.json)"
        case .number: "number \(node.value.json)"
        case .string: "string \(shorten(node.value.json))"
        case .array: "an array"
        case .object: "an object"
        }
    }

    static func shorten(_ s: String) -> String { s.count > 60 ? String(s.prefix(57)) + "…" : s }

    /// Quick kind test used to pick a branch of `.either`.
    func accepts(_ node: Node, _ spec: Spec) -> Bool {
        switch spec {
        case .any: true
        case .string, .oneOf: node.kind == .string
        case .bool: node.kind == .boolean
        case .number: node.kind == .number
        case .integer, .nonNegativeInteger: node.kind == .number
        case .type(let name): node.kind == .object || (is31 && name == "Schema" && node.kind == .boolean)
        case .map: node.kind == .object
        case .list, .uniqueStrings: node.kind == .array
        case .either(let a, let b): accepts(node, a) || accepts(node, b)
        }
    }

    /// `field`, or `field[index]` for an element of a list (built only for messages).
    static func fieldName(_ field: String, _ index: Int?) -> String { index.map { "\(field)[\($0)]" } ?? field }

    func check(_ node: Node, _ spec: Spec, field: String, index: Int? = nil, owner: String) {
        var name: String { "'\(Self.fieldName(field, index))'" }
        if node.kind == .object {
            switch spec {
            case .any, .type, .map, .either: break  // these follow or report $refs themselves
            default: if node.refValue != nil { checkRefResolves(node) }
            }
        }
        switch spec {
        case .any:
            return
        case .string:
            if node.kind != .string { structure(node, "\(name) must be a string, found \(Self.kindName(node))") }
        case .bool:
            if node.kind != .boolean { structure(node, "\(name) must be a boolean, found \(Self.kindName(node))") }
        case .number:
            if node.kind != .number { structure(node, "\(name) must be a number, found \(Self.kindName(node))") }
            else if index == nil, field == "multipleOf", let d = node.value.double, d <= 0 { structure(node, "'multipleOf' must be greater than 0") }
        case .integer, .nonNegativeInteger:
            guard node.kind == .number, let n = node.value.number, n.isInteger else {
                structure(node, "\(name) must be \(spec.label), found \(Self.kindName(node))")
                return
            }
            if case .nonNegativeInteger = spec, n.doubleValue < 0 {
                structure(node, "\(name) must be \(spec.label), found \(node.value.json)")
            }
        case .oneOf(let values):
            guard let s = node.string, values.contains(s) else {
                structure(node, "\(name) must be \(spec.label); found \(Self.kindName(node))")
                return
            }
        case .type(let typeName):
            visit(node, typeName, field: field, index: index)
        case .map(let inner):
            guard node.kind == .object else {
                structure(node, "\(name) must be an object (a map of names to values), found \(Self.kindName(node))")
                return
            }
            if node.refValue != nil && !is31 {
                structure(node, "\(name) cannot be a $ref (only the entries of this map can be references)")
                checkRefResolves(node)
                return
            }
            let isContent = { if case .type("MediaType") = inner { return true } else { return false } }()
            let isSection = owner == "Components" || (is2 && owner == "Root" && componentFields.contains(field))
            let pool = isSection ? shares?.pool(of: node) : nil
            var mine = pool?.take() ?? 0
            let isComponents = owner == "Components"
            let entryOwner = Self.fieldName(field, index)
            var position = -1
            node.forEachMember { key, entry in
                position += 1
                if let pool {
                    guard position == mine else { return }  // another walker's
                    mine = pool.take()  // this entry is ours; the next one we may take
                }
                if isComponents, !componentName(key) {
                    structure(entry, "component name '\(key)' may only contain letters, digits, '.', '-' and '_'")
                }
                if isContent, !MediaTypes.isValidKey(key) {
                    report("media-type-key", entry, "'\(key)' is not a media type or media range (expected type/subtype, e.g. application/json, text/*)")
                }
                check(entry, inner, field: key, owner: entryOwner)
            }
        case .list(let inner):
            guard node.kind == .array else {
                structure(node, "\(name) must be an array, found \(Self.kindName(node))")
                if node.refValue != nil { checkRefResolves(node) }
                return
            }
            let listField = Self.fieldName(field, index)
            node.forEachElement { i, e in check(e, inner, field: listField, index: i, owner: owner) }
            if index == nil, field == "enum", node.value.count == 0, !is31 {
                structure(node, "'enum' must not be empty")
            }
        case .uniqueStrings:
            guard node.kind == .array else {
                structure(node, "\(name) must be an array of strings, found \(Self.kindName(node))")
                return
            }
            var seen = Set<String>()
            for e in node.elements {
                guard let s = e.string else {
                    structure(e, "entries of \(name) must be strings, found \(Self.kindName(e))")
                    continue
                }
                if !seen.insert(s).inserted { structure(e, "\(name) lists \"\(s)\" more than once; entries must be unique") }
            }
            if index == nil, field == "required", seen.isEmpty, node.value.count == 0, version.isOpenAPI30 || is2 {
                structure(node, "'required' must not be empty in \(version.isOpenAPI30 ? "OpenAPI 3.0" : "Swagger 2.0") (omit it instead)")
            }
        case .either(let a, let b):
            if accepts(node, a) { check(node, a, field: field, index: index, owner: owner) }
            else if accepts(node, b) { check(node, b, field: field, index: index, owner: owner) }
            else { structure(node, "\(name) must be \(spec.label), found \(Self.kindName(node))") }
        }
    }

    // MARK: Objects

    /// The type last looked up: a walk visits runs of the same type (schemas inside schemas), and
    /// comparing a type name with the same literal is much cheaper than hashing it.
    private var lastEntry: (name: String, entry: TypeEntry)?

    private func entry(_ typeName: String) -> TypeEntry? {
        if let last = lastEntry, last.name == typeName { return last.entry }
        guard let found = entries[typeName] else { return nil }
        lastEntry = (typeName, found)
        return found
    }

    func visit(_ node: Node, _ typeName: String, field fieldBase: String, index: Int? = nil) {
        if let stop, stop.isSet { return }
        var field: String { Self.fieldName(fieldBase, index) }
        guard let entry = entry(typeName) else { return }
        let type = entry.type
        var display: String { ObjectType.display(typeName) }
        if entry.isSchema, is31, node.kind == .boolean { return }
        guard node.kind == .object else {
            let what = field.isEmpty ? "the document" : "'\(field)'"
            structure(node, "\(what) must be a\(display.first.map { "AEIOU".contains($0) } == true ? "n" : "") \(display), found \(Self.kindName(node))")
            return
        }
        // The root is visited once per part a walker walks (its suppressions are noted once).
        let firstVisit = visited.insert(node.key.word(tag: entry.id))
        guard firstVisit || entry.isRoot else { return }
        // `$ref` and `x-lint-ignore`, asked of every object, found in one pass over its keys
        // (the last of duplicates, as lookups do).
        let document = node.value.document
        var refIndex = -1
        var ignoreIndex = -1
        document.withReader { r in
            r.forEachMember(Int(node.value.index)) { k, v in
                let key = r.string(k)
                if key.count == 4, key[0] == UInt8(ascii: "$"), key.spells("$ref") {
                    refIndex = v
                } else if key.count == 13, key[0] == UInt8(ascii: "x"), key.spells("x-lint-ignore") {
                    ignoreIndex = v
                }
                return true
            }
        }
        let refNode = refIndex < 0 ? nil : node.node(document.value(at: refIndex))
        if firstVisit, ignoreIndex >= 0 { addSuppression(node, node.node(document.value(at: ignoreIndex))) }

        let schema31 = is31 && entry.isSchema
        if let refNode {
            if type.refable || schema31 {
                followRef(node, refNode, typeName)
                if !entry.isPathItem && !schema31 { return }
            } else {
                structure(refNode, "a $ref is not allowed here: \(field.isEmpty ? "this" : "'\(field)'") must be a\(display.first.map { "AEIOU".contains($0) } == true ? "n" : "") \(display) written in place")
                // Bundlers and most tools accept it and use what it names: check that too, as
                // the object this place takes, rather than leave it unlinted.
                followRef(node, refNode, typeName, siblings: false)
                return
            }
        }

        let isRoot = entry.isRoot
        let pool = entry.isPaths ? shares?.pool(of: node) : nil
        var mine = pool?.take() ?? 0
        let skipsRef = entry.isPathItem || schema31
        var position = -1
        var seenSlots: UInt64 = 0
        func checkMember(_ key: String, _ member: Node, _ fieldSpec: Spec?) {
            if isRoot && !walksRootField(key) { return }
            if skipsRef && key == "$ref" { return }
            if let spec = fieldSpec {
                check(member, spec, field: key, owner: typeName)
            } else if key.hasPrefix("x-") && type.extensions {
                scanExtension(member)
            } else if let p = type.patterned.first(where: { $0.test(key) }) {
                check(member, p.spec, field: key, owner: typeName)
            } else if type.open {
                return
            } else if entry.isSchema {
                structure(member, "'\(key)' is not a keyword of the \(version.isSwagger2 ? "Swagger 2.0" : "OpenAPI 3.0") Schema Object (extensions must start with 'x-')")
            } else if type.fields.isEmpty, let p = type.patterned.first {
                structure(member, "'\(key)' is not allowed in the \(display): keys must be \(p.what)\(type.extensions ? " or x- extensions" : "")")
            } else {
                let allowed = type.fields.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
                structure(member, "'\(key)' is not allowed in the \(display); allowed fields: \(allowed)\(type.extensions ? " and x- extensions" : "")")
            }
        }
        document.withReader { r in
            r.forEachMember(Int(node.value.index)) { k, v in
                position += 1
                if let pool {
                    guard position == mine else { return true }  // another walker's
                    mine = pool.take()  // this entry is ours; the next one we may take
                }
                let keyBytes = r.string(k)
                let slot = entry.fieldKeys.slot(of: keyBytes)
                if let slot, slot < 64 { seenSlots |= 1 << UInt64(slot) }
                if !isRoot, let slot, let test = entry.leafTests[slot], test.passes(r, v) { return true }
                let key = slot.map { entry.fieldNames[$0] } ?? String(decoding: keyBytes, as: UTF8.self)
                checkMember(key, node.node(document.value(at: v)), slot.map { entry.fieldSpecs[$0] })
                return true
            }
        }
        // The root and the Paths object are checked by the `rest` walker.
        if isRoot && (part == .components || part == .paths) { return }
        if pool != nil && part != .rest { return }
        if let mask = entry.requiredMask, pool == nil {
            if seenSlots & mask != mask {
                for (n, required) in type.required.enumerated() where seenSlots & (1 << UInt64(entry.requiredSlots[n])) == 0 {
                    structure(node, "the \(display) is missing the required field '\(required)'")
                }
            }
        } else {
            for required in type.required where node.value[required] == nil {
                structure(node, "the \(display) is missing the required field '\(required)'")
            }
        }
        hooks(node, entry.hook, field: fieldBase, index: index)
    }

    func addSuppression(_ node: Node, _ value: Node) {
        var rules: Set<String>?
        switch value.kind {
        case .string: rules = value.string == "*" || value.string == "all" ? nil : [value.string!]
        case .array: rules = Set(value.elements.compactMap(\.string))
        case .boolean where value.bool == true: rules = nil
        default: return
        }
        suppressions.append((node.file.id, node.pointer, rules))
    }

    // MARK: References

    /// `siblings`: report fields beside the `$ref` (not where the `$ref` itself is the error).
    func followRef(_ node: Node, _ refNode: Node, _ typeName: String, siblings reportSiblings: Bool = true) {
        guard refNode.kind == .string else {
            structure(refNode, "'$ref' must be a string (a URI reference), found \(Self.kindName(refNode))")
            return
        }
        // Siblings of a Reference Object are ignored (3.0, 2.0); 3.1 allows summary/description.
        if reportSiblings && node.value.count > 1 && typeName != "PathItem" && !(is31 && typeName == "Schema") {
            let allowed: Set<String> = is31 ? ["$ref", "summary", "description"] : ["$ref"]
            let siblings = node.members.map(\.key).filter { !allowed.contains($0) && $0 != "x-lint-ignore" }
            if !siblings.isEmpty {
                report("no-$ref-siblings", node["$ref"]!, "\(siblings.map { "'\($0)'" }.joined(separator: ", ")) beside $ref \(siblings.count == 1 ? "is" : "are") ignored: a Reference Object may not have other fields\(is31 ? " than summary and description" : "")")
            }
        }
        switch ws.resolveRef(of: node, refNode.value) {
        case .failure(let problem):
            report("invalid-ref", refNode, problem.message)
        case .success(let target):
            referenced.insert(target.key.word)
            if target.key == node.key { return }
            if part != .all, isComponentEntry(target, of: typeName) { return }
            visit(target, typeName, field: "$ref")
        }
    }

    /// Whether `target` is an entry of a root-document component section whose entries are of
    /// type `typeName` (then the components walker visits it, exactly so).
    func isComponentEntry(_ target: Node, of typeName: String) -> Bool {
        guard target.file.id == ws.root.id, let entry = entry(typeName) else { return false }
        let entries = shares?.componentEntries { componentEntries() } ?? ownComponentEntries
        return entries.contains(UInt64(UInt32(bitPattern: target.value.index)) << 8 | UInt64(entry.id))
    }

    /// Without shares (a walker on its own): its own set, made once.
    private lazy var ownComponentEntries = componentEntries()

    /// The entries of the root document's component sections, each with the id of its object
    /// type (`tape index << 8 | type id`). On values, not nodes: no pointer or child node per
    /// entry (thousands in large descriptions).
    func componentEntries() -> WordSet {
        var found = WordSet()
        let root = ws.root.document.root
        let holder = is2 ? root : root["components"]
        guard let holder, holder.kind == .object else { return found }
        for (section, type) in sectionTypes {
            guard let map = holder[section], map.kind == .object, let id = self.entries[type]?.id else { continue }
            map.forEachMember { _, entry in _ = found.insert(UInt64(UInt32(bitPattern: entry.index)) << 8 | UInt64(id)) }
        }
        return found
    }

    /// A `$ref` in a place that takes no Reference Object (or inside an extension): still
    /// report it when it cannot be resolved.
    func checkRefResolves(_ node: Node) {
        guard let ref = node.refValue, reportedRefs.insert(node.node(ref).key.word) else { return }
        switch ws.resolveRef(of: node, ref) {
        case .failure(let problem): report("invalid-ref", node.node(ref), problem.message)
        case .success(let target): referenced.insert(target.key.word)
        }
    }

    /// Extensions are free-form, but a `$ref` in them should still resolve. Scanned on the tape
    /// (extensions can be large: GitHub's `x-github` blocks); a node is built only for an object
    /// that has a `$ref`.
    func scanExtension(_ node: Node) {
        let document = node.value.document
        document.withReader { r in
            func scan(_ i: Int, depth: Int) {
                guard depth < 64 else { return }
                switch r.kind(i) {
                case .object:
                    if let ref = Self.refKey.withUnsafeBufferPointer({ r.member(i, $0) }), r.kind(ref) == .string {
                        checkRefResolves(node.node(document.value(at: i)))
                    }
                    r.forEachMember(i) { _, v in
                        let kind = r.kind(v)
                        if kind == .object || kind == .array { scan(v, depth: depth + 1) }
                        return true
                    }
                case .array:
                    r.forEachElement(i) { e, _ in
                        let kind = r.kind(e)
                        if kind == .object || kind == .array { scan(e, depth: depth + 1) }
                        return true
                    }
                default:
                    break
                }
            }
            scan(Int(node.value.index), depth: 0)
        }
    }
    static let refKey = Array("$ref".utf8)
}

enum MediaTypes {
    static func isTokenByte(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "^"),
            UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"),
            UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "%"):
            true
        default: false
        }
    }

    /// `type/subtype` (or a range such as `*/*`, `text/*`) with optional `; parameters`.
    /// On bytes: checked for every content key of a description.
    static func isValidKey(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { bytes -> Bool in
            var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
            var start = 0
            while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
            while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
            guard let slash = bytes[start..<end].firstIndex(of: UInt8(ascii: "/")) else { return false }
            let type = bytes[start..<slash], subtype = bytes[(slash + 1)..<end]
            guard !type.isEmpty, !subtype.isEmpty, type.allSatisfy(isTokenByte), subtype.allSatisfy(isTokenByte) else {
                return false
            }
            // `*/json` is not a media range; `*/*` is.
            if type.count == 1 && type.first == UInt8(ascii: "*") { return subtype.count == 1 && subtype.first == UInt8(ascii: "*") }
            return true
        }
    }
}


/// The path items and component entries of the root document, for walkers that share a
/// description: each takes the next entry nobody has taken yet, so a walker done with its own
/// part helps with another's instead of waiting (a fixed split left one walker working alone
/// on openai's components for a third of the lint).
final class WalkShares: @unchecked Sendable {
    final class Pool: Sendable {
        private let next = Atomic<Int>(0)

        /// The position of the next entry nobody has taken.
        func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
    }

    private let rootID: Int
    /// By the tape index of the map in the root document.
    private let pools: [Int32: Pool]

    init(_ workspace: Workspace) {
        let root = workspace.root.document.root
        var maps: [JSONValue] = []
        if let paths = root["paths"] { maps.append(paths) }
        if workspace.version.isSwagger2 {
            maps += ["definitions", "parameters", "responses", "securityDefinitions"].compactMap { root[$0] }
        } else if let components = root["components"], components.kind == .object {
            components.forEachMember { _, section in maps.append(section) }
        }
        rootID = workspace.root.id
        pools = Dictionary(maps.filter { $0.kind == .object }.map { ($0.index, Pool()) }, uniquingKeysWith: { a, _ in a })
    }

    /// The pool of `map`'s entries (nil: not a shared map; every walker that reaches it visits it all).
    func pool(of map: Node) -> Pool? { map.file.id == rootID ? pools[map.value.index] : nil }

    private let components = Locked<WordSet?>(nil)

    /// `Walker.componentEntries()`, made once for all the walkers by the first that asks.
    func componentEntries(_ make: () -> WordSet) -> WordSet {
        components.withLock { made in
            if let made { return made }
            let entries = make()
            made = entries
            return entries
        }
    }
}
