#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Program {
    /// Runs the program against the instance node `root`. With `collect` false it stops at the
    /// first failure and builds no error values.
    /// `entry`: the block to start from (a `SchemaSet` member); the root schema's by default.
    /// `direction`: the side of an HTTP exchange the instance is on (OpenAPI readOnly/writeOnly;
    /// only programs compiled with `ValidatorOptions.directional` look at it).
    func run(_ reader: DocumentReader, root: Int, collect: Bool, entry: Int32? = nil, direction: OpenAPIDirection? = nil) -> (
        valid: Bool, errors: [SchemaValidationError], annotations: [SchemaAnnotation]
    ) {
        if !collect { return (isValid(reader, root: root, entry: entry, direction: direction), [], []) }
        let sink = ErrorSink()
        var evaluator = Evaluator<CollectingMode>(program: self, r: reader, k: constantsReader, sink: sink)
        evaluator.direction = Self.bits(direction)
        let valid = withExtendedLifetime(sink) { evaluator.block(entry ?? rootBlock, root) }
        evaluator.free()
        return (valid, sink.errors, sink.annotations)
    }

    /// The fast path: stops at the first failure, builds nothing, and is specialized so that no
    /// error-collection branch survives compilation.
    func isValid(_ reader: DocumentReader, root: Int, entry: Int32? = nil, direction: OpenAPIDirection? = nil) -> Bool {
        var evaluator = Evaluator<FastMode>(program: self, r: reader, k: constantsReader, sink: nil)
        evaluator.direction = Self.bits(direction)
        let valid = evaluator.block(entry ?? rootBlock, root)
        evaluator.free()
        return valid
    }
}

extension Program {
    static func bits(_ direction: OpenAPIDirection?) -> Int32 {
        switch direction {
        case nil: 0
        case .request: Instruction.request
        case .response: Instruction.response
        }
    }
}

/// Selects, at compile time, whether the evaluator collects errors (exhaustive) or stops at the
/// first failure (fast); `Evaluator` is specialized for each, so `collect` is a constant.
protocol EvaluationMode {
    static var collect: Bool { get }
}

enum FastMode: EvaluationMode {
    @inline(__always) static var collect: Bool { false }
}

enum CollectingMode: EvaluationMode {
    @inline(__always) static var collect: Bool { true }
}

/// Per-call evaluation state. Only `marks` (unevaluated*) and `scopes` ($dynamicRef) grow, and
/// only for programs that use them. Besides the program and the sink, every stored property is
/// trivial, so creating and dropping an evaluator per instance costs next to nothing.
struct Evaluator<Mode: EvaluationMode> {
    let p: Program
    let r: DocumentReader
    /// Reader over the constants document (enum/const values).
    let k: DocumentReader
    @inline(__always) var collect: Bool { Mode.collect }
    /// Tape indices of evaluated object member values / array elements (unevaluated* only).
    var marks = EvalStack<Int32>()
    /// Resource ids of the dynamic scope, outermost first.
    var scopes = EvalStack<Int32>()
    /// Errors (exhaustive mode only; a class so that reporting needs no exclusive access).
    let sink: ErrorSink?
    /// Instance path while collecting: key tape index << 1, or array position << 1 | 1.
    var path = EvalStack<Int>()
    /// `$ref` instructions being evaluated (for keyword locations).
    var refs = EvalStack<Int32>()
    var depth = 0
    var calls = 0
    /// `Instruction.request` / `.response` bits of the exchange side (0: neither).
    var direction: Int32 = 0

    /// `$ref`s followed without moving to a child instance; more means a reference loop.
    @inline(__always) static var maxCalls: Int { 256 }

    /// `sink` (exhaustive mode) must outlive the evaluator; call `free()` when done.
    init(program: Program, r: DocumentReader, k: DocumentReader, sink: ErrorSink?) {
        self.p = program
        self.r = r
        self.k = k
        self.sink = sink
    }

    func free() {
        marks.free()
        scopes.free()
        path.free()
        refs.free()
    }

    var errorCount: Int { sink?.errors.count ?? 0 }

    func dropErrors(from base: Int) {
        if let sink, sink.errors.count > base { sink.errors.removeSubrange(base...) }
    }

    // MARK: Blocks

    mutating func block(_ id: Int32, _ i: Int) -> Bool {
        if !collect {
            // The fast layout: the lifted type check, then the instructions until one fails
            // (written out here rather than called: debug builds recurse through this frame).
            let b = p.fastBlocks[id]
            if b.type != 0 && !r.matchesType(i, b.type & FastBlock.maskBits, strict: b.type & FastBlock.strictInteger != 0) {
                return false
            }
            if b.count == 0 { return true }
            let markBase = marks.count
            var pc = Int(b.start)
            let end = pc &+ Int(b.count)
            while pc < end {
                if !exec(pc, i, markBase) {
                    if marks.count > markBase { marks.removeSubrange(markBase...) }
                    return false
                }
                pc &+= 1
            }
            return true
        }
        let range = p.blocks[Int(id)]
        let markBase = marks.count
        let annotationBase = sink?.annotations.count ?? 0
        var ok = true
        var pc = Int(range.start)
        let end = pc + Int(range.count)
        while pc < end {
            if !exec(pc, i, markBase) {
                ok = false
                if !collect { break }
            }
            pc += 1
        }
        if !ok && marks.count > markBase { marks.removeSubrange(markBase...) }
        if collect { settleAnnotations(id, i, ok: ok, from: annotationBase) }
        return ok
    }

    /// Exhaustive mode: a schema that held keeps its annotations (and its children's) and adds
    /// its own; one that failed produces none.
    func settleAnnotations(_ id: Int32, _ i: Int, ok: Bool, from base: Int) {
        guard let sink else { return }
        guard ok else {
            if sink.annotations.count > base { sink.annotations.removeSubrange(base...) }
            return
        }
        guard let own = p.annotations[id] else { return }
        var prefix = ""
        for ref in refs { prefix += p.meta.path(Int(ref)) }
        let location = instanceLocation()
        for a in own {
            sink.annotations.append(
                SchemaAnnotation(
                    instanceLocation: location, keywordLocation: prefix + a.path, absoluteKeywordLocation: a.absolute,
                    keyword: a.keyword, value: a.value))
        }
    }

    /// Exhaustive mode, no branch matched: when an OpenAPI discriminator names the intended
    /// branch, replace the errors of every branch by that branch's errors (or by one error about
    /// the discriminator property). Returns false when there is no discriminator to use.
    mutating func focusOnDiscriminator(_ pc: Int, _ i: Int, _ table: Int32, _ list: BlockRange, errorBase: Int) -> Bool {
        guard table > 0 else { return false }
        let table = p.discriminators[Int(table) - 1]
        dropErrors(from: errorBase)
        guard r.kind(i) == .object else {
            report(pc, i, "expected an object with the discriminator property '\(table.propertyName)', found \(typeName(i))")
            return true
        }
        var name = table.propertyName
        let member = name.withUTF8 { r.member(i, $0) }
        guard let member, r.kind(member) == .string else {
            report(pc, i, "missing discriminator property '\(table.propertyName)' (a string naming the schema to use)")
            return true
        }
        let value = String(decoding: r.string(member), as: UTF8.self)
        guard let branch = table.branches[value] else {
            let known = table.branches.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
            report(pc, i, "discriminator '\(table.propertyName)' is '\(value)', expected one of \(known)")
            return true
        }
        _ = block(p.lists[Int(list.start) + branch], i)
        return true
    }

    /// Exhaustive mode: does the block hold? Answered by the fast path (same verdict, no errors
    /// or annotations), from the current depth, reference count and dynamic scope.
    mutating func screen(_ id: Int32, _ i: Int) -> Bool {
        var fast = Evaluator<FastMode>(program: p, r: r, k: k, sink: nil)
        fast.depth = depth
        fast.calls = calls
        for s in scopes { fast.scopes.append(s) }
        let ok = fast.block(id, i)
        fast.free()
        return ok
    }

    /// Fast path: a block's lifted type check inline, the block called only when it has more.
    @inline(__always)
    mutating func quick(_ id: Int32, _ i: Int) -> Bool {
        let b = p.fastBlocks[id]
        if b.type != 0 && !r.matchesType(i, b.type & FastBlock.maskBits, strict: b.type & FastBlock.strictInteger != 0) {
            return false
        }
        return b.count == 0 || block(id, i)
    }

    /// Evaluates a block against a child node (object member value or array element).
    @inline(__always)
    mutating func descend(_ id: Int32, _ child: Int, token: Int, pc: Int) -> Bool {
        if !collect {
            // A leaf (at most a type check) is answered in the caller's loop: no call, no
            // depth bookkeeping.
            let b = p.fastBlocks[id]
            if b.count == 0 && depth < p.maxDepth {
                return b.type == 0 || r.matchesType(child, b.type & FastBlock.maskBits, strict: b.type & FastBlock.strictInteger != 0)
            }
        }
        return descendBlock(id, child, token: token, pc: pc)
    }

    mutating func descendBlock(_ id: Int32, _ child: Int, token: Int, pc: Int) -> Bool {
        if depth >= p.maxDepth {
            if collect { report(pc, child, "instance is nested deeper than the limit of \(p.maxDepth)") }
            return false
        }
        depth += 1
        let savedCalls = calls
        calls = 0
        if collect { path.append(token) }
        let ok = block(id, child)
        if collect { path.removeLast() }
        calls = savedCalls
        depth -= 1
        return ok
    }

    mutating func jump(_ target: Int32, _ i: Int, pc: Int) -> Bool {
        if calls >= Self.maxCalls {
            if collect { report(pc, i, "more than \(Self.maxCalls) nested references at the same instance location (a reference loop)") }
            return false
        }
        calls += 1
        if collect { refs.append(Int32(pc)) }
        let ok = block(target, i)
        if collect { refs.removeLast() }
        calls -= 1
        return ok
    }

    @inline(__always) mutating func mark(_ i: Int) { marks.append(Int32(truncatingIfNeeded: i)) }

    @inline(__always) func isMarked(_ i: Int, from base: Int) -> Bool {
        let v = Int32(truncatingIfNeeded: i)
        var n = base
        while n < marks.count {
            if marks[n] == v { return true }
            n += 1
        }
        return false
    }

    /// Every name of string list `list` is a member of object `i` (other kinds pass).
    func required(_ pc: Int, _ i: Int, list index: Int32) -> Bool {
        guard r.nodeKind(i) == .object else { return true }
        var ok = true
        let list = p.listRanges[index]
        for n in Int(list.start)..<Int(list.start + list.count) {
            let name = p.lists[n]
            if !p.hasMember(r, i, name) {
                ok = false
                if !collect { return false }
                report(pc, i, "missing required property '\(text(name))'")
            }
        }
        return ok
    }

    // MARK: Instructions

    mutating func exec(_ pc: Int, _ i: Int, _ markBase: Int) -> Bool {
        let ins = collect ? p.code[pc] : p.fastCode[pc]
        switch ins.op {
        case .fail:
            if collect { report(pc, i, failMessage(pc, i, ins)) }
            return false

        case .type:
            if r.matchesType(i, ins.a, strict: ins.flags & Instruction.strictInteger != 0) { return true }
            if collect { report(pc, i, "expected \(TypeMask.names(ins.a).joined(separator: " or ")), found \(typeName(i))") }
            return false

        case .typeBounded:
            return true

        case .const:
            if k.tagBits(Int(ins.a)) == 4 {
                // A string constant: compare bytes here (no cross-module call).
                if r.tagBits(i) == 4 {
                    let x = r.stringBytes(i)
                    let y = k.stringBytes(Int(ins.a))
                    if x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) { return true }
                }
            } else if JSONEquality.equal(r, i, k, Int(ins.a)) {
                return true
            }
            if collect { report(pc, i, "expected \(constantJSON(Int(ins.a))), found \(instanceJSON(i))") }
            return false

        case .enum:
            if p.enumContains(r, i, k, ins.a) { return true }
            if collect { report(pc, i, enumMessage(p.enums[Int(ins.a)], i)) }
            return false

        case .enumStrings:
            if r.nodeKind(i) == .string && p.findProperty(p.objects[ins.b], r.stringBytes(i)) >= 0 { return true }
            if collect { report(pc, i, enumMessage(p.enums[Int(ins.a)], i)) }
            return false

        case .multipleOf:
            guard r.nodeKind(i) == .number else { return true }
            let bound = p.bounds[ins.a]
            if let x = r.int64(i), bound.isInt {
                if bound.int == -1 || x % bound.int == 0 { return true }
            } else if r.number(i).isMultiple(of: p.numbers[Int(ins.a)].number) {
                return true
            }
            if collect { report(pc, i, "\(instanceJSON(i)) is not a multiple of \(p.numbers[Int(ins.a)].number)") }
            return false

        case .maximum, .exclusiveMaximum, .minimum, .exclusiveMinimum:
            guard r.nodeKind(i) == .number else { return true }
            let order: Int
            let bound = p.bounds[ins.a]
            if let x = r.int64(i), bound.isInt {
                order = x < bound.int ? -1 : (x == bound.int ? 0 : 1)
            } else {
                guard let slow = r.compareSlow(i, p.numbers[Int(ins.a)]) else { return true }
                order = slow
            }
            let ok: Bool
            let relation: String
            switch ins.op {
            case .maximum: ok = order <= 0; relation = "at most"
            case .exclusiveMaximum: ok = order < 0; relation = "less than"
            case .minimum: ok = order >= 0; relation = "at least"
            default: ok = order > 0; relation = "greater than"
            }
            if ok { return true }
            if collect { report(pc, i, "expected a number \(relation) \(p.numbers[Int(ins.a)].number), found \(instanceJSON(i))") }
            return false

        case .maxLength, .minLength, .maxItems, .minItems, .maxProperties, .minProperties:
            // One bound check for strings (Unicode scalars), arrays (items) and objects (members).
            let isMax: Bool
            let kind: JSONKind
            switch ins.op {
            case .maxLength, .minLength: kind = .string; isMax = ins.op == .maxLength
            case .maxItems, .minItems: kind = .array; isMax = ins.op == .maxItems
            default: kind = .object; isMax = ins.op == .maxProperties
            }
            guard r.nodeKind(i) == kind else { return true }
            let n = kind == .string ? r.scalarCount(i) : r.count(i)
            if isMax ? n <= Int(ins.a) : n >= Int(ins.a) { return true }
            if collect {
                let noun = kind == .string ? "character" : kind == .array ? "item" : "property"
                report(pc, i, "expected \(isMax ? "at most" : "at least") \(counted(Int(ins.a), noun)), found \(n)")
            }
            return false

        case .pattern:
            guard r.nodeKind(i) == .string else { return true }
            if p.regexes[ins.a].matches(r.stringBytes(i)) { return true }
            if collect { report(pc, i, "\(instanceJSON(i)) does not match the pattern '\(p.patternSources[Int(ins.a)])'") }
            return false

        case .format:
            let format = p.formats[Int(ins.a)]
            switch r.nodeKind(i) {
            case .string:
                guard let check = format.string, !check(r.stringBytes(i)) else { return true }
            case .number:
                guard let check = format.number, !check(r.number(i)) else { return true }
            default:
                return true
            }
            if collect { report(pc, i, "\(instanceJSON(i)) is not a valid \(format.name)") }
            return false

        case .content:
            guard r.nodeKind(i) == .string else { return true }
            let bytes = r.stringBytes(i)
            var payload = Array(bytes)
            if ins.a & ContentCheck.base64 != 0 {
                guard let decoded = ContentCheck.decodeBase64(bytes) else {
                    if collect { report(pc, i, "\(instanceJSON(i)) is not valid base64") }
                    return false
                }
                payload = decoded
            }
            if ins.a & ContentCheck.json != 0, (try? JSONDocument.parse(payload)) == nil {
                if collect { report(pc, i, "the content of \(instanceJSON(i)) is not valid JSON") }
                return false
            }
            return true

        case .uniqueItems:
            guard r.nodeKind(i) == .array else { return true }
            if let (a, b) = firstDuplicate(i) {
                if collect { report(pc, i, "expected unique items, but items \(a) and \(b) are equal") }
                return false
            }
            return true

        case .required:
            if !collect && ins.flags & Instruction.fused != 0 { return true }
            return required(pc, i, list: ins.a)

        case .requiredUnless:
            if direction & ins.b != 0 { return true }
            return required(pc, i, list: ins.a)

        case .directional:
            if direction & ins.b != 0 {
                if collect { report(pc, i, "property is \(direction & Instruction.request != 0 ? "readOnly" : "writeOnly") and not allowed here") }
                return false
            }
            return ins.a < 0 || block(ins.a, i)

        case .dependentRequired:
            guard r.nodeKind(i) == .object else { return true }
            let range = p.dependencyRanges[ins.a]
            var ok = true
            for n in Int(range.start)..<Int(range.start + range.count) {
                let key = p.dependencyEntries[2 * n]
                guard p.hasMember(r, i, key) else { continue }
                let list = p.listRanges[p.dependencyEntries[2 * n + 1]]
                for m in Int(list.start)..<Int(list.start + list.count) where !p.hasMember(r, i, p.lists[m]) {
                    ok = false
                    if !collect { return false }
                    report(pc, i, "property '\(text(key))' requires property '\(text(p.lists[m]))'")
                }
            }
            return ok

        case .dependentSchemas:
            guard r.nodeKind(i) == .object else { return true }
            let range = p.dependencyRanges[ins.a]
            var ok = true
            for n in Int(range.start)..<Int(range.start + range.count) {
                if p.hasMember(r, i, p.dependencyEntries[2 * n]) && !block(p.dependencyEntries[2 * n + 1], i) {
                    ok = false
                    if !collect { return false }
                }
            }
            return ok

        case .properties:
            guard r.nodeKind(i) == .object else { return true }
            return properties(pc, ins, i)

        case .propertyNames:
            guard r.nodeKind(i) == .object else { return true }
            var ok = true
            var key = i + 1
            let end = r.nextNode(i)
            while key < end {
                if !block(ins.a, key) {
                    ok = false
                    if !collect { return false }
                }
                key = r.nextNode(key + 1)
            }
            return ok

        case .items:
            guard r.nodeKind(i) == .array else { return true }
            var ok = true
            var e = i + 1
            let end = r.nextNode(i)
            var position = 0
            let track = ins.flags & Instruction.track != 0
            while e < end {
                if position >= Int(ins.b) {
                    if descend(ins.a, e, token: position << 1 | 1, pc: pc) {
                        if track { mark(e) }
                    } else {
                        ok = false
                        if !collect { return false }
                    }
                }
                e = r.nextNode(e)
                position += 1
            }
            return ok

        case .prefixItems:
            guard r.nodeKind(i) == .array else { return true }
            let list = p.listRanges[ins.a]
            var ok = true
            var e = i + 1
            let end = r.nextNode(i)
            var position = 0
            let track = ins.flags & Instruction.track != 0
            while e < end && position < Int(list.count) {
                if descend(p.lists[Int(list.start) + position], e, token: position << 1 | 1, pc: pc) {
                    if track { mark(e) }
                } else {
                    ok = false
                    if !collect { return false }
                }
                e = r.nextNode(e)
                position += 1
            }
            return ok

        case .contains:
            guard r.nodeKind(i) == .array else { return true }
            let track = ins.flags & Instruction.track != 0
            let minimum = Int(ins.b)
            let maximum = Int(ins.c)
            var matched = 0
            var e = i + 1
            let end = r.nextNode(i)
            var position = 0
            let errorBase = errorCount
            while e < end {
                if descend(ins.a, e, token: position << 1 | 1, pc: pc) {
                    matched += 1
                    if track { mark(e) }
                    if !track && !collect {
                        if maximum < 0 && matched >= minimum { break }
                        if maximum >= 0 && matched > maximum { break }
                    }
                }
                e = r.nextNode(e)
                position += 1
            }
            dropErrors(from: errorBase)
            if matched < minimum {
                if collect { report(pc, i, "expected at least \(minimum) item\(minimum == 1 ? "" : "s") matching contains, found \(matched)") }
                return false
            }
            if maximum >= 0 && matched > maximum {
                if collect { report(pc, i, "expected at most \(maximum) item\(maximum == 1 ? "" : "s") matching contains, found \(matched)") }
                return false
            }
            return true

        case .allOf:
            var ok = true
            let list = p.listRanges[ins.a]
            for n in Int(list.start)..<Int(list.start + list.count) where !(collect ? block(p.lists[n], i) : quick(p.lists[n], i)) {
                ok = false
                if !collect { return false }
            }
            return ok

        case .anyOf:
            let list = p.listRanges[ins.a]
            if !collect && ins.flags & Instruction.track == 0 {
                var n = Int(list.start)
                let end = n &+ Int(list.count)
                while n < end {
                    if quick(p.lists[n], i) { return true }
                    n &+= 1
                }
                return false
            }
            let all = collect || ins.flags & Instruction.track != 0
            let errorBase = errorCount
            var any = false
            if collect && ins.flags & Instruction.track == 0 {
                // Screen the branches with the fast path: only matching ones are walked for their
                // annotations; the others only when every branch fails (for their errors).
                // Walking every failing branch exhaustively is exponential in recursive schemas.
                for n in Int(list.start)..<Int(list.start + list.count) where screen(p.lists[n], i) {
                    _ = block(p.lists[n], i)
                    any = true
                }
                if any { return true }
                // Every branch fails. A discriminator names the one whose errors are reported:
                // walking all of them first would only build errors to drop.
                if ins.c > 0 && focusOnDiscriminator(pc, i, ins.c, list, errorBase: errorBase) { return false }
            }
            for n in Int(list.start)..<Int(list.start + list.count) where block(p.lists[n], i) {
                any = true
                if !all { break }
            }
            if any {
                dropErrors(from: errorBase)
                return true
            }
            if collect && !focusOnDiscriminator(pc, i, ins.c, list, errorBase: errorBase) {
                report(pc, i, "expected the value to match at least one of the \(list.count) schemas in anyOf")
            }
            return false

        case .oneOf:
            let list = p.listRanges[ins.a]
            if !collect {
                // Exactly one: stop at the second match. Branches are pre-filtered by their type.
                var matched = false
                var n = Int(list.start)
                let end = n &+ Int(list.count)
                while n < end {
                    if quick(p.lists[n], i) {
                        if matched { return false }
                        matched = true
                    }
                    n &+= 1
                }
                return matched
            }
            let errorBase = errorCount
            var first = -1
            var second = -1
            var matched = 0
            if ins.flags & Instruction.track == 0 {
                // As for anyOf: screen with the fast path, walk the one match for its annotations.
                for n in 0..<Int(list.count) where screen(p.lists[Int(list.start) + n], i) {
                    if matched == 0 { first = n } else if matched == 1 { second = n }
                    matched += 1
                }
                if matched == 1 {
                    _ = block(p.lists[Int(list.start) + first], i)
                    return true
                }
                if matched > 1 {
                    report(
                        pc, i,
                        "expected the value to match exactly one schema in oneOf, it matches \(matched > 2 ? "several, including" : "both") \(first) and \(second)"
                    )
                    return false
                }
                first = -1
                // No branch matches: as for anyOf, a discriminator picks the errors to report.
                if ins.c > 0 && focusOnDiscriminator(pc, i, ins.c, list, errorBase: errorBase) { return false }
            }
            for n in 0..<Int(list.count) where block(p.lists[Int(list.start) + n], i) {
                if matched == 0 { first = n } else if matched == 1 { second = n }
                matched += 1
                if matched > 1 && !collect { break }
            }
            if matched == 1 {
                dropErrors(from: errorBase)
                return true
            }
            if matched == 0 {
                if collect && !focusOnDiscriminator(pc, i, ins.c, list, errorBase: errorBase) {
                    report(pc, i, "expected the value to match exactly one of the \(list.count) schemas in oneOf, it matches none")
                }
            } else {
                dropErrors(from: errorBase)
                report(
                    pc, i,
                    "expected the value to match exactly one schema in oneOf, it matches \(matched > 2 ? "several, including" : "both") \(first) and \(second)"
                )
            }
            return false

        case .not:
            let errorBase = errorCount
            let markCount = marks.count
            let matched = block(ins.a, i)
            dropErrors(from: errorBase)
            if marks.count > markCount { marks.removeSubrange(markCount...) }
            if !matched { return true }
            if collect { report(pc, i, "expected the value not to match the schema in not") }
            return false

        case .conditional:
            let errorBase = errorCount
            let matched = block(ins.a, i)
            dropErrors(from: errorBase)
            if matched {
                return ins.b < 0 || block(ins.b, i)
            }
            return ins.c < 0 || block(ins.c, i)

        case .ref:
            return jump(ins.a, i, pc: pc)

        case .dynamicRef:
            var target = ins.a
            if ins.c == 1 {
                let track = ins.flags & Instruction.track != 0
                for s in scopes {
                    if let t = p.dynamicTargets[Program.dynamicKey(resource: s, name: ins.b, track: track)] {
                        target = t
                        break
                    }
                }
            }
            return jump(target, i, pc: pc)

        case .scope:
            // Fast layout: no dynamic reference left that could read the scope.
            if !collect && ins.flags & Instruction.fused != 0 { return block(ins.b, i) }
            scopes.append(ins.a)
            let ok = block(ins.b, i)
            scopes.removeLast()
            return ok

        case .unevaluatedProperties:
            guard r.nodeKind(i) == .object else { return true }
            var ok = true
            var key = i + 1
            let end = r.nextNode(i)
            // Marks go straight onto the stack: tape indices are unique, so a new mark never
            // answers for another member.
            while key < end {
                let value = key + 1
                if !isMarked(value, from: markBase) {
                    if descend(ins.a, value, token: key << 1, pc: pc) {
                        mark(value)
                    } else {
                        ok = false
                        if !collect { return false }
                    }
                }
                key = r.nextNode(value)
            }
            return ok

        case .unevaluatedItems:
            guard r.nodeKind(i) == .array else { return true }
            var ok = true
            var e = i + 1
            let end = r.nextNode(i)
            var position = 0
            while e < end {
                if !isMarked(e, from: markBase) {
                    if descend(ins.a, e, token: position << 1 | 1, pc: pc) {
                        mark(e)
                    } else {
                        ok = false
                        if !collect { return false }
                    }
                }
                e = r.nextNode(e)
                position += 1
            }
            return ok
        }
    }

    /// properties + patternProperties + additionalProperties in one pass over the members.
    mutating func properties(_ pc: Int, _ ins: Instruction, _ i: Int) -> Bool {
        let table = p.objects[ins.a]
        let track = ins.flags & Instruction.track != 0
        var ok = true
        var key = i + 1
        let end = r.nextNode(i)
        var seen: UInt64 = 0
        while key < end {
            let value = key + 1
            let name = r.stringBytes(key)
            var matched = false
            let n = p.findProperty(table, name)
            if n >= 0 {
                matched = true
                let entry = p.properties[n]
                seen |= entry.requiredBit
                if !descend(entry.block, value, token: key << 1, pc: pc) {
                    ok = false
                    if !collect { return false }
                }
            }
            if table.patternCount > 0 {
                for m in Int(table.patternStart)..<Int(table.patternStart + table.patternCount) {
                    guard p.regexes[p.patterns[2 &* m]].matches(name) else { continue }
                    matched = true
                    if !descend(p.patterns[2 * m + 1], value, token: key << 1, pc: pc) {
                        ok = false
                        if !collect { return false }
                    }
                }
            }
            if !matched && table.additional >= 0 {
                matched = true
                if !descend(table.additional, value, token: key << 1, pc: pc) {
                    ok = false
                    if !collect { return false }
                }
            }
            if track && matched { mark(value) }
            key = r.nextNode(value)
        }
        // Fused `required` (fast path only; exhaustive mode runs the `required` instruction).
        if !collect && seen & table.requiredMask != table.requiredMask { return false }
        return ok
    }

    /// Index of the property entry named `name`, or -1.
    @inline(__always)
    func findProperty(_ table: ObjectHeader, _ name: UnsafeBufferPointer<UInt8>) -> Int { p.findProperty(table, name) }

    /// Does the object at `i` have a member named by string id `name`?
    @inline(__always)
    func hasMember(_ i: Int, _ name: Int32) -> Bool { p.hasMember(r, i, name) }

    func text(_ string: Int32) -> String {
        let ref = p.strings[string]
        return String(decoding: UnsafeBufferPointer(start: p.stringBytes.base + Int(ref.offset), count: Int(ref.length)), as: UTF8.self)
    }

    // MARK: Values

    @inline(__always)
    func typeMatches(_ i: Int, _ mask: Int32, strict: Bool) -> Bool { r.matchesType(i, mask, strict: strict) }

    func typeName(_ i: Int) -> String {
        if r.kind(i) == .number { return r.isInteger(i) ? "integer" : "number" }
        return r.kind(i).description
    }

    @inline(__always)
    func compare(_ i: Int, _ c: NumberConstant) -> Int? { r.compare(i, c) }

    func firstDuplicate(_ i: Int) -> (Int, Int)? { r.firstDuplicateItems(i) }

    // MARK: Errors

    func report(_ pc: Int, _ i: Int, _ message: String) {
        guard let sink else { return }
        var keywordLocation = ""
        for ref in refs { keywordLocation += p.meta.path(Int(ref)) }
        keywordLocation += p.meta.path(pc)
        sink.errors.append(
            SchemaValidationError(
                instanceLocation: instanceLocation(), keywordLocation: keywordLocation,
                absoluteKeywordLocation: p.meta.absolute(pc), keyword: p.meta.keyword(pc), message: message))
    }

    func instanceLocation() -> String {
        var out = ""
        for token in path {
            out += "/"
            if token & 1 == 1 {
                out += String(token >> 1)
            } else {
                out += JSONPointer.escape(String(decoding: r.string(token >> 1), as: UTF8.self))
            }
        }
        return out
    }

    func failMessage(_ pc: Int, _ i: Int, _ ins: Instruction) -> String {
        if ins.a == 1 { return "property is \(p.meta.keyword(pc)) and not allowed here" }
        let path = p.meta.path(pc)
        if let last = path.split(separator: "/").last, let token = path.split(separator: "/").last {
            _ = token
            switch last {
            case "additionalProperties", "unevaluatedProperties":
                if let name = currentKey() { return "property '\(name)' is not allowed (\(last) is false)" }
            case "additionalItems", "items", "unevaluatedItems":
                return "item is not allowed (\(last) is false)"
            default:
                break
            }
        }
        return "no value is allowed here (the schema is false)"
    }

    /// "1 item", "2 items", "1 property", "3 properties".
    func counted(_ n: Int, _ noun: String) -> String {
        if n == 1 { return "1 \(noun)" }
        return "\(n) " + (noun.hasSuffix("y") ? noun.dropLast() + "ies" : noun + "s")
    }

    func currentKey() -> String? {
        guard let last = path.last, last & 1 == 0 else { return nil }
        return String(decoding: r.string(last >> 1), as: UTF8.self)
    }

    func instanceJSON(_ i: Int) -> String {
        var out: [UInt8] = []
        JSONWriter.write(reader: r, index: i, into: &out)
        if out.count > 80 { return String(decoding: out.prefix(77), as: UTF8.self) + "..." }
        return String(decoding: out, as: UTF8.self)
    }

    func constantJSON(_ i: Int) -> String {
        var out: [UInt8] = []
        JSONWriter.write(reader: k, index: i, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func enumMessage(_ set: EnumSet, _ i: Int) -> String {
        let listed = set.members.prefix(10).map { constantJSON(Int($0)) }.joined(separator: ", ")
        return "\(instanceJSON(i)) is not one of [\(listed)\(set.members.count > 10 ? ", ..." : "")]"
    }
}

final class ErrorSink {
    var errors: [SchemaValidationError] = []
    var annotations: [SchemaAnnotation] = []
}
