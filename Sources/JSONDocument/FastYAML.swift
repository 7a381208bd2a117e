// A hand-written YAML scanner for the subset that API descriptions are written in: block
// mappings and sequences, plain / quoted / block scalars, flow collections and comments.
// It walks the UTF-8 bytes once and drives DocumentBuilder directly, making the same builder
// calls, with the same positions, as the libyaml path (YAMLLoader) makes for the same input.
//
// Whatever it does not handle (anchors, aliases, tags, explicit keys, directives, several
// documents, tabs as indentation, ...) and every syntax error make it give up: the caller then
// runs libyaml, which stays the reference for errors and the rarer features. Giving up costs
// at most the work done so far: nothing is retried.

import CByteScan

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension JSONDocument {
    /// How the fast path divides its input between threads.
    enum YAMLSplit {
        /// Two parts when the input is large enough and a cut point is found (`parseYAML`).
        case automatic
        /// One piece, on the calling thread.
        case none
    }

    static func parseYAMLFast(
        _ bytes: [UInt8], options: YAMLLoadOptions = .default, sourceName: String? = nil, split: YAMLSplit = .automatic
    ) -> JSONDocument? {
        parseYAMLFast(InputBytes(bytes), options: options, sourceName: sourceName, split: split)
    }

    /// The fast path on its own: the document, or nil when the input is outside the supported
    /// subset or not valid YAML (``parseYAML(_:options:sourceName:)`` then falls back to libyaml).
    static func parseYAMLFast(
        _ bytes: InputBytes, options: YAMLLoadOptions = .default, sourceName: String? = nil, split: YAMLSplit = .automatic
    ) -> JSONDocument? {
        bytes.withUnsafeBufferPointer { buffer -> JSONDocument? in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return nil }
            var cut: Int?
            if case .automatic = split, buffer.count >= FastYAMLParser.splitMinimum {
                cut = FastYAMLParser.splitPoint(base, count: buffer.count)
            }
            // Parts that do not join up are parsed again in one piece (which gives up, or not, on
            // its own terms): the parts never decide what the document is.
            if let cut, var joined = FastYAMLParser.parseInTwoParts(base, count: buffer.count, split: cut, maxDepth: options.maxDepth) {
                return joined.finish(sourceName: sourceName, input: bytes)
            }
            var parser = FastYAMLParser(
                base: base, count: buffer.count, maxDepth: options.maxDepth, capacityHint: buffer.count / 16)
            do {
                try parser.parseStream()
            } catch {
                parser.builder.discard()
                return nil
            }
            return parser.builder.finish(sourceName: sourceName, input: bytes)
        }
    }
}

/// A builder whose nodes were copied elsewhere: its tape is freed with it.
final class DiscardedBuilder {
    let builder: DocumentBuilder
    init(_ builder: DocumentBuilder) { self.builder = builder }
    deinit { builder.discard() }
}

/// Thrown inside the fast parser when the input leaves the supported subset (or is invalid).
struct FastYAMLUnsupported: Error {}

// MARK: Two parts in parallel

extension FastYAMLParser {
    /// Inputs this long are parsed as two parts on two threads.
    static let splitMinimum = 128 << 10

    /// Where to cut a large input in two: the start of the first line past the middle that
    /// holds a mapping key indented by at most four spaces (`key:` or `key: value`), the kind
    /// of line that goes on with a mapping the first part leaves open. Nil when none is found
    /// before three quarters of the input.
    static func splitPoint(_ base: UnsafePointer<UInt8>, count: Int) -> Int? {
        var q = count / 2
        let limit = count - count / 4
        while q < limit {
            guard let found = memchr(base + q, Int32(Byte.newline), limit - q) else { return nil }
            let start = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
            q = start
            var k = start
            while k < count && base[k] == Byte.space && k - start <= 4 { k += 1 }
            guard k < count, k - start <= 4 else { continue }
            let b = base[k]
            let keyLike =
                (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= Byte.zero && b <= Byte.nine)
                || b == 0x5F || b == Byte.slash || b == 0x24
            guard keyLike else { continue }
            // A `:` that ends the key (followed by a blank or the line end) must be on the line.
            while k < count && base[k] != Byte.newline && base[k] != Byte.cr {
                if base[k] == Byte.colon && (k + 1 == count || isBlankOrEnd(base[k + 1])) { return start }
                k += 1
            }
        }
        return nil
    }

    /// Parses `[0, split)` here and `[split, count)` on another thread, then joins the two tapes.
    /// Nil when either part is outside the fast subset or the second does not continue the
    /// first as the whole input would be read (the caller then parses it in one piece).
    static func parseInTwoParts(_ base: UnsafePointer<UInt8>, count: Int, split: Int, maxDepth: Int) -> DocumentBuilder? {
        let second = BackgroundTask(stackSize: 16 << 20) { () -> (builder: DocumentBuilder, indents: [Int], deepest: Int)? in
            var parser = FastYAMLParser(
                base: base + split, count: count - split, maxDepth: maxDepth, capacityHint: (count - split) / 16)
            do {
                let indents = try parser.parseContinuation()
                return (parser.builder, indents, parser.deepest)
            } catch {
                parser.builder.discard()
                return nil
            }
        }
        // The first part's builder receives the joined tape: room for all of it from the start.
        var first = FastYAMLParser(base: base, count: split, maxDepth: maxDepth, capacityHint: count / 16, storage: count / 2)
        var firstParsed = true
        do { try first.parseStream() } catch { firstParsed = false }
        if firstParsed {
            // The second part usually ends later (it starts later, and the components at the end
            // of a description hold more nodes per byte): meanwhile, map the memory the join will
            // copy it into, for about as many nodes and bytes per input byte as the first part had.
            let scale = Double(count - split) / Double(max(split, 1)) * 1.1
            first.builder.prefault(
                nodes: Int(Double(first.builder.count) * scale), text: Int(Double(first.builder.storage.count) * scale))
        }
        let continuation = second.wait()
        guard firstParsed, !first.endMarker, !first.blockScalarAtEnd, let continuation else {
            first.builder.discard()
            continuation?.builder.discard()
            return nil
        }
        let (lineOffset, depthLimit) = (first.line - 1, first.depthLimit)
        // Moved out, not copied: while `first` shares the arrays, the join's appends would copy
        // them whole into new (unmapped) memory.
        var joined = first.builder
        first.builder.positions = []
        first.builder.storage = []
        // Every line break goes through `consumeBreak`, and the first part was read to its end.
        guard
            joined.join(
                continuation.builder, indents: continuation.indents, lineOffset: lineOffset, inputOffset: split,
                deepest: continuation.deepest, depthLimit: depthLimit)
        else {
            joined.discard()
            continuation.builder.discard()
            return nil
        }
        // Unmapping the second part's buffers takes about a millisecond: not on the way to the document.
        dropInBackground(DiscardedBuilder(continuation.builder))
        return joined
    }
}

/// Byte values the scanner tests for.
private enum Byte {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22  // "
    static let hash: UInt8 = 0x23  // #
    static let percent: UInt8 = 0x25
    static let ampersand: UInt8 = 0x26
    static let apostrophe: UInt8 = 0x27  // '
    static let asterisk: UInt8 = 0x2A
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let less: UInt8 = 0x3C
    static let greater: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let backtick: UInt8 = 0x60
    static let openBrace: UInt8 = 0x7B
    static let pipe: UInt8 = 0x7C
    static let closeBrace: UInt8 = 0x7D
    static let exclamation: UInt8 = 0x21
}

struct FastYAMLParser {
    typealias Unsupported = FastYAMLUnsupported

    /// The input; `at(_:)` reads it with a 0 past the end (NUL never occurs inside: `validate`).
    let base: UnsafePointer<UInt8>
    let end: Int
    /// Cursor, current line (1-based) and where that line starts.
    var p = 0
    var line = 1
    var lineStart = 0
    /// No byte ≥ 0x80 after the BOM: columns are byte distances.
    var ascii = true
    /// No CR in the input: every line ends at an LF, which `memchr` finds.
    var lfOnly = true
    /// Last column computed on a non-ASCII input, so a line is counted through at most once.
    var columnLine = 0
    var columnOffset = 0
    var columnValue = 1

    var builder: DocumentBuilder
    /// Text of scalars that are not a verbatim slice of the input (folded, escaped).
    var scratch: [UInt8] = []
    /// Open collections, and the most the fast path opens (libyaml's path reports the
    /// depth error; the fast path also bounds its own recursion).
    var depth = 0
    let depthLimit: Int
    /// The most collections open at once (a continuation part's depth is checked after joining).
    var deepest = 0
    /// The document ended with a `...` marker (a first part must not: more follows it).
    var endMarker = false
    /// A block scalar ran to the end of the input. At the end of a first part, its content may
    /// go on in the second (where indented `#` lines look like comments), and a keep-chomping
    /// one (`|+`) keeps line breaks that lie past the cut.
    var blockScalarAtEnd = false

    /// `capacityHint`: nodes to make room for; `storage`: scalar bytes (default: `count`).
    init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int, capacityHint: Int, storage: Int? = nil) {
        self.base = base
        self.end = count
        self.depthLimit = min(maxDepth, 128)
        // Strings that are slices of the input point into it; the rest is copied.
        self.builder = DocumentBuilder(capacityHint: capacityHint, input: UnsafeBufferPointer(start: base, count: count))
        // Rebuilt text (block scalars, mostly) was 1/3 of a large description's bytes: reserve
        // more than that, so the text is not copied as it grows (untouched pages cost nothing).
        builder.storage.reserveCapacity(storage ?? count / 2)
        builder.positions.reserveCapacity(capacityHint)
    }

    /// A scalar's text: a range of the input, or the scratch buffer.
    struct Text {
        var start: Int
        var end: Int
        var inScratch: Bool
    }

    /// Why a line of a plain scalar stopped.
    enum PlainStop {
        /// At a line break or the end of the input (the cursor is on it).
        case lineEnd
        /// At a `#` that starts a comment.
        case comment
        /// At a `:` followed by a blank or a line end: a mapping key ended.
        case colon
        /// At a flow indicator `,[]{}` (flow context only).
        case flowIndicator
    }

    /// Where a block node starts, which decides what it may be.
    enum Place {
        /// First thing on its line.
        case lineStart
        /// After `- ` on the same line: compact sequences and mappings allowed.
        case afterDash
        /// After `key: ` on the same line: no block collection may start here.
        case afterKey
    }

    // MARK: Low-level reading

    @inline(__always) func at(_ i: Int) -> UInt8 { i < end ? base[i] : 0 }

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == Byte.space || b == Byte.tab }
    @inline(__always) static func isBreak(_ b: UInt8) -> Bool { b == Byte.newline || b == Byte.cr }
    /// Line break or end of input.
    @inline(__always) static func isBreakOrEnd(_ b: UInt8) -> Bool {
        b == Byte.newline || b == Byte.cr || b == 0
    }
    /// libyaml's "blank, break or end".
    @inline(__always) static func isBlankOrEnd(_ b: UInt8) -> Bool { isBlank(b) || isBreakOrEnd(b) }
    @inline(__always) static func isFlowIndicator(_ b: UInt8) -> Bool {
        b == Byte.comma || b == Byte.openBracket || b == Byte.closeBracket || b == Byte.openBrace
            || b == Byte.closeBrace
    }

    /// Can a plain scalar start with `b` (followed by `next`)? Stricter than YAML: `?x` and `:x`
    /// are left to libyaml.
    @inline(__always) static func canStartPlain(_ b: UInt8, next: UInt8) -> Bool {
        switch b {
        case 0, Byte.space, Byte.tab, Byte.newline, Byte.cr,
            Byte.question, Byte.colon, Byte.comma, Byte.openBracket, Byte.closeBracket, Byte.openBrace,
            Byte.closeBrace, Byte.hash, Byte.ampersand, Byte.asterisk, Byte.exclamation, Byte.pipe,
            Byte.greater, Byte.apostrophe, Byte.quote, Byte.percent, Byte.at, Byte.backtick:
            return false
        case Byte.minus:
            return !isBlankOrEnd(next)
        default:
            return true
        }
    }

    /// 1-based column of byte `q` on the current line, counted in Unicode scalars as libyaml does.
    @inline(__always) mutating func column(of q: Int) -> Int {
        if ascii { return q - lineStart + 1 }
        return countedColumn(of: q)
    }

    mutating func countedColumn(of q: Int) -> Int {
        if columnLine != line || q < columnOffset {
            columnLine = line
            columnOffset = lineStart
            columnValue = 1
        }
        var i = columnOffset
        var c = columnValue
        while i < q {
            if base[i] & 0xC0 != 0x80 { c &+= 1 }
            i &+= 1
        }
        columnOffset = q
        columnValue = c
        return c
    }

    /// Consumes the line break at the cursor (CR LF, CR or LF).
    @inline(__always) mutating func consumeBreak() {
        if base[p] == Byte.cr, at(p + 1) == Byte.newline { p += 2 } else { p += 1 }
        line += 1
        lineStart = p
    }

    /// Offset of the line break (or the end) at or after `i`.
    @inline(__always) func lineEnd(from i: Int) -> Int {
        guard i < end else { return end }
        if lfOnly {
            guard let found = memchr(base + i, Int32(Byte.newline), end - i) else { return end }
            return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
        }
        var q = i
        while !Self.isBreakOrEnd(at(q)) { q &+= 1 }
        return q
    }

    /// The first offset at or after `i`, and before `limit`, that is not a space. Indentation
    /// runs are long in nested documents, so this compares eight bytes at a time.
    @inline(__always) func skipSpaces(from i: Int, limit: Int = .max) -> Int {
        var q = i
        let stop = Swift.min(limit, end)
        while stop - q >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + q).loadUnaligned(as: UInt64.self))
            let x = word ^ 0x2020_2020_2020_2020
            if x != 0 { return q &+ x.trailingZeroBitCount &>> 3 }
            q &+= 8
        }
        while q < stop && base[q] == Byte.space { q &+= 1 }
        return q
    }

    /// Skips the rest of the line and its break.
    mutating func skipLine() {
        p = lineEnd(from: p)
        if p < end { consumeBreak() }
    }

    /// `---` or `...` followed by a blank or line end, at `q` (callers check it is column 0).
    func isDocumentMarker(_ q: Int) -> Bool {
        let b = at(q)
        return (b == Byte.minus || b == Byte.dot) && at(q + 1) == b && at(q + 2) == b && Self.isBlankOrEnd(at(q + 3))
    }

    /// From the start of a line: skips empty and comment-only lines. Returns the indentation of
    /// the next line with content, the cursor on its first character, or nil at the end.
    mutating func skipToContent() throws(Unsupported) -> Int? {
        while true {
            let q = skipSpaces(from: p)
            let b = at(q)
            p = q
            if Self.isBreak(b) {
                consumeBreak()
            } else if b == Byte.hash {
                skipLine()
            } else if b == Byte.tab {
                throw Unsupported()
            } else if q >= end {
                return nil
            } else {
                // Indentation is spaces: seed the column count past it.
                columnLine = line
                columnOffset = q
                columnValue = q - lineStart + 1
                return q - lineStart
            }
        }
    }

    /// After a value that ended mid-line: only blanks and a comment may follow on the line.
    mutating func finishLine() throws(Unsupported) {
        let start = p
        while Self.isBlank(at(p)) { p += 1 }
        let b = at(p)
        if b == Byte.hash {
            // libyaml also takes `"a"#b` as a comment; leave that oddity to it.
            guard p > start else { throw Unsupported() }
            skipLine()
            return
        }
        guard Self.isBreakOrEnd(b) else { throw Unsupported() }
        if p < end { consumeBreak() }
    }

    mutating func enter() throws(Unsupported) {
        guard depth < depthLimit else { throw Unsupported() }
        depth += 1
        if depth > deepest { deepest = depth }
    }

    // MARK: Emitting

    // Slices of an all-ASCII input are ASCII; scratch text may hold escaped characters.
    mutating func addString(_ text: Text, line: Int, column: Int) {
        if text.inScratch {
            builder.addString(scratch, line: line, column: column)
        } else {
            builder.addString(
                UnsafeBufferPointer(start: base + text.start, count: text.end - text.start), knownASCII: ascii,
                line: line, column: column)
        }
    }

    mutating func addPlain(_ text: Text, line: Int, column: Int) {
        if text.inScratch {
            let bytes = scratch
            bytes.withUnsafeBufferPointer { builder.addPlainScalar($0, line: line, column: column) }
        } else {
            builder.addPlainScalar(
                UnsafeBufferPointer(start: base + text.start, count: text.end - text.start), knownASCII: ascii,
                line: line, column: column)
        }
    }

    @inline(__always) mutating func appendInput(_ from: Int, _ to: Int) {
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + from, count: to - from))
    }

    @inline(__always) mutating func appendNewlines(_ n: Int) {
        for _ in 0..<n { scratch.append(Byte.newline) }
    }

    // MARK: Stream and document

    mutating func parseStream() throws(Unsupported) {
        try validate()
        guard var indent = try skipToContent() else { throw Unsupported() }  // empty stream: libyaml's error
        if indent == 0 {
            let b = base[p]
            if b == Byte.percent { throw Unsupported() }
            if isDocumentMarker(p) {
                guard b == Byte.minus else { throw Unsupported() }
                p += 3
                // Content on the `---` line itself is left to libyaml.
                try finishLine()
                guard let next = try skipToContent() else { throw Unsupported() }
                indent = next
                if indent == 0 && (isDocumentMarker(p) || base[p] == Byte.percent) { throw Unsupported() }
            }
        }
        try parseBlockNode(parent: -1, column: indent, place: .lineStart)
        if let next = try skipToContent() {
            // Only a `...` end marker may follow, then nothing but comments.
            guard next == 0, isDocumentMarker(p), base[p] == Byte.dot else { throw Unsupported() }
            p += 3
            endMarker = true
            try finishLine()
            guard try skipToContent() == nil else { throw Unsupported() }
        }
    }

    /// The second part of a document split at the start of a line (`parseInTwoParts`): block
    /// mappings that go on with mappings the first part left open, each less indented than the
    /// one before. Each becomes one object node, a wrapper the join drops. Returns their
    /// indentations.
    mutating func parseContinuation() throws(Unsupported) -> [Int] {
        try validate()
        var indents: [Int] = []
        while let indent = try skipToContent() {
            if indent == 0 && isDocumentMarker(p) {
                // `...` ends the document; `---` starts another, which is libyaml's business.
                guard base[p] == Byte.dot, !indents.isEmpty else { throw Unsupported() }
                p += 3
                try finishLine()
                guard try skipToContent() == nil else { throw Unsupported() }
                break
            }
            if let last = indents.last, indent >= last { throw Unsupported() }
            try parseBlockMapping(column: indent)
            indents.append(indent)
        }
        guard !indents.isEmpty else { throw Unsupported() }
        return indents
    }

    /// Input libyaml would reject or read differently: invalid UTF-8, control characters, the
    /// YAML 1.1 line breaks NEL/LS/PS, a BOM past the start. Skips a leading BOM.
    mutating func validate() throws(Unsupported) {
        var i = 0
        if end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF {
            i = 3
            p = 3
            lineStart = 3
        }
        while i < end {
            // Printable ASCII and LF, the bulk of a description, in vector-sized steps.
            i &+= oav_printable_ascii_prefix(base + i, end &- i)
            guard i < end else { break }
            let b = base[i]
            if b &- Byte.space < 0x5F || b == Byte.newline || b == Byte.cr || b == Byte.tab {
                if b == Byte.cr { lfOnly = false }
                i &+= 1
                continue
            }
            guard b >= 0x80 else { throw Unsupported() }
            ascii = false
            @inline(__always) func continuation(_ k: Int) -> UInt32? {
                guard k < end, base[k] & 0xC0 == 0x80 else { return nil }
                return UInt32(base[k] & 0x3F)
            }
            if b >= 0xC2 && b <= 0xDF {
                guard let c1 = continuation(i + 1) else { throw Unsupported() }
                // U+0080…U+009F: C1 controls, NEL among them.
                guard UInt32(b & 0x1F) << 6 | c1 >= 0xA0 else { throw Unsupported() }
                i += 2
            } else if b >= 0xE0 && b <= 0xEF {
                guard let c1 = continuation(i + 1), let c2 = continuation(i + 2) else { throw Unsupported() }
                let scalar = UInt32(b & 0x0F) << 12 | c1 << 6 | c2
                guard scalar >= 0x800, !(0xD800...0xDFFF).contains(scalar), scalar != 0x2028, scalar != 0x2029,
                    scalar != 0xFEFF, scalar < 0xFFFE
                else { throw Unsupported() }
                i += 3
            } else if b >= 0xF0 && b <= 0xF4 {
                guard let c1 = continuation(i + 1), let c2 = continuation(i + 2), let c3 = continuation(i + 3) else {
                    throw Unsupported()
                }
                let scalar = UInt32(b & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
                guard scalar >= 0x10000 && scalar <= 0x10FFFF else { throw Unsupported() }
                i += 4
            } else {
                throw Unsupported()
            }
        }
    }

    // MARK: Block context

    /// Parses the block node at the cursor (its first character, at `column`). `parent` is the
    /// indentation of the enclosing block collection (-1 at the root). Returns with the cursor
    /// at the start of a line, or at the end.
    mutating func parseBlockNode(parent: Int, column: Int, place: Place) throws(Unsupported) {
        let b = at(p)
        switch b {
        case Byte.minus where Self.isBlankOrEnd(at(p + 1)):
            guard place != .afterKey else { throw Unsupported() }
            try parseBlockSequence(column: column)
        case Byte.quote, Byte.apostrophe:
            let start = p
            let startLine = line
            let startColumn = self.column(of: p)
            let text = try scanQuoted()
            var q = p
            while at(q) == Byte.space { q += 1 }
            if at(q) == Byte.colon && Self.isBlankOrEnd(at(q + 1)) {
                // A quoted mapping key; keys never span lines.
                guard place != .afterKey, line == startLine else { throw Unsupported() }
                p = start
                try parseBlockMapping(column: column)
                return
            }
            addString(text, line: startLine, column: startColumn)
            try finishLine()
        case Byte.openBracket, Byte.openBrace:
            try parseFlowCollection()
            // `[a]: b` (a complex key) or trailing text: libyaml's business.
            try finishLine()
        case Byte.pipe, Byte.greater:
            try parseBlockScalar(parent: parent)
        default:
            guard Self.canStartPlain(b, next: at(p + 1)) else { throw Unsupported() }
            let start = p
            let (firstEnd, stop) = scanPlainLine()
            if stop == .colon {
                guard place != .afterKey else { throw Unsupported() }
                p = start
                try parseBlockMapping(column: column)
                return
            }
            let startLine = line
            let startColumn = self.column(of: start)
            let text = try continuePlain(start: start, firstEnd: firstEnd, stop: stop, minIndent: parent + 1)
            addPlain(text, line: startLine, column: startColumn)
        }
    }

    /// A block mapping whose first key is at the cursor, at indentation `m`.
    mutating func parseBlockMapping(column m: Int) throws(Unsupported) {
        try enter()
        let index = builder.open(object: true, line: line, column: column(of: p))
        var count = 0
        while true {
            let keyStart = p
            let entryStart = p
            let keyLine = line
            let keyColumn = column(of: p)
            let key: Text
            let b = base[p]
            if b == Byte.quote || b == Byte.apostrophe {
                key = try scanQuoted()
                guard line == keyLine else { throw Unsupported() }
                while at(p) == Byte.space { p += 1 }
                guard at(p) == Byte.colon && Self.isBlankOrEnd(at(p + 1)) else { throw Unsupported() }
            } else {
                guard Self.canStartPlain(b, next: at(p + 1)) else { throw Unsupported() }
                let (keyEnd, stop) = scanPlainLine()
                guard stop == .colon else { throw Unsupported() }
                // A plain `<<` is a merge key: libyaml's path handles merges.
                if keyEnd - keyStart == 2 && base[keyStart] == Byte.less && base[keyStart + 1] == Byte.less {
                    throw Unsupported()
                }
                key = Text(start: keyStart, end: keyEnd, inScratch: false)
            }
            // libyaml drops simple keys longer than 1024 characters.
            guard p - keyStart <= 1000 else { throw Unsupported() }
            addString(key, line: keyLine, column: keyColumn)
            p += 1  // the ':'
            let colonEnd = p
            while at(p) == Byte.space { p += 1 }
            let v = at(p)
            if v == Byte.hash || Self.isBreakOrEnd(v) {
                // Nothing more on this line: the value is below, or empty (null, positioned
                // just after the ':' as libyaml does).
                let emptyLine = line
                let emptyColumn = column(of: colonEnd)
                skipLine()
                if let indent = try skipToContent() {
                    if indent > m {
                        try parseBlockNode(parent: m, column: indent, place: .lineStart)
                    } else if indent == m && base[p] == Byte.minus && Self.isBlankOrEnd(at(p + 1)) {
                        // A sequence may sit at the key's own indentation.
                        try parseBlockSequence(column: m)
                    } else {
                        builder.addNull(line: emptyLine, column: emptyColumn)
                        p = lineStart
                    }
                } else {
                    builder.addNull(line: emptyLine, column: emptyColumn)
                }
            } else {
                try parseBlockNode(parent: m, column: p - lineStart, place: .afterKey)
            }
            count += 1
            guard let indent = try skipToContent() else { break }
            // Every entry consumes input; a bug here must not become an endless loop.
            guard p > entryStart else { throw Unsupported() }
            // A less indented line, or a document marker, ends the mapping.
            if indent < m || (indent == 0 && isDocumentMarker(p)) {
                p = lineStart
                break
            }
            guard indent == m else { throw Unsupported() }
        }
        builder.close(index, count: count)
        depth -= 1
    }

    /// A block sequence whose first `-` is at the cursor, at indentation `c`.
    mutating func parseBlockSequence(column c: Int) throws(Unsupported) {
        try enter()
        let index = builder.open(object: false, line: line, column: column(of: p))
        var count = 0
        while true {
            let entryStart = p
            p += 1  // the '-'
            let dashEnd = p
            while at(p) == Byte.space { p += 1 }
            let b = at(p)
            if b == Byte.hash || Self.isBreakOrEnd(b) {
                let emptyLine = line
                let emptyColumn = column(of: dashEnd)
                skipLine()
                if let indent = try skipToContent(), indent > c {
                    try parseBlockNode(parent: c, column: indent, place: .lineStart)
                } else {
                    // An empty entry: null just after the '-'.
                    builder.addNull(line: emptyLine, column: emptyColumn)
                    if p < end { p = lineStart }
                }
            } else {
                // The line so far is indentation and dashes: byte and character columns agree.
                try parseBlockNode(parent: c, column: p - lineStart, place: .afterDash)
            }
            count += 1
            guard let indent = try skipToContent() else { break }
            guard p > entryStart, indent <= c else { throw Unsupported() }
            if indent < c || !(base[p] == Byte.minus && Self.isBlankOrEnd(at(p + 1))) {
                p = lineStart
                break
            }
        }
        builder.close(index, count: count)
        depth -= 1
    }

    /// One line of a plain scalar from the cursor (block context). Returns where its text ends
    /// (trailing blanks excluded) and why it stopped; the cursor is left on the stop.
    ///
    /// A vector scan finds the next `:`, `#` or line end; blanks only end the scalar before one
    /// of these (`: `, ` #`), so the text end is found by stepping back over them from the stop.
    @inline(__always)
    mutating func scanPlainLine() -> (end: Int, stop: PlainStop) {
        let start = p
        var q = p
        while true {
            q += oav_yaml_plain_stop(base + q, end - q)
            var stop = PlainStop.lineEnd
            if q < end {
                let b = base[q]
                if b == Byte.colon {
                    guard Self.isBlankOrEnd(at(q + 1)) else {
                        q &+= 1
                        continue
                    }
                    stop = .colon
                } else if b == Byte.hash {
                    // A comment starts only after a blank (the scalar's first byte is never `#`).
                    guard q > start, Self.isBlank(base[q - 1]) else {
                        q &+= 1
                        continue
                    }
                    stop = .comment
                }
            }
            p = q
            var textEnd = q
            while textEnd > start && Self.isBlank(base[textEnd - 1]) { textEnd -= 1 }
            return (textEnd, stop)
        }
    }

    /// Blanks inside a plain scalar starting at `q`: they end it (stop non-nil, `next` is where
    /// the cursor goes) when a comment, a line end, a `: ` or (flow) a flow indicator follows;
    /// otherwise the scalar goes on at `next`.
    @inline(__always)
    func blankRun(at q: Int, flow: Bool) -> (next: Int, stop: PlainStop?) {
        var r = q + 1
        while Self.isBlank(at(r)) { r += 1 }
        let c = at(r)
        if c == Byte.hash { return (r, .comment) }
        if Self.isBreakOrEnd(c) { return (r, .lineEnd) }
        if c == Byte.colon && Self.isBlankOrEnd(at(r + 1)) { return (r, .colon) }
        if flow && Self.isFlowIndicator(c) { return (r, .flowIndicator) }
        return (r, nil)
    }

    /// Continues a block plain scalar over the following lines (folded: one break becomes a
    /// space, n + 1 breaks become n newlines). Lines indented less than `minIndent`, comment
    /// lines and document markers end it. Returns with the cursor at the start of a line.
    mutating func continuePlain(start: Int, firstEnd: Int, stop firstStop: PlainStop, minIndent: Int)
        throws(Unsupported) -> Text
    {
        var text = Text(start: start, end: firstEnd, inScratch: false)
        var stop = firstStop
        while true {
            switch stop {
            case .comment:
                skipLine()
                return text
            case .colon, .flowIndicator:
                // A multi-line key, or `a: b: c`: errors for libyaml.
                throw Unsupported()
            case .lineEnd:
                break
            }
            guard p < end else { return text }
            consumeBreak()
            let breaks = try skipEmptyLines()
            guard p < end else { return text }
            let indent = p - lineStart
            if indent < minIndent || base[p] == Byte.hash || (indent == 0 && isDocumentMarker(p)) {
                p = lineStart
                return text
            }
            if !text.inScratch {
                scratch.removeAll(keepingCapacity: true)
                appendInput(text.start, text.end)
                text.inScratch = true
            }
            if breaks == 0 { scratch.append(Byte.space) } else { appendNewlines(breaks) }
            let segment = p
            let (segmentEnd, next) = scanPlainLine()
            appendInput(segment, segmentEnd)
            stop = next
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar at the cursor, as libyaml reads it.
    mutating func parseBlockScalar(parent n: Int) throws(Unsupported) {
        let startLine = line
        let startColumn = column(of: p)
        let literal = base[p] == Byte.pipe
        p += 1
        var chomping = 0  // -1 strip, 0 clip, 1 keep
        var increment = 0
        for _ in 0..<2 {
            let b = at(p)
            if (b == Byte.plus || b == Byte.minus) && chomping == 0 {
                chomping = b == Byte.plus ? 1 : -1
                p += 1
            } else if b > Byte.zero && b <= Byte.nine && increment == 0 {
                increment = Int(b - Byte.zero)
                p += 1
            } else {
                break
            }
        }
        let afterIndicators = p
        while at(p) == Byte.space { p += 1 }
        if at(p) == Byte.hash {
            guard p > afterIndicators else { throw Unsupported() }
            while !Self.isBreakOrEnd(at(p)) { p += 1 }
        }
        guard Self.isBreakOrEnd(at(p)) else { throw Unsupported() }
        if p < end { consumeBreak() }

        // libyaml: an explicit indentation counts from the enclosing block's indentation.
        var indent = increment > 0 ? (n >= 0 ? n + increment : increment) : 0
        var trailingBreaks = 0
        scratch.removeAll(keepingCapacity: true)
        try blockScalarBreaks(indent: &indent, trailingBreaks: &trailingBreaks, parent: n)
        var leadingBreak = false
        var leadingBlank = false
        while p - lineStart == indent && p < end {
            let trailingBlank = Self.isBlank(base[p])
            if !literal && leadingBreak && !leadingBlank && !trailingBlank {
                // Folding: a single break between two normal lines becomes a space.
                if trailingBreaks == 0 { scratch.append(Byte.space) }
            } else if leadingBreak {
                scratch.append(Byte.newline)
            }
            leadingBreak = false
            appendNewlines(trailingBreaks)
            trailingBreaks = 0
            leadingBlank = trailingBlank
            let contentStart = p
            p = lineEnd(from: p)
            appendInput(contentStart, p)
            if p < end {
                consumeBreak()
                leadingBreak = true
            }
            try blockScalarBreaks(indent: &indent, trailingBreaks: &trailingBreaks, parent: n)
        }
        if chomping != -1 && leadingBreak { scratch.append(Byte.newline) }
        if chomping == 1 { appendNewlines(trailingBreaks) }
        if p >= end { blockScalarAtEnd = true }
        builder.addString(scratch, line: startLine, column: startColumn)
        // The cursor sits after the indentation of a less indented line: rewind to its start.
        if p < end { p = lineStart }
    }

    /// Indentation and empty lines before a block scalar line; detects the indentation when
    /// not yet known (the deepest of the leading empty lines and the first content line).
    mutating func blockScalarBreaks(indent: inout Int, trailingBreaks: inout Int, parent n: Int)
        throws(Unsupported)
    {
        var maxIndent = 0
        while true {
            p = skipSpaces(from: p, limit: indent == 0 ? .max : lineStart + indent)
            let column = p - lineStart
            if column > maxIndent { maxIndent = column }
            let b = at(p)
            if (indent == 0 || column < indent) && b == Byte.tab { throw Unsupported() }
            guard Self.isBreak(b) else { break }
            consumeBreak()
            trailingBreaks += 1
        }
        if indent == 0 { indent = max(maxIndent, n + 1, 1) }
    }

    // MARK: Quoted scalars

    /// A single- or double-quoted scalar at the cursor (on its opening quote). Leaves the
    /// cursor after the closing quote.
    mutating func scanQuoted() throws(Unsupported) -> Text {
        let quote = base[p]
        let single = quote == Byte.apostrophe
        p += 1
        let start = p
        // Common case: one line, nothing to unescape: the text is a slice of the input.
        var q = p
        while true {
            let b = at(q)
            if b == quote {
                if single && at(q + 1) == Byte.apostrophe { break }
                p = q + 1
                return Text(start: start, end: q, inScratch: false)
            }
            if (b == Byte.backslash && !single) || Self.isBreakOrEnd(b) { break }
            q &+= 1
        }
        scratch.removeAll(keepingCapacity: true)
        while true {
            if p == lineStart && isDocumentMarker(p) { throw Unsupported() }
            guard p < end else { throw Unsupported() }
            var leadingBlanks = false
            // Non-blank characters.
            while true {
                let b = at(p)
                if Self.isBlankOrEnd(b) { break }
                if single {
                    if b == Byte.apostrophe {
                        guard at(p + 1) == Byte.apostrophe else { break }
                        scratch.append(Byte.apostrophe)
                        p += 2
                        continue
                    }
                } else if b == Byte.quote {
                    break
                } else if b == Byte.backslash {
                    let e = at(p + 1)
                    if Self.isBreak(e) {
                        // An escaped line break: joins the lines without a space.
                        p += 1
                        consumeBreak()
                        leadingBlanks = true
                        break
                    }
                    p += 2
                    try appendEscape(e)
                    continue
                }
                scratch.append(b)
                p += 1
            }
            if at(p) == quote { break }
            // Blanks and line breaks: kept inside a line, folded across lines.
            let blanks = p
            var leadingBreak = false
            var trailingBreaks = 0
            while true {
                let b = at(p)
                if Self.isBlank(b) {
                    p += 1
                } else if Self.isBreak(b) {
                    if leadingBlanks {
                        trailingBreaks += 1
                    } else {
                        leadingBlanks = true
                        leadingBreak = true
                    }
                    consumeBreak()
                } else {
                    break
                }
            }
            if leadingBlanks {
                if leadingBreak && trailingBreaks == 0 {
                    scratch.append(Byte.space)
                } else {
                    appendNewlines(trailingBreaks)
                }
            } else {
                appendInput(blanks, p)
            }
        }
        p += 1
        return Text(start: 0, end: 0, inScratch: true)
    }

    /// The escape after a backslash in a double-quoted scalar (the cursor is past `e`).
    mutating func appendEscape(_ e: UInt8) throws(Unsupported) {
        switch e {
        case Byte.zero: scratch.append(0)
        case UInt8(ascii: "a"): scratch.append(0x07)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "t"), Byte.tab: scratch.append(0x09)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "v"): scratch.append(0x0B)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "e"): scratch.append(0x1B)
        case Byte.space, Byte.quote, Byte.slash, Byte.backslash: scratch.append(e)
        case UInt8(ascii: "N"): appendScalar(0x85)
        case UInt8(ascii: "_"): appendScalar(0xA0)
        case UInt8(ascii: "L"): appendScalar(0x2028)
        case UInt8(ascii: "P"): appendScalar(0x2029)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<digits {
                let h = at(p)
                let nibble: UInt8
                switch h {
                case Byte.zero...Byte.nine: nibble = h - Byte.zero
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = h - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = h - UInt8(ascii: "A") + 10
                default: throw Unsupported()
                }
                value = value << 4 | UInt32(nibble)
                p += 1
            }
            guard value < 0xD800 || (value > 0xDFFF && value <= 0x10FFFF) else { throw Unsupported() }
            appendScalar(value)
        default:
            throw Unsupported()
        }
    }

    /// Appends a Unicode scalar value as UTF-8.
    mutating func appendScalar(_ v: UInt32) {
        if v < 0x80 {
            scratch.append(UInt8(v))
        } else if v < 0x800 {
            scratch.append(UInt8(0xC0 | v >> 6))
            scratch.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            scratch.append(UInt8(0xE0 | v >> 12))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        } else {
            scratch.append(UInt8(0xF0 | v >> 18))
            scratch.append(UInt8(0x80 | v >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        }
    }

    // MARK: Flow context

    /// A flow sequence or mapping at the cursor (on `[` or `{`). Leaves the cursor after the
    /// closing bracket. Flow content may span lines at any indentation, as in libyaml.
    mutating func parseFlowCollection() throws(Unsupported) {
        try enter()
        let isMapping = base[p] == Byte.openBrace
        let close = isMapping ? Byte.closeBrace : Byte.closeBracket
        let index = builder.open(object: isMapping, line: line, column: column(of: p))
        p += 1
        var count = 0
        while true {
            try skipFlowSpace()
            if at(p) == close {
                p += 1
                break
            }
            if isMapping { try parseFlowPair() } else { try parseFlowNode() }
            count += 1
            try skipFlowSpace()
            let b = at(p)
            if b == Byte.comma {
                p += 1
            } else if b == close {
                p += 1
                break
            } else {
                // Includes `[a: b]` (a single-pair mapping), left to libyaml.
                throw Unsupported()
            }
        }
        builder.close(index, count: count)
        depth -= 1
    }

    /// Blanks, line breaks and comments between flow tokens.
    mutating func skipFlowSpace() throws(Unsupported) {
        while true {
            let b = at(p)
            if Self.isBlank(b) {
                p += 1
            } else if Self.isBreak(b) {
                consumeBreak()
                if isDocumentMarker(p) { throw Unsupported() }
            } else if b == Byte.hash {
                // libyaml also reads `[a,#b` as a comment; only the usual spelling is handled.
                guard p == lineStart || Self.isBlank(base[p - 1]) else { throw Unsupported() }
                while !Self.isBreakOrEnd(at(p)) { p += 1 }
            } else {
                return
            }
        }
    }

    /// A flow node: a nested collection or a scalar.
    mutating func parseFlowNode() throws(Unsupported) {
        let b = at(p)
        let startLine = line
        let startColumn = column(of: p)
        switch b {
        case Byte.openBracket, Byte.openBrace:
            try parseFlowCollection()
        case Byte.quote, Byte.apostrophe:
            let text = try scanQuoted()
            addString(text, line: startLine, column: startColumn)
        default:
            guard Self.canStartPlain(b, next: at(p + 1)) else { throw Unsupported() }
            let text = try scanFlowPlain(multiLine: true)
            addPlain(text, line: startLine, column: startColumn)
        }
    }

    /// `key: value`, `key:` or `key` inside a flow mapping.
    mutating func parseFlowPair() throws(Unsupported) {
        let b = at(p)
        let keyStart = p
        let keyLine = line
        let keyColumn = column(of: p)
        let key: Text
        if b == Byte.quote || b == Byte.apostrophe {
            key = try scanQuoted()
            guard line == keyLine else { throw Unsupported() }
        } else {
            guard Self.canStartPlain(b, next: at(p + 1)) else { throw Unsupported() }
            key = try scanFlowPlain(multiLine: false)
            if key.end - key.start == 2 && base[key.start] == Byte.less && base[key.start + 1] == Byte.less {
                throw Unsupported()
            }
        }
        addString(key, line: keyLine, column: keyColumn)
        while Self.isBlank(at(p)) { p += 1 }
        if at(p) == Byte.colon {
            guard p - keyStart <= 1000 else { throw Unsupported() }
            p += 1
            try skipFlowSpace()
            let v = at(p)
            if v == Byte.comma || v == Byte.closeBrace {
                // `{a: }`: null at the next token, as libyaml places it.
                builder.addNull(line: line, column: column(of: p))
            } else {
                try parseFlowNode()
            }
        } else {
            // `{a, b}`: null values; a ':' on a later line would make a multi-line key.
            try skipFlowSpace()
            let v = at(p)
            guard v == Byte.comma || v == Byte.closeBrace else { throw Unsupported() }
            builder.addNull(line: line, column: column(of: p))
        }
    }

    /// Skips the empty (blank-only) lines that follow a line break inside a multi-line plain
    /// scalar; returns how many there were, with the cursor on the next line's first non-space.
    /// A tab there is indentation libyaml treats specially: give up.
    mutating func skipEmptyLines() throws(Unsupported) -> Int {
        var breaks = 0
        while true {
            let q = skipSpaces(from: p)
            let b = at(q)
            p = q
            if Self.isBreak(b) {
                consumeBreak()
                breaks += 1
            } else if b == Byte.tab {
                throw Unsupported()
            } else {
                return breaks
            }
        }
    }

    /// A plain scalar in flow context; keys (`multiLine: false`) stay on one line.
    mutating func scanFlowPlain(multiLine: Bool) throws(Unsupported) -> Text {
        let start = p
        let (textEnd, firstStop) = try scanFlowPlainLine()
        var text = Text(start: start, end: textEnd, inScratch: false)
        var stop = firstStop
        while stop == .lineEnd && multiLine && p < end {
            // Look at the next lines: the scalar goes on unless a comment, an indicator or a
            // document marker comes first.
            let resume = (p, line, lineStart)
            consumeBreak()
            let breaks = try skipEmptyLines()
            guard p < end, !(p == lineStart && isDocumentMarker(p)) else { throw Unsupported() }
            if base[p] == Byte.hash { return text }
            let segment = p
            let (segmentEnd, next) = try scanFlowPlainLine()
            if segmentEnd == segment {
                // Nothing to add (the line starts with an indicator): the scalar ended before
                // the break; flow spacing is skipped again from there.
                (p, line, lineStart) = resume
                return text
            }
            if !text.inScratch {
                scratch.removeAll(keepingCapacity: true)
                appendInput(text.start, text.end)
                text.inScratch = true
            }
            if breaks == 0 { scratch.append(Byte.space) } else { appendNewlines(breaks) }
            appendInput(segment, segmentEnd)
            stop = next
        }
        return text
    }

    /// One line of a flow plain scalar; the cursor is left on the stop.
    mutating func scanFlowPlainLine() throws(Unsupported) -> (end: Int, stop: PlainStop) {
        var q = p
        while true {
            let b = at(q)
            switch b {
            case Byte.comma, Byte.openBracket, Byte.closeBracket, Byte.openBrace, Byte.closeBrace:
                p = q
                return (q, .flowIndicator)
            case Byte.colon:
                let next = at(q + 1)
                if Self.isBlankOrEnd(next) {
                    p = q
                    return (q, .colon)
                }
                // `a:,` and friends differ between libyaml versions.
                if Self.isFlowIndicator(next) || next == Byte.question { throw Unsupported() }
                q &+= 1
            case Byte.question:
                throw Unsupported()
            case Byte.space, Byte.tab:
                let (next, stop) = blankRun(at: q, flow: true)
                if let stop {
                    p = next
                    return (q, stop)
                }
                q = next
            case Byte.newline, Byte.cr, 0:
                p = q
                return (q, .lineEnd)
            default:
                q &+= 1
            }
        }
    }
}
