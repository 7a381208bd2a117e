/// Builds a document tape node by node, with an explicit line/column per node.
/// Used by the YAML loaders; the JSON parser writes its tape directly for speed.
struct DocumentBuilder {
    private(set) var tape: UnsafeMutablePointer<TapeNode>
    private(set) var count = 0
    private var capacity: Int
    /// Scalar text that is not a slice of `input` (the document's `decoded` buffer): rebuilt
    /// YAML scalars, number literals, and every scalar when there is no `input`.
    var storage: [UInt8] = []
    var positions: [UInt64] = []
    /// The bytes being parsed, when the parser hands out slices of them (the fast YAML path):
    /// a string that is such a slice points into the input instead of being copied.
    private let input: UnsafePointer<UInt8>?
    private let inputCount: Int

    init(capacityHint: Int = 64, input: UnsafeBufferPointer<UInt8>? = nil) {
        capacity = max(16, capacityHint)
        tape = TapeMemory.allocate(capacity)
        self.input = input?.baseAddress
        inputCount = input?.count ?? 0
    }

    /// Frees the tape when building is abandoned (on error).
    func discard() { TapeMemory.release(tape) }

    /// The document. `input`: the whole input, which the builder's `input` is part of (the
    /// document keeps it for the strings that point into it); nil when there is none.
    /// What the parse reserved and did not use is given back first: a lint keeps every file's
    /// document to the end, and on DigitalOcean's 2,849 files the spare room was ~4 MB.
    mutating func finish(sourceName: String?, input whole: InputBytes?) -> JSONDocument {
        assert(input == nil || whole != nil, "strings point into an input the document would not keep")
        tape = TapeMemory.fitted(tape, count: count, capacity: capacity)
        return JSONDocument(
            tape: tape, nodeCount: count, storage: whole ?? InputBytes([]), decoded: storage.fitted(),
            positions: NodePositions(positions), sourceName: sourceName)
    }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        tape = TapeMemory.resize(tape, to: newCapacity)
        capacity = newCapacity
    }

    private mutating func push(_ node: TapeNode, line: Int, column: Int) {
        reserve(1)
        tape[count] = node
        count += 1
        positions.append(UInt64(line) << 32 | UInt64(UInt32(truncatingIfNeeded: column)))
    }

    mutating func addNull(line: Int, column: Int) {
        push(.scalar(.null, offset: 0), line: line, column: column)
    }

    mutating func addBool(_ value: Bool, line: Int, column: Int) {
        push(.scalar(value ? .true : .false, offset: 0), line: line, column: column)
    }

    mutating func addInt64(_ value: Int64, line: Int, column: Int) {
        push(.number(flags: TapeNode.flagInt64, offset: 0, bits: UInt64(bitPattern: value)), line: line, column: column)
    }

    mutating func addUInt64(_ value: UInt64, line: Int, column: Int) {
        push(.number(flags: TapeNode.flagUInt64, offset: 0, bits: value), line: line, column: column)
    }

    mutating func addDouble(_ value: Double, line: Int, column: Int) {
        push(.number(flags: TapeNode.flagDouble, offset: 0, bits: value.bitPattern), line: line, column: column)
    }

    /// A number kept as its literal text, which must follow JSON number syntax.
    mutating func addNumberLiteral<C: Collection>(_ text: C, isInteger: Bool, line: Int, column: Int)
    where C.Element == UInt8 {
        let start = storage.count
        storage.append(contentsOf: text)
        push(
            .scalar(
                .number, flags: TapeNode.flagDecoded | (isInteger ? TapeNode.flagIntegerLiteral : 0), offset: UInt32(start),
                a: UInt32(storage.count - start)),
            line: line, column: column)
    }

    mutating func addString<C: Collection>(_ bytes: C, line: Int, column: Int) where C.Element == UInt8 {
        if let done = bytes.withContiguousStorageIfAvailable({ buffer in
            addString(buffer, knownASCII: false, line: line, column: column)
        }) {
            return done
        }
        addString(Array(bytes), line: line, column: column)
    }

    /// A string from a buffer. `knownASCII`: the caller has seen every byte below 0x80 (the YAML
    /// scanner knows that for a whole input), so the bytes are not tested again.
    mutating func addString(_ bytes: UnsafeBufferPointer<UInt8>, knownASCII: Bool, line: Int, column: Int) {
        let ascii: UInt32 = knownASCII || isASCII(bytes) ? TapeNode.flagASCII : 0
        if let input, let first = bytes.baseAddress, first >= input, first + bytes.count <= input + inputCount {
            let start = UInt32(first - input)
            push(.scalar(.string, flags: ascii, offset: start, a: start, b: UInt32(bytes.count)), line: line, column: column)
            return
        }
        let start = UInt32(storage.count)
        storage.append(contentsOf: bytes)
        push(
            .scalar(.string, flags: ascii | TapeNode.flagDecoded, offset: start, a: start, b: UInt32(bytes.count)),
            line: line, column: column)
    }

    /// Opens an array or object; returns its tape index for ``close(_:count:)``.
    mutating func open(object: Bool, line: Int, column: Int) -> Int {
        let index = count
        push(.scalar(object ? .object : .array, offset: 0), line: line, column: column)
        return index
    }

    mutating func close(_ index: Int, count children: Int) {
        tape[index].a = UInt32(children)
        tape[index].b = UInt32(count)
    }

    /// Index just past the subtree at `index`.
    func next(_ index: Int) -> Int {
        switch tape[index].tag {
        case .array, .object: Int(tape[index].b)
        default: index + 1
        }
    }

    /// Appends a copy of the subtree at `index` (YAML aliases). Returns the number of nodes copied.
    @discardableResult
    mutating func copySubtree(at index: Int) -> Int {
        let end = next(index)
        let n = end - index
        reserve(n)
        let delta = count - index
        for k in 0..<n {
            var node = tape[index + k]
            if node.tag == .array || node.tag == .object { node.b = UInt32(Int(node.b) + delta) }
            tape[count] = node
            positions.append(positions[index + k])
            count += 1
        }
        return n
    }

    /// Snapshot of the nodes in `range`, for rebuilding a mapping after merge keys.
    func nodes(_ range: Range<Int>) -> [(TapeNode, UInt64)] {
        range.map { (tape[$0], positions[$0]) }
    }

    /// Drops every node from `index` on.
    mutating func truncate(to index: Int) {
        count = index
        positions.removeSubrange(index...)
    }

    /// Re-appends saved nodes whose original subtree started at `originalStart`.
    mutating func append(saved: ArraySlice<(TapeNode, UInt64)>, originalStart: Int) {
        reserve(saved.count)
        let delta = count - originalStart
        for (node, position) in saved {
            var node = node
            if node.tag == .array || node.tag == .object { node.b = UInt32(Int(node.b) + delta) }
            tape[count] = node
            positions.append(position)
            count += 1
        }
    }

    /// Appends the tape of a document's second part (`FastYAMLParser.parseContinuation`): its
    /// object nodes, one per entry of `indents`, hold entries that go on with the open block
    /// mapping of this tape indented by that much. The wrappers are dropped, their entries
    /// appended in order (which is document order: the open mappings are this tape's last
    /// nodes), and the mappings' counts and ends extended. The other part's nodes move by
    /// `lineOffset` lines, its strings that point into the input by `inputOffset` bytes (where
    /// its input starts in this one's), its other text into this storage. Returns false,
    /// changing nothing, when an indentation matches no open block mapping or the joined
    /// document would be nested deeper than `depthLimit`. The other builder is left as it was,
    /// for the caller to free (see `DiscardedBuilder`).
    mutating func join(
        _ other: DocumentBuilder, indents: [Int], lineOffset: Int, inputOffset: Int, deepest: Int, depthLimit: Int
    ) -> Bool {
        // The open block mappings, outermost first: from the root, each one's last value while
        // that is a non-empty block mapping. A block mapping starts where its first key does;
        // a flow mapping starts at its `{`.
        var open: [(index: Int, indent: Int)] = []
        var i = 0
        while i < count && tape[i].tag == .object && tape[i].a > 0 && positions[i] == positions[i + 1] {
            open.append((i, Int(positions[i] & 0xFFFF_FFFF) - 1))
            var member = i + 1
            var last = i
            for _ in 0..<tape[i].a {
                last = member + 1
                member = next(last)
            }
            i = last
        }
        // Each wrapper continues an open mapping, each one further out than the one before.
        var targets: [Int] = []
        var below = open.count
        for indent in indents {
            guard let n = open[..<below].lastIndex(where: { $0.indent == indent }) else { return false }
            targets.append(n)
            below = n
        }
        // The first wrapper stands for mapping `targets[0]`, at depth `targets[0] + 1`.
        guard let firstTarget = targets.first, firstTarget + deepest <= depthLimit else { return false }

        var wrappers: [Int] = []
        var w = 0
        for _ in indents {
            wrappers.append(w)
            w = Int(other.tape[w].b)
        }
        let textShift = UInt32(storage.count)
        let inputShift = UInt32(inputOffset)
        let lineShift = UInt64(lineOffset) << 32
        let base = count
        reserve(other.count - indents.count)
        positions.reserveCapacity(count + other.count)
        var ends: [Int] = []
        for (s, wrapper) in wrappers.enumerated() {
            let end = Int(other.tape[wrapper].b)
            let shift = base - (s + 1)
            let from = other.tape + wrapper + 1
            let to = tape + count
            let n = end - wrapper - 1
            let nodeShift = UInt32(truncatingIfNeeded: shift)
            for k in 0..<n {
                var node = from[k]
                switch node.tag {
                case .string:
                    let shift = node.has(TapeNode.flagDecoded) ? textShift : inputShift
                    node.offset &+= shift
                    node.a &+= shift
                case .number where node.has(TapeNode.flagDecoded):
                    node.offset &+= textShift
                case .array, .object:
                    node.b &+= nodeShift
                default:
                    break
                }
                to[k] = node
            }
            count += n
            let firstPosition = positions.count
            positions.append(contentsOf: other.positions[(wrapper + 1)..<end])
            positions.withUnsafeMutableBufferPointer { all in
                for k in firstPosition..<all.count { all[k] &+= lineShift }
            }
            ends.append(end + shift)
            tape[open[targets[s]].index].a &+= other.tape[wrapper].a
        }
        // A mapping now ends after the last wrapper that continued it or one inside it.
        for (n, mapping) in open.enumerated() {
            if let s = targets.lastIndex(where: { $0 >= n }) { tape[mapping.index].b = UInt32(ends[s]) }
        }
        storage.append(contentsOf: other.storage)
        return true
    }

    /// Makes room for `nodes` more nodes and `text` more bytes of storage, and touches that room
    /// now, a page fault per 4 KiB. The first part of a two-part parse calls this while it waits
    /// for the second (whose size it estimates), so that `join` copies into memory that is
    /// already mapped: page faults cost ~2.5 µs each on the test machine, and the join is on
    /// the critical path while the wait is not.
    mutating func prefault(nodes: Int, text: Int) {
        reserve(nodes)
        let room = UnsafeMutableRawPointer(tape + count)
        for offset in stride(from: 0, to: nodes * MemoryLayout<TapeNode>.stride, by: 4096) {
            room.storeBytes(of: 0, toByteOffset: offset, as: UInt8.self)
        }
        // The arrays' spare capacity is only reachable by appending: append zeros and drop them
        // again (`removeLast` keeps the capacity).
        positions.append(contentsOf: repeatElement(0, count: nodes))
        positions.removeLast(nodes)
        storage.append(contentsOf: repeatElement(0, count: text))
        storage.removeLast(text)
    }

    func stringBytes(at index: Int) -> ArraySlice<UInt8> {
        let node = tape[index]
        return storage[Int(node.a)..<Int(node.a + node.b)]
    }
}
