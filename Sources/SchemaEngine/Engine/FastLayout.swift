/// A block as the fast path (`isValid`) runs it: its own instruction range in `Program.fastCode`
/// and the block's `type` check lifted out, so a leaf schema such as `{"type": "string"}` is
/// answered without running any instruction.
struct FastBlock {
    var start: Int32
    var count: Int32
    /// `TypeMask` bits the node must match (0: no type check); `FastBlock.strictInteger` set for
    /// draft-04 integers.
    var type: Int32

    static let strictInteger: Int32 = 0x100
    static let maskBits: Int32 = 0xFF
}

/// Lays the program out again for the fast path. Exhaustive mode keeps the compiled order (its
/// errors and annotations follow the schema); the fast path only needs the conjunction, so it
///
/// - treats a block that only jumps (`{"$ref": …}`) as its target (reference cycles stay jumps);
/// - lifts the `type` check into the block header and drops it when a sibling implies it
///   (`enum` of strings under `type: string`);
/// - drops instructions another one checks (`required` fused into `properties`);
/// - splices small `$ref` targets into the referring block (no jump, no block call);
/// - orders siblings cheapest first, so a failing instance fails before the expensive
///   applicators run (`unevaluated*` stay last: they read what the others marked).
enum FastLayout {
    /// Targets with at most this many instructions are spliced into the blocks referring to them.
    static let inlineLimit = 6

    static func build(
        code compiled: [Instruction], blocks: [BlockRange], rootBlock: Int32, dynamicTargets: [Int64: Int32]
    ) -> (code: [Instruction], blocks: [FastBlock]) {
        let code = resolveDynamicReferences(compiled, blocks: blocks, rootBlock: rootBlock, dynamicTargets: dynamicTargets)
        var builder = Builder(code: code, blocks: blocks)
        var fastBlocks: [FastBlock] = []
        fastBlocks.reserveCapacity(blocks.count)
        for id in blocks.indices {
            if builder.isPureReferenceCycle(Int32(id)) {
                // `$ref`s that only lead back to themselves end at the reference-loop limit: invalid.
                fastBlocks.append(FastBlock(start: Int32(builder.out.count), count: 1, type: 0))
                builder.out.append(Instruction(.fail))
            } else {
                fastBlocks.append(builder.layout(builder.resolve(Int32(id))))
            }
        }
        return (builder.out, fastBlocks)
    }

    /// `$dynamicRef` statically: the dynamic scope's outermost resource is always the root's,
    /// and the outermost resource with the anchor wins, so when the root resource has the anchor
    /// every `$dynamicRef` to it lands there (a non-dynamic one is a plain `$ref`). When every
    /// `$dynamicRef` resolves so, nothing reads the scope: `scope` instructions are marked
    /// `fused` (evaluate the block without pushing) and single-`scope` blocks become aliases.
    static func resolveDynamicReferences(
        _ compiled: [Instruction], blocks: [BlockRange], rootBlock: Int32, dynamicTargets: [Int64: Int32]
    ) -> [Instruction] {
        var code = compiled
        guard code.contains(where: { $0.op == .dynamicRef || $0.op == .scope }) else { return code }
        let root = blocks[Int(rootBlock)]
        let rootResource: Int32? =
            root.count == 1 && code[Int(root.start)].op == .scope ? code[Int(root.start)].a : nil
        var unresolved = 0
        for pc in code.indices where code[pc].op == .dynamicRef {
            let ins = code[pc]
            if ins.c != 1 {
                code[pc] = Instruction(.ref, flags: ins.flags, a: ins.a)
            } else if let rootResource,
                let target = dynamicTargets[
                    Program.dynamicKey(resource: rootResource, name: ins.b, track: ins.flags & Instruction.track != 0)]
            {
                code[pc] = Instruction(.ref, flags: ins.flags, a: target)
            } else {
                unresolved += 1
            }
        }
        if unresolved == 0 {
            for pc in code.indices where code[pc].op == .scope { code[pc].flags |= Instruction.fused }
        }
        return code
    }

    /// Lower ranks run first.
    static func rank(_ op: Op) -> Int {
        switch op {
        case .fail: 0
        case .const, .enumStrings, .multipleOf, .maximum, .exclusiveMaximum, .minimum, .exclusiveMinimum,
            .maxLength, .minLength, .maxItems, .minItems, .maxProperties, .minProperties, .typeBounded, .type:
            1
        case .enum, .required, .requiredUnless, .dependentRequired: 2
        case .pattern, .format, .content, .uniqueItems: 3
        case .properties, .propertyNames, .items, .prefixItems, .contains, .dependentSchemas: 4
        case .ref, .dynamicRef, .scope, .allOf, .anyOf, .oneOf, .not, .conditional, .directional: 5
        case .unevaluatedProperties, .unevaluatedItems: 9
        }
    }

    struct Builder {
        let code: [Instruction]
        let blocks: [BlockRange]
        var out: [Instruction] = []
        /// Laid-out blocks by compiled range (several block ids share a range): by the range's
        /// start, 1 + an index into `memoEntries`, 0 for none; ranges that share a start with
        /// another one (empty blocks) in `memoOthers`.
        var memoByStart: [Int32]
        var memoEntries: [(count: Int32, block: FastBlock)] = []
        var memoOthers: [Int64: FastBlock] = [:]

        init(code: [Instruction], blocks: [BlockRange]) {
            self.code = code
            self.blocks = blocks
            memoByStart = [Int32](repeating: 0, count: code.count + 1)
        }

        func laidOut(_ range: BlockRange) -> FastBlock? {
            let slot = Int(memoByStart[Int(range.start)])
            // Nothing starting here was laid out: `remember` fills the start's slot first.
            guard slot != 0 else { return nil }
            if memoEntries[slot - 1].count == range.count { return memoEntries[slot - 1].block }
            return memoOthers[Int64(range.start) << 32 | Int64(range.count)]
        }

        mutating func remember(_ range: BlockRange, _ block: FastBlock) {
            if memoByStart[Int(range.start)] == 0 {
                memoEntries.append((range.count, block))
                memoByStart[Int(range.start)] = Int32(memoEntries.count)
            } else {
                memoOthers[Int64(range.start) << 32 | Int64(range.count)] = block
            }
        }

        /// The block a pure-`$ref` block (or a transparent `scope`) stands for.
        func resolve(_ id: Int32) -> Int32 {
            var current = id
            var hops = 0
            while hops < 16 {
                guard let next = alias(current) else { return current }
                current = next
                hops += 1
            }
            return id
        }

        /// The block that `id` only forwards to, if it does.
        func alias(_ id: Int32) -> Int32? {
            let range = blocks[Int(id)]
            guard range.count == 1 else { return nil }
            let ins = code[Int(range.start)]
            if ins.op == .ref { return ins.a }
            if ins.op == .scope && ins.flags & Instruction.fused != 0 { return ins.b }
            return nil
        }

        /// The block a pure-`$ref` block jumps to; nil for other blocks.
        func pureReferenceTarget(_ id: Int32) -> Int32? {
            let range = blocks[Int(id)]
            guard range.count == 1, code[Int(range.start)].op == .ref else { return nil }
            return code[Int(range.start)].a
        }

        /// Does following pure-`$ref` blocks from `id` come back to one of them? (Two cursors,
        /// one twice as fast: they meet on a cycle, and nothing is allocated per block.)
        func isPureReferenceCycle(_ id: Int32) -> Bool {
            var slow = id
            var fast = id
            while true {
                guard let one = pureReferenceTarget(fast), let two = pureReferenceTarget(one) else { return false }
                fast = two
                slow = pureReferenceTarget(slow)!  // behind `fast` on the same chain
                if slow == fast { return true }
            }
            // (Transparent scopes are not followed: a cycle through one still ends at the limit
            // in exhaustive mode, and the jumps below do the same in the fast path.)
        }

        /// The compiled instructions of a block, or nil when it cannot be spliced elsewhere.
        func spliceable(_ id: Int32) -> Range<Int>? {
            let range = blocks[Int(resolve(id))]
            guard range.count <= FastLayout.inlineLimit else { return nil }
            let pcs = Int(range.start)..<Int(range.start + range.count)
            for pc in pcs {
                let ins = code[pc]
                // Marks are scoped per block, and jumps count towards the reference-loop limit.
                switch ins.op {
                case .ref, .dynamicRef, .scope, .unevaluatedItems, .unevaluatedProperties: return nil
                default: break
                }
                if ins.flags & Instruction.track != 0 { return nil }
            }
            return pcs
        }

        /// Lays out block `id` at the end of `out` (once per compiled range). Written straight
        /// into `out`: this runs for every block of every program.
        mutating func layout(_ id: Int32) -> FastBlock {
            let range = blocks[Int(id)]
            if let done = laidOut(range) { return done }
            let start = out.count
            var type: Int32 = 0
            var hasStringEnum = false
            var inOrder = true
            var lastRank = 0
            func keep(_ ins: Instruction) {
                switch ins.op {
                case .required where ins.flags & Instruction.fused != 0:
                    return
                case .typeBounded:
                    return
                case .type where type == 0:
                    type = ins.a | (ins.flags & Instruction.strictInteger != 0 ? FastBlock.strictInteger : 0)
                    return
                case .enumStrings:
                    hasStringEnum = true
                default:
                    break
                }
                let rank = FastLayout.rank(ins.op)
                if rank < lastRank { inOrder = false }
                lastRank = rank
                out.append(ins)
            }
            for pc in Int(range.start)..<Int(range.start + range.count) {
                let ins = code[pc]
                if ins.op == .ref, ins.flags & Instruction.track == 0, let body = spliceable(ins.a) {
                    for q in body { keep(code[q]) }
                } else {
                    keep(ins)
                }
            }
            // `enum` of strings only passes strings: a `type` that allows strings adds nothing.
            if hasStringEnum && type & TypeMask.string != 0 { type = 0 }
            if !inOrder {
                // Stable insertion sort by rank (blocks are short): equal ranks keep the schema's order.
                for n in (start + 1)..<out.count {
                    let ins = out[n]
                    let rank = FastLayout.rank(ins.op)
                    var m = n
                    while m > start && FastLayout.rank(out[m - 1].op) > rank {
                        out[m] = out[m - 1]
                        m -= 1
                    }
                    out[m] = ins
                }
            }
            let block = FastBlock(start: Int32(start), count: Int32(out.count - start), type: type)
            remember(range, block)
            return block
        }
    }
}
