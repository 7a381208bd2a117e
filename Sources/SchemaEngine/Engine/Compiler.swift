/// Compiles schema documents into a flat `Program`.
///
/// Every schema becomes a block (a contiguous run of instructions, all applying to the same
/// instance node). Children are emitted before their parents, so a block's instructions are
/// contiguous. `$ref` targets are compiled once per (node, tracking) and reached by jumps,
/// which makes recursive schemas compile to cycles of block ids.
final class Compiler {
    /// Where the compiler is: trivially copyable (it is copied for every subschema). Locations
    /// are ids in the compiler's `locations`; the base URI is that of the schema resource.
    struct Context {
        var dialect: DialectInfo
        var resource: Int32
        /// Pointer of the current schema from its resource root (an entry of `locations`).
        var pointer: Int32
        /// Pointer of the current schema from the root of the compiled unit (evaluation path).
        var path: Int32
        /// Evaluated properties/items must be recorded (an `unevaluated*` at this instance needs them).
        var track: Bool
    }

    struct MemoKey: Hashable {
        var node: NodeKey
        var track: Bool
    }

    /// Instructions of one block being built. Blocks nest (children are placed while their
    /// parent is being built), so emitters come from a pool and keep their storage.
    struct Emitter {
        var code: [Instruction] = []
        var meta: [InstructionMeta] = []

        mutating func emit(_ instruction: Instruction, _ keyword: StaticString, _ ctx: Context) {
            code.append(instruction)
            meta.append(InstructionMeta(keyword: keyword, pathID: ctx.path, resource: ctx.resource, pointerID: ctx.pointer))
        }
    }

    private var emitterPool: [Emitter] = []

    func makeEmitter() -> Emitter { emitterPool.popLast() ?? Emitter() }

    func child(_ ctx: Context, _ token: String) -> Context {
        var c = ctx
        let escaped = JSONPointer.escape(token)
        c.pointer = locations.child(c.pointer, escaped)
        c.path = locations.child(c.path, escaped)
        return c
    }

    func child(_ ctx: Context, _ first: String, _ second: String) -> Context { child(child(ctx, first), second) }

    /// The base URI of the context's schema resource.
    func base(_ ctx: Context) -> String { index.resources[Int(ctx.resource)].uri }

    func location(_ ctx: Context, _ keyword: String) -> String {
        base(ctx) + "#"
            + JSONPointer.fragment(locations.text(ctx.pointer) + (keyword.isEmpty ? "" : "/" + JSONPointer.escape(keyword)))
    }

    let index: SchemaIndex
    let options: ValidatorOptions
    /// Every schema location the compiled instructions name.
    let locations = LocationTree()

    var code: [Instruction] = []
    var meta: [InstructionMeta] = []
    var blocks: [BlockRange] = []
    var numbers: [NumberConstant] = []
    var strings: [[UInt8]] = []
    var stringIDs: [ByteKey: Int32] = [:]
    var stringLists: [[Int32]] = []
    var blockLists: [[Int32]] = []
    var objects: [ObjectTable] = []
    var dependencies: [DependencyTable] = []
    var enums: [EnumSet] = []
    var regexes: [PatternMatcher] = []
    var regexIDs: [String: Int32] = [:]
    var formats: [FormatCheck] = []
    var constantsText: [UInt8] = [UInt8(ascii: "[")]
    var constantCount: Int32 = 0
    var memo: [MemoKey: Int32] = [:]
    /// The `memo` keys added since `mark()` (nil when no member of a set is being compiled).
    var memoJournal: [MemoKey]?
    var dynamicNames: [String: Int32] = [:]
    var dynamicRequests = Set<Int64>()  // name << 1 | track
    /// Resources that can be on the dynamic scope, in the order they were first met (the array
    /// lets a failed member's additions be dropped without copying the set at every `mark`).
    var scopedResources = Set<Int32>()
    var scopedOrder: [Int32] = []
    var dynamicTargets: [Int64: Int32] = [:]
    var usesTracking = false
    var emptyBlock: Int32 = -1

    init(index: SchemaIndex, options: ValidatorOptions) {
        self.index = index
        self.options = options
    }

    static func compile(
        root: JSONValue, dialect: Dialect?, options: ValidatorOptions, embedded: Bool = false
    ) throws(SchemaCompileError) -> Program {
        let forced = dialect == .oas30 || dialect == .oas31
        let defaultDialect = DialectInfo(dialect ?? .draft2020_12)
        let index = SchemaIndex(options: options, defaultDialect: defaultDialect)
        let compiler = Compiler(index: index, options: options)
        let rootBlock: Int32
        let rootDialect: Dialect
        if embedded, root.index != 0 {
            // A schema inside a bigger document (an OpenAPI component, a $defs entry): load the
            // whole document so `#/...` references resolve against it, then compile the subschema.
            let pointer = root.document.pointer(ofNode: Int(root.index))
            try index.load(root.document.root, uri: "", dialect: defaultDialect, forceDialect: forced)
            guard let (target, info) = try index.resolve("#" + JSONPointer.fragment(pointer)) else {
                throw SchemaCompileError(message: "schema not found in its document", location: "#" + pointer)
            }
            rootBlock = try compiler.unit(target, info, track: false)
            rootDialect = info.dialect.dialect
        } else {
            try index.load(root, uri: "", dialect: defaultDialect, forceDialect: forced)
            guard let info = index.nodes[NodeKey(root)] else {
                throw SchemaCompileError(message: "schema must be an object or a boolean", location: "#")
            }
            rootBlock = try compiler.unit(root, info, track: false)
            rootDialect = info.dialect.dialect
        }
        try compiler.resolveDynamicTargets()
        return try compiler.finish(rootBlock: rootBlock, rootDialect: rootDialect)
    }

    /// Several schemas named by URI (with a fragment) in one program; the `$ref` targets they
    /// share are compiled once. Returns the program and each schema's entry block.
    static func compile(
        references: [String], dialect: Dialect?, options: ValidatorOptions
    ) throws(SchemaCompileError) -> (Program, [Int32]) {
        let set = SetCompilation(dialect: dialect, options: options)
        var entries: [Int32] = []
        entries.reserveCapacity(references.count)
        for reference in references { entries.append(try set.add(reference)) }
        return (try set.finish(), entries)
    }

    /// A program of many members built one member at a time (members can be added while the
    /// caller is still discovering them; see `SchemaSet.Builder`).
    final class SetCompilation {
        let compiler: Compiler
        let dialect: Dialect?

        init(dialect: Dialect?, options: ValidatorOptions) {
            let index = SchemaIndex(options: options, defaultDialect: DialectInfo(dialect ?? .draft2020_12))
            compiler = Compiler(index: index, options: options)
            self.dialect = dialect
        }

        /// Compiles the schema named by `reference` (and what it references); its entry block.
        /// A member that does not compile leaves the set as it was (see `unitOrNothing`).
        func add(_ reference: String) throws(SchemaCompileError) -> Int32 {
            guard let (target, info) = try compiler.index.resolve(reference) else {
                throw SchemaCompileError(message: "cannot resolve schema '\(reference)'", location: reference)
            }
            return try unitOrNothing(target, info)
        }

        /// `add(documentURI + "#" + fragment(pointer))` when the caller holds the node itself.
        func add(_ target: JSONValue, documentURI: String, pointer: String?) throws(SchemaCompileError) -> Int32 {
            guard let info = try compiler.index.resolve(target, documentURI: documentURI, pointer: pointer) else {
                let pointer = pointer ?? target.document.pointer(ofNode: Int(target.index))
                let reference = documentURI + "#" + JSONPointer.fragment(pointer)
                throw SchemaCompileError(message: "cannot resolve schema '\(reference)'", location: reference)
            }
            return try unitOrNothing(target, info)
        }

        /// One invalid schema among thousands of examples' schemas must not cost the others
        /// their shared compilation: a failed member's half-built blocks are rolled back.
        private func unitOrNothing(_ target: JSONValue, _ info: NodeInfo) throws(SchemaCompileError) -> Int32 {
            let mark = compiler.mark()
            do {
                let entry = try compiler.unit(target, info, track: false)
                compiler.memoJournal = nil
                return entry
            } catch {
                compiler.rollBack(to: mark)
                throw error
            }
        }

        func finish() throws(SchemaCompileError) -> Program {
            // No member is "the" root: an empty root block leaves `$dynamicRef` to the dynamic
            // scope, as a wrapper schema `$ref`-ing each member would.
            let root = compiler.newBlock()
            var empty = Compiler.Emitter()
            compiler.place(&empty, into: root)
            try compiler.resolveDynamicTargets()
            return try compiler.finish(rootBlock: root, rootDialect: dialect ?? .draft2020_12)
        }
    }

    // MARK: Blocks

    /// OpenAPI discriminator tables, referenced from oneOf/anyOf instructions.
    var discriminators: [DiscriminatorTable] = []

    /// The OpenAPI discriminator of a schema with `oneOf`/`anyOf`, when the dialect is an OAS one.
    func discriminatorTable(_ discriminator: JSONValue?, _ list: JSONValue, _ ctx: Context) -> DiscriminatorTable? {
        guard ctx.dialect.oas30 || ctx.dialect.vocabularies.contains(.oasBase),
            let discriminator, let property = discriminator["propertyName"]?.string
        else { return nil }
        var refs: [String] = []
        for branch in list.elements { refs.append(branch["$ref"]?.string ?? "") }
        // The schema name a `$ref` ends with: its last non-empty `/`-separated segment (the
        // whole reference when it has none).
        func lastSegment(_ ref: String) -> Substring {
            let slash = UInt8(ascii: "/")
            let u = ref.utf8
            guard let last = u.lastIndex(where: { $0 != slash }) else { return ref[...] }
            let end = u.index(after: last)
            let start = u[..<end].lastIndex(of: slash).map { u.index(after: $0) } ?? u.startIndex
            return ref[start..<end]
        }
        let names = refs.map(lastSegment)
        var branches: [String: Int] = [:]
        for (n, ref) in refs.enumerated() where !ref.isEmpty { branches[String(names[n])] = n }
        for (value, target) in discriminator["mapping"]?.members ?? [] {
            guard let target = target.string else { continue }
            // A mapping value is a $ref or a bare schema name.
            if let n = refs.firstIndex(of: target) ?? names.firstIndex(where: { $0 == target }) {
                branches[value] = n
            }
        }
        return branches.isEmpty ? nil : DiscriminatorTable(propertyName: property, branches: branches)
    }

    /// Annotation keywords found in each compiled schema, by block.
    var annotations: [Int32: [BlockAnnotation]] = [:]

    /// Records the annotation-only keywords of a schema object (meta-data, format when not
    /// asserted, content) so exhaustive mode can report them for valid instances.
    func recordAnnotations(_ m: JSONValue, _ ctx: Context, block id: Int32) {
        // One pass over the object's keys (most schemas carry none or one of these keywords),
        // reported in the order of `BlockAnnotation.keywords`.
        var hits: [(rank: Int, key: Int32, value: Int32)] = []
        m.document.withReader { r in
            r.forEachMember(Int(m.index)) { k, v in
                if let rank = BlockAnnotation.rank(of: r.string(k)) { hits.append((rank, Int32(k), Int32(v))) }
                return true
            }
        }
        guard !hits.isEmpty else { return }
        if hits.count > 1 { hits.sort { $0.rank < $1.rank } }
        var found: [BlockAnnotation] = []
        var previous = -1
        for hit in hits.reversed() where hit.rank != previous {  // last duplicate wins, like lookups
            previous = hit.rank
            let keyword = BlockAnnotation.keywords[hit.rank]
            let escaped = JSONPointer.escape(keyword)
            found.append(
                BlockAnnotation(
                    keyword: keyword, path: locations.text(ctx.path) + "/" + escaped,
                    base: base(ctx), pointer: locations.text(ctx.pointer) + "/" + escaped,
                    node: m.document.value(at: Int(hit.value))))
        }
        annotations[id] = found.reversed()
    }

    // MARK: Rolling back a failed member

    /// The compiler's state before a member of a set: the lengths of its append-only tables,
    /// and copies of the small sets the dynamic scope keeps.
    struct Mark {
        var code, meta, blocks, numbers, strings, stringLists, blockLists: Int
        var objects, dependencies, enums, regexes, formats, constantsText, discriminators: Int
        var constantCount: Int32
        var dynamicNames: [String: Int32]
        var dynamicRequests: Set<Int64>
        var scopedCount: Int
        var usesTracking: Bool
    }

    func mark() -> Mark {
        memoJournal = []
        return Mark(
            code: code.count, meta: meta.count, blocks: blocks.count, numbers: numbers.count, strings: strings.count,
            stringLists: stringLists.count, blockLists: blockLists.count, objects: objects.count,
            dependencies: dependencies.count, enums: enums.count, regexes: regexes.count, formats: formats.count,
            constantsText: constantsText.count, discriminators: discriminators.count, constantCount: constantCount,
            dynamicNames: dynamicNames, dynamicRequests: dynamicRequests, scopedCount: scopedOrder.count,
            usesTracking: usesTracking)
    }

    /// Forgets everything compiled since `mark`. Every block made since then belongs to the
    /// member that failed (a unit places its blocks before it returns, and an exception
    /// unwinds every unit in progress), so the tables are cut back and the lookups that point
    /// past the cut are dropped. (`dynamicTargets` is only filled by `finish`.)
    func rollBack(to mark: Mark) {
        func cut<T>(_ array: inout [T], _ count: Int) { if array.count > count { array.removeSubrange(count...) } }
        cut(&code, mark.code)
        cut(&meta, mark.meta)
        cut(&blocks, mark.blocks)
        cut(&numbers, mark.numbers)
        cut(&strings, mark.strings)
        cut(&stringLists, mark.stringLists)
        cut(&blockLists, mark.blockLists)
        cut(&objects, mark.objects)
        cut(&dependencies, mark.dependencies)
        cut(&enums, mark.enums)
        cut(&regexes, mark.regexes)
        cut(&formats, mark.formats)
        cut(&constantsText, mark.constantsText)
        cut(&discriminators, mark.discriminators)
        constantCount = mark.constantCount
        let blockCount = Int32(mark.blocks)
        for key in memoJournal ?? [] { memo[key] = nil }
        memoJournal = nil
        if strings.count != stringIDs.count { stringIDs = stringIDs.filter { Int($0.value) < mark.strings } }
        if regexes.count != regexIDs.count { regexIDs = regexIDs.filter { Int($0.value) < mark.regexes } }
        if !annotations.isEmpty { annotations = annotations.filter { $0.key < blockCount } }
        dynamicNames = mark.dynamicNames
        dynamicRequests = mark.dynamicRequests
        while scopedOrder.count > mark.scopedCount { scopedResources.remove(scopedOrder.removeLast()) }
        usesTracking = mark.usesTracking
    }

    func newBlock() -> Int32 {
        blocks.append(BlockRange(start: 0, count: 0))
        return Int32(blocks.count - 1)
    }

    /// Moves a built block into the program; the emitter's storage goes back to the pool.
    func place(_ emitter: inout Emitter, into id: Int32) {
        let start = Int32(code.count)
        code.append(contentsOf: emitter.code)
        meta.append(contentsOf: emitter.meta)
        blocks[Int(id)] = BlockRange(start: start, count: Int32(emitter.code.count))
        emitter.code.removeAll(keepingCapacity: true)
        emitter.meta.removeAll(keepingCapacity: true)
        emitterPool.append(emitter)
        emitter = Emitter()  // the pool holds the only reference: no copy when it is reused
    }

    /// Notes that `resource` can be on the dynamic scope (see `scopedOrder`).
    func addScope(_ resource: Int32) {
        if scopedResources.insert(resource).inserted { scopedOrder.append(resource) }
    }

    /// Compiles a `$ref` target (or the root) once per tracking mode.
    func unit(_ target: JSONValue, _ info: NodeInfo, track: Bool) throws(SchemaCompileError) -> Int32 {
        let key = MemoKey(node: NodeKey(target), track: track)
        if let existing = memo[key] { return existing }
        let id = newBlock()
        memo[key] = id
        memoJournal?.append(key)
        let ctx = Context(
            dialect: info.dialect, resource: info.resource, pointer: locations.root(info.pointer, of: target),
            path: LocationTree.empty, track: track)
        if !info.isResourceRoot(target) {
            // Entering another resource's subschema still puts that resource on the dynamic scope.
            let inner = try compile(target, ctx)
            var e = makeEmitter()
            e.emit(Instruction(.scope, a: info.resource, b: inner), "", ctx)
            addScope(info.resource)
            place(&e, into: id)
        } else {
            _ = try compile(target, ctx, into: id)
        }
        return id
    }

    /// Compiles a subschema in place (a new block unless `existing` is given).
    func compile(_ schema: JSONValue, _ outer: Context, into existing: Int32? = nil) throws(SchemaCompileError) -> Int32 {
        var ctx = outer
        var isResourceRoot = false
        if let info = index.nodes[NodeKey(schema)] {
            isResourceRoot = info.isResourceRoot(schema)
            if info.resource != ctx.resource || isResourceRoot {
                ctx.resource = info.resource
                ctx.pointer = locations.root(info.pointer, of: schema)
            }
            ctx.dialect = info.dialect
        }
        // Resource roots push themselves on the dynamic scope. Whether any `$dynamicRef` exists is
        // only known once every referenced document is loaded; `finish` drops unused scopes.
        if isResourceRoot {
            var inner = ctx
            inner.path = ctx.path
            let body = newBlock()
            try compileBody(schema, inner, into: body)
            var e = makeEmitter()
            e.emit(Instruction(.scope, a: ctx.resource, b: body), "", ctx)
            addScope(ctx.resource)
            let id = existing ?? newBlock()
            place(&e, into: id)
            return id
        }
        let id = existing ?? newBlock()
        try compileBody(schema, ctx, into: id)
        return id
    }

    func error(_ message: String, _ ctx: Context, _ keyword: String = "") -> SchemaCompileError {
        SchemaCompileError(message: message, location: location(ctx, keyword))
    }

    // MARK: Keywords

    // Keyword tables the body loops over (built once: as literals they were three arrays per schema).
    private static let boundKeywords: [(Keyword, Op, Op, Keyword)] = [
        (.maximum, .maximum, .exclusiveMaximum, .exclusiveMaximum),
        (.minimum, .minimum, .exclusiveMinimum, .exclusiveMinimum),
    ]
    private static let countKeywords: [(Keyword, Op)] = [
        (.maxLength, .maxLength), (.minLength, .minLength), (.maxItems, .maxItems), (.minItems, .minItems),
        (.maxProperties, .maxProperties), (.minProperties, .minProperties),
    ]
    private static let listKeywords: [(Keyword, Op)] = [(.allOf, .allOf), (.anyOf, .anyOf), (.oneOf, .oneOf)]

    private func compileBody(_ schema: JSONValue, _ ctx: Context, into id: Int32) throws(SchemaCompileError) {
        var e = makeEmitter()
        switch schema.kind {
        case .boolean:
            if schema.bool == false { e.emit(Instruction(.fail), "", ctx) }
            place(&e, into: id)
            return
        case .object:
            break
        default:
            throw error("a schema must be an object or a boolean, found \(schema.kind): \(schema.json)", ctx)
        }
        // Keyword probes go straight to the tape: schema objects are small, so a scan of their
        // keys is cheaper than building and hashing a dictionary per schema.
        let m = schema
        let k = SchemaKeywords(m)
        let d = ctx.dialect
        if options.annotations { recordAnnotations(m, ctx, block: id) }
        let version = d.version
        let validation = version < .draft2019 || d.vocabularies.contains(.validation)
        let applicator = version < .draft2019 || d.vocabularies.contains(.applicator)

        if d.refOverridesSiblings, let ref = k[.ref] {
            try emitRef(ref, ctx, &e)
            place(&e, into: id)
            return
        }

        let hasUnevaluated =
            version >= .draft2019 && d.vocabularies.contains(.unevaluated)
            && (k[.unevaluatedProperties] != nil || k[.unevaluatedItems] != nil)
        let track = ctx.track || hasUnevaluated
        if track { usesTracking = true }
        var inPlace = ctx
        inPlace.track = track
        var childCtx = ctx
        childCtx.track = false
        let trackFlag: UInt8 = track ? Instruction.track : 0

        var fusedRequired: [String] = []
        if validation {
            // Cheapest checks first.
            if let type = k[.type] {
                var mask: Int32 = 0
                switch type.kind {
                case .string:
                    guard let bit = TypeMask.bit(type.string!) else {
                        throw error("unknown type '\(type.string!)'", ctx, "type")
                    }
                    mask = bit
                case .array where !d.oas30:
                    for element in type.elements {
                        guard let name = element.string else {
                            throw error("type must be a string or an array of strings, found \(type.json)", ctx, "type")
                        }
                        guard let bit = TypeMask.bit(name) else { throw error("unknown type '\(name)'", ctx, "type") }
                        mask |= bit
                    }
                default:
                    throw error("type must be a string or an array of strings, found \(type.json)", ctx, "type")
                }
                if d.oas30, k[.nullable]?.bool == true { mask |= TypeMask.null }
                e.emit(Instruction(.type, flags: version == .draft4 && !d.oas30 ? Instruction.strictInteger : 0, a: mask), "type", ctx)
            }
            if version >= .draft6, let value = k[.const] {
                e.emit(Instruction(.const, a: addConstant(value)), "const", ctx)
            }
            if let value = k[.enum] {
                guard value.kind == .array else { throw error("enum must be an array, found \(value.json)", ctx, "enum") }
                var values = value.elements
                if d.oas30, k[.nullable]?.bool == true, !values.contains(where: { $0.isNull }) {
                    values.append(JSONDocument.nullValue)
                }
                let set = EnumSet()
                var allStrings = true
                for element in values {
                    set.members.append(addConstant(element))
                    if element.kind != .string { allStrings = false }
                }
                enums.append(set)
                if allStrings {
                    // Strings are looked up like property names: prefix + length, hashed when many.
                    var table = ObjectTable()
                    for element in values where table.properties.find(element.string!) == nil {
                        table.properties.add(Array(element.string!.utf8))
                        table.propertyBlocks.append(-1)
                    }
                    let tableID = addObjectTable(table)
                    e.emit(Instruction(.enumStrings, a: Int32(enums.count - 1), b: tableID), "enum", ctx)
                } else {
                    e.emit(Instruction(.enum, a: Int32(enums.count - 1)), "enum", ctx)
                }
            }
            if let value = k[.multipleOf] {
                let n = try number(value, ctx, "multipleOf")
                guard n.double > 0 else { throw error("multipleOf must be greater than 0, found \(value.json)", ctx, "multipleOf") }
                e.emit(Instruction(.multipleOf, a: addNumber(n)), "multipleOf", ctx)
            }
            for (key, inclusive, exclusive, exclusiveKey) in Self.boundKeywords {
                if let value = k[key] {
                    let n = try number(value, ctx, key.name)
                    let isExclusive = (version == .draft4) && k[exclusiveKey]?.bool == true
                    e.emit(Instruction(isExclusive ? exclusive : inclusive, a: addNumber(n)), key.spelling, ctx)
                }
                if version >= .draft6, let value = k[exclusiveKey], value.kind == .number {
                    e.emit(
                        Instruction(exclusive, a: addNumber(try number(value, ctx, exclusiveKey.name))), exclusiveKey.spelling, ctx)
                }
            }
            for (key, op) in Self.countKeywords {
                if let value = k[key] {
                    e.emit(Instruction(op, a: try count(value, ctx, key.name)), key.spelling, ctx)
                }
            }
            if let value = k[.pattern] {
                guard let pattern = value.string else { throw error("pattern must be a string, found \(value.json)", ctx, "pattern") }
                e.emit(Instruction(.pattern, a: try addRegex(pattern, ctx, "pattern")), "pattern", ctx)
            }
            if k[.uniqueItems]?.bool == true {
                e.emit(Instruction(.uniqueItems), "uniqueItems", ctx)
            }
            if let value = k[.required] {
                var names = try stringArray(value, ctx, "required")
                if directional, let properties = k[.properties] {
                    // OpenAPI: readOnly properties are not required in requests, writeOnly not in
                    // responses. Those names get their own instruction, checked unless the
                    // evaluation's direction excuses them.
                    var excused: [Int32: [String]] = [:]
                    names = names.filter { name in
                        let mask = directions(properties[name])
                        if mask != 0 { excused[mask, default: []].append(name) }
                        return mask == 0
                    }
                    for mask in excused.keys.sorted() {
                        stringLists.append(excused[mask]!.map(addString))
                        e.emit(Instruction(.requiredUnless, a: Int32(stringLists.count - 1), b: mask), "required", ctx)
                    }
                }
                if !names.isEmpty {
                    stringLists.append(names.map(addString))
                    // When every required name is also in `properties`, the fast path checks them
                    // in the properties loop (a bit per name); exhaustive mode keeps this instruction.
                    var fused = false
                    if applicator, names.count <= 64, let properties = k[.properties], properties.kind == .object {
                        // A lookup per name on the tape: no String per property, no set.
                        if names.allSatisfy({ properties[$0] != nil }) {
                            fused = true
                            fusedRequired = names
                        }
                    }
                    e.emit(Instruction(.required, flags: fused ? Instruction.fused : 0, a: Int32(stringLists.count - 1)), "required", ctx)
                }
            }
            if version >= .draft2019, let value = k[.dependentRequired] {
                guard value.kind == .object else {
                    throw error("dependentRequired must be an object, found \(value.json)", ctx, "dependentRequired")
                }
                var table = DependencyTable()
                for (key, list) in value.members {
                    table.keys.append(Array(key.utf8))
                    stringLists.append(try stringArray(list, ctx, "dependentRequired").map(addString))
                    table.values.append(Int32(stringLists.count - 1))
                }
                dependencies.append(table)
                e.emit(Instruction(.dependentRequired, a: Int32(dependencies.count - 1)), "dependentRequired", ctx)
            }
        }
        if let value = k[.format], let name = value.string, formatAsserted(d) {
            let string = options.formats.checker(for: name, hostnameRule: version <= .draft6 ? .rfc1123 : .idna2008)
            let number = options.formats.numberCheckers[name]
            if string != nil || number != nil {
                formats.append(FormatCheck(name: name, string: string, number: number))
                e.emit(Instruction(.format, a: Int32(formats.count - 1)), "format", ctx)
            }
        }
        // Draft-07 lets implementations assert contentEncoding/contentMediaType; later drafts
        // make them annotations only.
        if version == .draft7 {
            var contentFlags: Int32 = 0
            if k[.contentEncoding]?.string?.lowercased() == "base64" { contentFlags |= ContentCheck.base64 }
            if let media = k[.contentMediaType]?.string?.lowercased(), media == "application/json" || media.hasSuffix("+json") {
                contentFlags |= ContentCheck.json
            }
            if contentFlags != 0 {
                e.emit(Instruction(.content, a: contentFlags), contentFlags & ContentCheck.json != 0 ? "contentMediaType" : "contentEncoding", ctx)
            }
        }

        // References (2019-09+: evaluated alongside siblings).
        if let ref = k[.ref] {
            try emitRef(ref, inPlace, &e)
        }
        if version == .draft2020, let ref = k[.dynamicRef]?.string {
            try emitDynamicRef(ref, name: nil, inPlace, &e, keyword: "$dynamicRef")
        }
        if version == .draft2019, let ref = k[.recursiveRef]?.string {
            try emitDynamicRef(ref, name: "", inPlace, &e, keyword: "$recursiveRef")
        }

        if applicator {
            try emitObjectApplicators(
                k, ctx, inPlace: inPlace, childCtx: childCtx, trackFlag: trackFlag, required: fusedRequired, &e)
            try emitArrayApplicators(k, ctx, inPlace: inPlace, childCtx: childCtx, trackFlag: trackFlag, validation: validation, &e)
            for (key, op) in Self.listKeywords {
                guard let list = k[key] else { continue }
                let keyword = key.name
                guard list.kind == .array, list.count > 0 else {
                    throw error("\(keyword) must be a non-empty array of schemas, found \(list.json)", ctx, keyword)
                }
                var ids: [Int32] = []
                for (n, sub) in list.elements.enumerated() {
                    ids.append(try compile(sub, child(inPlace, keyword, String(n))))
                }
                blockLists.append(ids)
                // c = 1 + index of the OpenAPI discriminator table (0: none), for focused errors.
                var discriminator: Int32 = 0
                if op != .allOf, let table = discriminatorTable(k[.discriminator], list, ctx) {
                    discriminators.append(table)
                    discriminator = Int32(discriminators.count)
                }
                e.emit(Instruction(op, flags: trackFlag, a: Int32(blockLists.count - 1), c: discriminator), key.spelling, ctx)
            }
            if let sub = k[.not] {
                e.emit(Instruction(.not, a: try compile(sub, child(inPlace, "not"))), "not", ctx)
            }
            if version >= .draft7, let condition = k[.if] {
                let ifBlock = try compile(condition, child(inPlace, "if"))
                let thenBlock = try k[.then].map { v throws(SchemaCompileError) in try compile(v, child(inPlace, "then")) } ?? -1
                let elseBlock = try k[.else].map { v throws(SchemaCompileError) in try compile(v, child(inPlace, "else")) } ?? -1
                if thenBlock >= 0 || elseBlock >= 0 || track {
                    e.emit(Instruction(.conditional, flags: trackFlag, a: ifBlock, b: thenBlock, c: elseBlock), "if", ctx)
                }
            }
        }
        if hasUnevaluated {
            if let sub = k[.unevaluatedProperties] {
                let block = try compile(sub, child(childCtx, "unevaluatedProperties"))
                e.emit(Instruction(.unevaluatedProperties, flags: trackFlag, a: block), "unevaluatedProperties", ctx)
            }
            if let sub = k[.unevaluatedItems] {
                let block = try compile(sub, child(childCtx, "unevaluatedItems"))
                e.emit(Instruction(.unevaluatedItems, flags: trackFlag, a: block), "unevaluatedItems", ctx)
            }
        }
        place(&e, into: id)
    }

    private func formatAsserted(_ d: DialectInfo) -> Bool {
        options.formatAssertion || d.vocabularies.contains(.formatAssertion)
    }

    /// Compile readOnly/writeOnly as instructions that read the evaluation's direction.
    private var directional: Bool { options.direction != nil || options.directional }

    /// The directions in which a property schema is not allowed (`Instruction.request`: readOnly,
    /// `Instruction.response`: writeOnly).
    private func directions(_ property: JSONValue?) -> Int32 {
        guard let property, property.kind == .object else { return 0 }
        var mask: Int32 = 0
        if property["readOnly"]?.bool == true { mask |= Instruction.request }
        if property["writeOnly"]?.bool == true { mask |= Instruction.response }
        return mask
    }

    private func emitObjectApplicators(
        _ k: SchemaKeywords, _ ctx: Context, inPlace: Context, childCtx: Context, trackFlag: UInt8, required: [String],
        _ e: inout Emitter
    ) throws(SchemaCompileError) {
        let version = ctx.dialect.version
        let properties = k[.properties]
        let patterns = k[.patternProperties]
        let additional = k[.additionalProperties]
        if properties != nil || patterns != nil || additional != nil {
            var table = ObjectTable()
            if let properties {
                guard properties.kind == .object else {
                    throw error("properties must be an object, found \(properties.json)", ctx, "properties")
                }
                for (key, sub) in properties.members {
                    var block = try compile(sub, child(childCtx, "properties", key))
                    if directional, case let mask = directions(sub), mask != 0 {
                        // A guard block: fails in the forbidden direction, else runs the property's schema.
                        var f = makeEmitter()
                        let at = child(childCtx, "properties", key)
                        if mask & Instruction.request != 0 {
                            let then = mask == Instruction.request ? block : -1
                            f.emit(Instruction(.directional, a: then, b: Instruction.request), "readOnly", at)
                        }
                        if mask & Instruction.response != 0 {
                            f.emit(Instruction(.directional, a: block, b: Instruction.response), "writeOnly", at)
                        }
                        block = newBlock()
                        place(&f, into: block)
                    }
                    if let existing = table.properties.find(key) {
                        table.propertyBlocks[existing] = block
                        continue
                    }
                    table.properties.add(Array(key.utf8))
                    table.propertyBlocks.append(block)
                    table.propertyNames.append(key)
                }
            }
            if let patterns {
                guard patterns.kind == .object else {
                    throw error("patternProperties must be an object, found \(patterns.json)", ctx, "patternProperties")
                }
                for (pattern, sub) in patterns.members {
                    table.patterns.append(try addRegex(pattern, ctx, "patternProperties"))
                    table.patternBlocks.append(try compile(sub, child(childCtx, "patternProperties", pattern)))
                }
            }
            if let additional {
                table.additional = try compile(additional, child(childCtx, "additionalProperties"))
            }
            table.required = required
            let tableID = addObjectTable(table)
            let keyword: StaticString =
                additional != nil ? "additionalProperties" : (properties != nil ? "properties" : "patternProperties")
            e.emit(Instruction(.properties, flags: trackFlag, a: tableID), keyword, ctx)
        }
        if version >= .draft6, let sub = k[.propertyNames] {
            e.emit(Instruction(.propertyNames, a: try compile(sub, child(childCtx, "propertyNames"))), "propertyNames", ctx)
        }
        var schemaDeps = DependencyTable()
        var requiredDeps = DependencyTable()
        if let value = k[.dependencies], value.kind == .object {
            for (key, dep) in value.members {
                if dep.kind == .array {
                    requiredDeps.keys.append(Array(key.utf8))
                    stringLists.append(try stringArray(dep, ctx, "dependencies").map(addString))
                    requiredDeps.values.append(Int32(stringLists.count - 1))
                } else {
                    schemaDeps.keys.append(Array(key.utf8))
                    schemaDeps.values.append(try compile(dep, child(inPlace, "dependencies", key)))
                }
            }
        }
        if !requiredDeps.keys.isEmpty {
            dependencies.append(requiredDeps)
            e.emit(Instruction(.dependentRequired, a: Int32(dependencies.count - 1)), "dependencies", ctx)
        }
        if !schemaDeps.keys.isEmpty {
            dependencies.append(schemaDeps)
            e.emit(Instruction(.dependentSchemas, flags: trackFlag, a: Int32(dependencies.count - 1)), "dependencies", ctx)
        }
        if version >= .draft2019, let value = k[.dependentSchemas] {
            guard value.kind == .object else {
                throw error("dependentSchemas must be an object, found \(value.json)", ctx, "dependentSchemas")
            }
            var table = DependencyTable()
            for (key, dep) in value.members {
                table.keys.append(Array(key.utf8))
                table.values.append(try compile(dep, child(inPlace, "dependentSchemas", key)))
            }
            dependencies.append(table)
            e.emit(Instruction(.dependentSchemas, flags: trackFlag, a: Int32(dependencies.count - 1)), "dependentSchemas", ctx)
        }
    }

    private func emitArrayApplicators(
        _ k: SchemaKeywords, _ ctx: Context, inPlace: Context, childCtx: Context, trackFlag: UInt8, validation: Bool,
        _ e: inout Emitter
    ) throws(SchemaCompileError) {
        let version = ctx.dialect.version
        var prefix: [Int32] = []
        var prefixKeyword: StaticString = "prefixItems"
        var rest: Int32 = -1
        var restKeyword: StaticString = "items"
        if version >= .draft2020 {
            if let list = k[.prefixItems] {
                guard list.kind == .array else { throw error("prefixItems must be an array, found \(list.json)", ctx, "prefixItems") }
                for (n, sub) in list.elements.enumerated() {
                    prefix.append(try compile(sub, child(childCtx, "prefixItems", String(n))))
                }
            }
            if let items = k[.items] {
                rest = try compile(items, child(childCtx, "items"))
            }
        } else if let items = k[.items] {
            if items.kind == .array {
                prefixKeyword = "items"
                for (n, sub) in items.elements.enumerated() {
                    prefix.append(try compile(sub, child(childCtx, "items", String(n))))
                }
                if let additional = k[.additionalItems] {
                    rest = try compile(additional, child(childCtx, "additionalItems"))
                    restKeyword = "additionalItems"
                }
            } else {
                rest = try compile(items, child(childCtx, "items"))
            }
        }
        if !prefix.isEmpty {
            blockLists.append(prefix)
            e.emit(Instruction(.prefixItems, flags: trackFlag, a: Int32(blockLists.count - 1)), prefixKeyword, ctx)
        }
        if rest >= 0 {
            e.emit(Instruction(.items, flags: trackFlag, a: rest, b: Int32(prefix.count)), restKeyword, ctx)
        }
        if version >= .draft6, let sub = k[.contains] {
            let block = try compile(sub, child(childCtx, "contains"))
            var minimum: Int32 = 1
            var maximum: Int32 = -1
            if version >= .draft2019 && validation {
                if let value = k[.minContains] { minimum = try count(value, ctx, "minContains") }
                if let value = k[.maxContains] { maximum = try count(value, ctx, "maxContains") }
            }
            e.emit(Instruction(.contains, flags: trackFlag, a: block, b: minimum, c: maximum), "contains", ctx)
        }
    }

    // MARK: References

    /// `$ref` text → its target, for the resource (base URI) it was resolved in. Large
    /// descriptions repeat the same few hundred `$ref`s thousands of times; URI resolution and
    /// pointer lookup run once.
    private var refTargets: [String: (resource: Int32, target: JSONValue, info: NodeInfo)] = [:]
    /// Resource → its base as a fragment-only reference resolves against it (without its fragment).
    private var fragmentBases: [Int32: String] = [:]

    private func emitRef(_ ref: JSONValue, _ ctx: Context, _ e: inout Emitter) throws(SchemaCompileError) {
        guard let text = ref.string else { throw error("$ref must be a string, found \(ref.json)", ctx, "$ref") }
        let target: JSONValue, info: NodeInfo
        if let known = refTargets[text], known.resource == ctx.resource {
            (target, info) = (known.target, known.info)
        } else {
            let base = base(ctx)
            let uri: String
            if text.utf8.first == UInt8(ascii: "#"), !base.isEmpty {
                // A fragment-only reference keeps the base (RFC 3986 §5.2.2): parse each base once.
                if let known = fragmentBases[ctx.resource] {
                    uri = known + text
                } else {
                    let stripped = URI.resolve("#", against: base).dropLast()
                    fragmentBases[ctx.resource] = String(stripped)
                    uri = stripped + text
                }
            } else {
                uri = URI.resolve(text, against: base)
            }
            guard let found = try index.resolve(uri) else {
                throw error("cannot resolve $ref '\(uri)'", ctx, "$ref")
            }
            (target, info) = found
            refTargets[text] = (ctx.resource, target, info)
        }
        let block = try unit(target, info, track: ctx.track)
        e.emit(Instruction(.ref, a: block), "$ref", ctx)
    }

    /// `$dynamicRef` (name nil: taken from the fragment) and `$recursiveRef` (name "").
    private func emitDynamicRef(
        _ text: String, name: String?, _ ctx: Context, _ e: inout Emitter, keyword: StaticString
    ) throws(SchemaCompileError) {
        let uri = URI.resolve(text, against: base(ctx))
        guard let (target, info) = try index.resolve(uri) else {
            throw error("cannot resolve \(keyword) '\(uri)'", ctx, keyword.description)
        }
        let block = try unit(target, info, track: ctx.track)
        let anchor = name ?? URI.split(uri).fragment
        var dynamic = false
        if name != nil || !anchor.hasPrefix("/") {
            let resource = index.resources[Int(info.resource)]
            if let node = resource.dynamicAnchors[anchor], NodeKey(node) == NodeKey(target) { dynamic = true }
        }
        var nameID: Int32 = -1
        if dynamic {
            if let existing = dynamicNames[anchor] {
                nameID = existing
            } else {
                nameID = Int32(dynamicNames.count)
                dynamicNames[anchor] = nameID
            }
            dynamicRequests.insert(Int64(nameID) << 1 | (ctx.track ? 1 : 0))
        }
        e.emit(Instruction(.dynamicRef, flags: ctx.track ? Instruction.track : 0, a: block, b: nameID, c: dynamic ? 1 : 0), keyword, ctx)
    }

    /// Compiles the dynamic-anchor targets of every resource that can be on the dynamic scope.
    func resolveDynamicTargets() throws(SchemaCompileError) {
        var changed = true
        while changed {
            changed = false
            for resource in scopedOrder {
                let r = index.resources[Int(resource)]
                for request in dynamicRequests {
                    let nameID = Int32(request >> 1)
                    let track = request & 1 == 1
                    guard let name = dynamicNames.first(where: { $0.value == nameID })?.key,
                        let anchor = r.dynamicAnchors[name]
                    else { continue }
                    let key = Program.dynamicKey(resource: resource, name: nameID, track: track)
                    if dynamicTargets[key] != nil { continue }
                    dynamicTargets[key] = try unit(anchor, index.info(of: anchor, in: resource), track: track)
                    changed = true
                }
            }
        }
    }

    // MARK: Constants

    func addConstant(_ value: JSONValue) -> Int32 {
        if constantCount > 0 { constantsText.append(UInt8(ascii: ",")) }
        value.document.withReader { JSONWriter.write(reader: $0, index: Int(value.index), into: &constantsText) }
        constantCount += 1
        return constantCount - 1
    }

    func addString(_ s: String) -> Int32 { addString(bytes: Array(s.utf8)) }

    func addString(bytes: [UInt8]) -> Int32 {
        if let id = stringIDs[ByteKey(bytes)] { return id }
        strings.append(bytes)
        stringIDs[ByteKey(bytes)] = Int32(strings.count - 1)
        return Int32(strings.count - 1)
    }

    /// Adds a property table with its names interned here, as the schemas compile: the program's
    /// build, which a lint waits for at its end, then has no name to look up.
    func addObjectTable(_ table: ObjectTable) -> Int32 {
        var table = table
        table.nameIDs = table.properties.names.map { addString(bytes: $0) }
        objects.append(table)
        return Int32(objects.count - 1)
    }

    func addNumber(_ n: NumberConstant) -> Int32 {
        numbers.append(n)
        return Int32(numbers.count - 1)
    }

    func addRegex(_ pattern: String, _ ctx: Context, _ keyword: String) throws(SchemaCompileError) -> Int32 {
        if let id = regexIDs[pattern] { return id }
        do {
            let limit = options.regexMatchLimit
            regexes.append(try PatternMatcher(pattern: pattern) { () throws(RegexError) in try ECMARegex(pattern, matchLimit: limit) })
        } catch {
            throw self.error("invalid regular expression '\(pattern)': \(error.message)", ctx, keyword)
        }
        regexIDs[pattern] = Int32(regexes.count - 1)
        return Int32(regexes.count - 1)
    }

    private func number(_ value: JSONValue, _ ctx: Context, _ keyword: String) throws(SchemaCompileError) -> NumberConstant {
        guard let n = value.number else { throw error("\(keyword) must be a number, found \(value.json)", ctx, keyword) }
        return NumberConstant(number: n, double: n.doubleValue, int: { if case .int(let v) = n { return v } else { return nil } }())
    }

    private func count(_ value: JSONValue, _ ctx: Context, _ keyword: String) throws(SchemaCompileError) -> Int32 {
        guard let n = value.number, n.isInteger, let v = n.int64Value, v >= 0 else {
            throw error("\(keyword) must be a non-negative integer, found \(value.json)", ctx, keyword)
        }
        return Int32(clamping: v)
    }

    private func stringArray(_ value: JSONValue, _ ctx: Context, _ keyword: String) throws(SchemaCompileError) -> [String] {
        guard value.kind == .array else { throw error("\(keyword) must be an array of strings, found \(value.json)", ctx, keyword) }
        var result: [String] = []
        for element in value.elements {
            guard let s = element.string else {
                throw error("\(keyword) must be an array of strings, found \(value.json)", ctx, keyword)
            }
            result.append(s)
        }
        return result
    }

    // MARK: Finish

    func finish(rootBlock: Int32, rootDialect: Dialect) throws(SchemaCompileError) -> Program {
        if !index.usesDynamicScope {
            // No dynamic references: a block that only enters a scope is its inner block.
            for id in blocks.indices {
                var range = blocks[id]
                var target = id
                while range.count == 1, code[Int(range.start)].op == .scope {
                    target = Int(code[Int(range.start)].b)
                    range = blocks[target]
                }
                blocks[id] = range
                // The collapsed block now runs its body's instructions: it reports the body's annotations.
                if target != id, let body = annotations[Int32(target)] { annotations[Int32(id)] = body }
            }
        }
        constantsText.append(UInt8(ascii: "]"))
        let constants: JSONDocument
        do { constants = try JSONDocument.parse(constantsText) } catch {
            throw SchemaCompileError(message: "internal error: constants did not round-trip: \(error)", location: "")
        }
        // Constant positions → tape indices of the constants document.
        var tapeIndex: [Int32] = []
        constants.withReader { r in
            r.forEachElement(0) { element, _ in
                tapeIndex.append(Int32(element))
                return true
            }
        }
        for n in code.indices where code[n].op == .const {
            code[n].a = tapeIndex[Int(code[n].a)]
        }
        for n in enums.indices {
            enums[n].members = enums[n].members.map { tapeIndex[Int($0)] }
            let members = enums[n].members
            // Only big enums are looked up by hash (`Program.enumContains`); most are scanned.
            guard members.count > Program.enumScanLimit else { continue }
            enums[n].byHash.reserveCapacity(members.count)
            constants.withReader { r in
                for member in members {
                    enums[n].byHash[JSONEquality.hash(r, Int(member)), default: []].append(member)
                }
            }
        }
        return Program(
            code: code, meta: MetaTable(entries: meta, locations: locations, bases: index.resources.map(\.uri)),
            blocks: blocks, rootBlock: rootBlock, numbers: numbers, strings: strings, stringIDs: stringIDs,
            stringLists: stringLists, blockLists: blockLists, objects: objects, dependencies: dependencies, enums: enums,
            regexes: regexes, formats: formats, constants: constants, dynamicTargets: dynamicTargets,
            usesTracking: usesTracking, usesDynamicScope: index.usesDynamicScope, maxDepth: options.maxDepth,
            rootDialect: rootDialect, annotations: annotations,
            discriminators: discriminators)
    }
}

extension PropertyTable {
    func find(_ key: String) -> Int? {
        var key = key
        let n = key.withUTF8 { find($0) }
        return n >= 0 ? n : nil
    }
}

extension JSONDocument {
    /// A shared `null` value (OpenAPI 3.0 `nullable` adds it to `enum`).
    static let nullValue: JSONValue = try! JSONDocument.parse("null").root
}
