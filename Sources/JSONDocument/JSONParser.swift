import CByteScan

/// Limits and leniencies for the JSON parser. The defaults are strict RFC 8259.
public struct JSONParseOptions: Sendable {
    /// Deepest nesting of arrays and objects accepted.
    public var maxDepth: Int
    /// Largest input accepted, in bytes (at most 4 GiB − 2: tape offsets are 32-bit).
    public var maxInputBytes: Int
    /// Skip a UTF-8 byte order mark at the start (RFC 8259 §8.1 lets parsers ignore it).
    public var allowByteOrderMark: Bool

    public init(maxDepth: Int = 1000, maxInputBytes: Int = Int(UInt32.max) - 1, allowByteOrderMark: Bool = true) {
        self.maxDepth = maxDepth
        self.maxInputBytes = min(maxInputBytes, Int(UInt32.max) - 1)
        self.allowByteOrderMark = allowByteOrderMark
    }

    public static let `default` = JSONParseOptions()
}

/// A syntax error: what was wrong and where (byte offset, 1-based line and column).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column): \(message)" }
}

extension JSONDocument {
    /// Parses JSON text into a document. The bytes are kept, not copied.
    /// - Throws: ``JSONParseError`` naming the byte offset, line and column of the problem.
    /// - Complexity: O(n) in the input size.
    public static func parse(
        _ bytes: [UInt8], options: JSONParseOptions = .default, sourceName: String? = nil
    ) throws(JSONParseError) -> JSONDocument {
        try parse(bytes, in: 0..<bytes.count, options: options, sourceName: sourceName)
    }

    /// Parses the JSON text in `range` of `bytes` (used for JSON Lines: offsets, lines and
    /// columns stay those of the whole input, and the input is shared, not copied).
    public static func parse(
        _ bytes: [UInt8], in range: Range<Int>, options: JSONParseOptions = .default, sourceName: String? = nil
    ) throws(JSONParseError) -> JSONDocument {
        try parse(InputBytes(bytes), in: range, options: options, sourceName: sourceName)
    }

    /// Parses JSON bytes read by `FileSystem.readInput` (which may have mapped the file).
    public static func parse(
        _ input: InputBytes, options: JSONParseOptions = .default, sourceName: String? = nil
    ) throws(JSONParseError) -> JSONDocument {
        try parse(input, in: 0..<input.count, options: options, sourceName: sourceName)
    }

    static func parse(
        _ input: InputBytes, in range: Range<Int>, options: JSONParseOptions, sourceName: String?
    ) throws(JSONParseError) -> JSONDocument {
        guard range.count <= options.maxInputBytes, input.count < Int(UInt32.max) else {
            throw JSONParseError(
                message: "input of \(range.count) bytes exceeds the limit of \(options.maxInputBytes) bytes",
                offset: range.lowerBound, line: 1, column: 1)
        }
        let outcome: Result<JSONDocument, JSONParseError> = input.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(
                base: buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, start: range.lowerBound,
                end: range.upperBound, options: options)
            do throws(JSONParseError) {
                try parser.run()
            } catch {
                TapeMemory.release(parser.tape)
                var error = error
                let location = SourceLocation.of(offset: error.offset, in: buffer)
                error.line = location.line
                error.column = location.column
                return .failure(error)
            }
            return .success(
                JSONDocument(
                    tape: TapeMemory.fitted(parser.tape, count: parser.count, capacity: parser.capacity),
                    nodeCount: parser.count, storage: input, decoded: parser.decoded,
                    positions: nil, sourceName: sourceName))
        }
        return try outcome.get()
    }

    /// Parses JSON text given as a `String`.
    public static func parse(
        _ text: String, options: JSONParseOptions = .default, sourceName: String? = nil
    ) throws(JSONParseError) -> JSONDocument {
        try parse(Array(text.utf8), options: options, sourceName: sourceName)
    }
}

/// The JSON scanner. All unsafe reads are bounds-checked against `end` by construction.
struct JSONParser {
    let base: UnsafePointer<UInt8>
    var i: Int
    let end: Int
    let options: JSONParseOptions
    var tape: UnsafeMutablePointer<TapeNode>
    var count = 0
    var capacity: Int
    var decoded: [UInt8] = []

    init(base: UnsafePointer<UInt8>, start: Int, end: Int, options: JSONParseOptions) {
        self.base = base
        self.i = start
        self.end = end
        self.options = options
        // Typical JSON has one node per 8–16 bytes; the tape grows by doubling when it doesn't.
        self.capacity = max(16, (end - start) / 8)
        self.tape = TapeMemory.allocate(capacity)
    }

    @inline(__always)
    mutating func push(_ node: TapeNode) {
        if count == capacity { grow() }
        tape[count] = node
        count &+= 1
    }

    mutating func grow() {
        capacity *= 2
        tape = TapeMemory.resize(tape, to: capacity)
    }


    func fail(_ message: String, at offset: Int) -> JSONParseError {
        JSONParseError(message: message, offset: offset, line: 0, column: 0)
    }

    func describeByte(at offset: Int) -> String {
        guard offset < end else { return "end of input" }
        let c = base[offset]
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x\(hexByte(c))"
    }

    @inline(__always)
    func skipWhitespace(_ start: Int) -> Int {
        var j = start
        while j < end {
            let c = base[j]
            guard c <= 0x20 else { return j }
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { j &+= 1 } else { return j }
            // Indentation: skip runs of spaces eight bytes at a time.
            while end &- j >= 8 {
                let spaces = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self) ^ 0x2020_2020_2020_2020
                if spaces != 0 {
                    j &+= spaces.trailingZeroBitCount >> 3
                    break
                }
                j &+= 8
            }
        }
        return j
    }

    mutating func run() throws(JSONParseError) {
        if options.allowByteOrderMark, end - i >= 3, base[i] == 0xEF, base[i + 1] == 0xBB, base[i + 2] == 0xBF {
            i += 3
        }
        let maxDepth = options.maxDepth
        // Open containers: tape index and running child count. Grows by doubling.
        var frameCapacity = 32
        var frames = UnsafeMutablePointer<(index: Int, count: UInt32)>.allocate(capacity: frameCapacity)
        defer { frames.deallocate() }
        var depth = 0
        var inObject = false

        outer: while true {
            i = skipWhitespace(i)
            guard i < end else {
                throw fail(depth == 0 ? "empty input, expected a JSON value" : "unexpected end of input, expected a value", at: i)
            }
            let c = base[i]
            switch c {
            case UInt8(ascii: "\""):
                try parseString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < maxDepth else {
                    throw fail("nesting deeper than the limit of \(maxDepth)", at: i)
                }
                let isObject = c == UInt8(ascii: "{")
                if depth == frameCapacity {
                    let bigger = UnsafeMutablePointer<(index: Int, count: UInt32)>.allocate(capacity: frameCapacity * 2)
                    bigger.moveInitialize(from: frames, count: depth)
                    frames.deallocate()
                    frames = bigger
                    frameCapacity *= 2
                }
                frames[depth] = (count, 0)
                depth &+= 1
                push(.scalar(isObject ? .object : .array, offset: UInt32(truncatingIfNeeded: i)))
                i = skipWhitespace(i &+ 1)
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if i < end, base[i] == close {
                    depth &-= 1
                    tape[frames[depth].index].b = UInt32(truncatingIfNeeded: count)
                    i &+= 1
                } else {
                    inObject = isObject
                    if isObject { try parseKey() }
                    continue outer
                }
            case UInt8(ascii: "t"):
                try literal("true", .true)
            case UInt8(ascii: "f"):
                try literal("false", .false)
            case UInt8(ascii: "n"):
                try literal("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try parseNumber()
            default:
                throw fail("unexpected \(describeByte(at: i)), expected a value", at: i)
            }

            // A value just ended: continue the enclosing container.
            while true {
                if depth == 0 {
                    i = skipWhitespace(i)
                    if i != end { throw fail("unexpected \(describeByte(at: i)) after the JSON value", at: i) }
                    return
                }
                let top = depth &- 1
                frames[top].count &+= 1
                i = skipWhitespace(i)
                guard i < end else {
                    throw fail("unexpected end of input, expected ',' or '\(inObject ? "}" : "]")'", at: i)
                }
                let c = base[i]
                if c == UInt8(ascii: ",") {
                    i &+= 1
                    if inObject {
                        i = skipWhitespace(i)
                        try parseKey()
                    }
                    continue outer
                }
                if c == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    let frame = frames[top]
                    tape[frame.index].a = frame.count
                    tape[frame.index].b = UInt32(truncatingIfNeeded: count)
                    depth = top
                    if top > 0 { inObject = tape[frames[top &- 1].index].tag == .object }
                    i &+= 1
                    continue
                }
                throw fail("unexpected \(describeByte(at: i)), expected ',' or '\(inObject ? "}" : "]")'", at: i)
            }
        }
    }

    /// Parses `"key"` and the following `:`; leaves `i` after the colon.
    @inline(__always)
    mutating func parseKey() throws(JSONParseError) {
        guard i < end, base[i] == UInt8(ascii: "\"") else {
            throw fail("unexpected \(describeByte(at: i)), expected a string key", at: i)
        }
        try parseString()
        i = skipWhitespace(i)
        guard i < end, base[i] == UInt8(ascii: ":") else {
            throw fail("unexpected \(describeByte(at: i)), expected ':' after an object key", at: i)
        }
        i &+= 1
    }

    @inline(__always)
    mutating func literal(_ word: StaticString, _ tag: TapeNode.Tag) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        guard end - i >= n else { throw fail("invalid literal, expected '\(word)'", at: i) }
        for k in 1..<n where base[i + k] != w[k] {
            throw fail("invalid literal, expected '\(word)'", at: i)
        }
        push(.scalar(tag, offset: UInt32(truncatingIfNeeded: i)))
        i &+= n
    }

    // MARK: Strings


    mutating func parseString() throws(JSONParseError) {
        // Locals: stores to the tape would otherwise force reloads of these through `self`.
        let base = self.base
        let end = self.end
        let quote = i
        let start = i &+ 1
        var j = start
        var ascii = true
        var escaped = false
        scan: while true {
            // Vector-sized steps while no byte is '"', '\\', a control character or non-ASCII.
            j &+= oav_json_string_run(base + j, end &- j)
            guard j < end else { throw fail("unterminated string", at: quote) }
            let c = base[j]
            if c == UInt8(ascii: "\"") { break scan }
            if c == UInt8(ascii: "\\") {
                escaped = true
                guard j &+ 1 < end else { throw fail("unterminated string", at: quote) }
                switch base[j &+ 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    j &+= 2
                case UInt8(ascii: "u"):
                    guard end &- j >= 6 else { throw fail("truncated \\u escape", at: j) }
                    for k in 2..<6 where hexValue(base[j &+ k]) == nil {
                        throw fail("invalid \\u escape: expected four hex digits", at: j)
                    }
                    j &+= 6
                default:
                    throw fail("invalid escape '\\\(describeByte(at: j &+ 1))' in string", at: j)
                }
                continue
            }
            if c < 0x20 {
                throw fail("control character U+00\(hexByte(c)) must be escaped in a string", at: j)
            }
            if c >= 0x80 {
                ascii = false
                // Non-Latin text comes in runs: validate sequence after sequence in place.
                repeat { j = try validateUTF8(at: j) } while j < end && base[j] >= 0x80
                continue
            }
            j &+= 1
        }
        var flags: UInt32 = ascii ? TapeNode.flagASCII : 0
        var payloadStart = UInt32(truncatingIfNeeded: start)
        var payloadLength = UInt32(truncatingIfNeeded: j &- start)
        if escaped {
            flags |= TapeNode.flagDecoded
            let decodedStart = decoded.count
            try decodeEscapes(from: start, to: j)
            payloadStart = UInt32(truncatingIfNeeded: decodedStart)
            payloadLength = UInt32(truncatingIfNeeded: decoded.count &- decodedStart)
            // Escapes may have produced non-ASCII or not; recompute the flag on the decoded bytes.
            if !decoded[decodedStart...].withUnsafeBufferPointer(isASCII) { flags &= ~TapeNode.flagASCII }
        }
        push(.scalar(.string, flags: flags, offset: UInt32(truncatingIfNeeded: quote), a: payloadStart, b: payloadLength))
        i = j &+ 1
    }

    /// Validates one UTF-8 sequence starting at `j` (a byte ≥ 0x80); returns the index after it.
    @inline(__always)
    func validateUTF8(at j: Int) throws(JSONParseError) -> Int {
        let c0 = base[j]
        @inline(__always) func continuation(_ k: Int) -> Bool { j &+ k < end && base[j &+ k] & 0xC0 == 0x80 }
        if c0 < 0xC2 { throw fail("invalid UTF-8: unexpected byte 0x\(hexByte(c0))", at: j) }
        if c0 < 0xE0 {
            guard continuation(1) else { throw fail("invalid UTF-8: truncated sequence", at: j) }
            return j &+ 2
        }
        if c0 < 0xF0 {
            guard continuation(1), continuation(2) else { throw fail("invalid UTF-8: truncated sequence", at: j) }
            let c1 = base[j &+ 1]
            if c0 == 0xE0 && c1 < 0xA0 { throw fail("invalid UTF-8: overlong encoding", at: j) }
            if c0 == 0xED && c1 >= 0xA0 { throw fail("invalid UTF-8: encoded surrogate", at: j) }
            return j &+ 3
        }
        if c0 < 0xF5 {
            guard continuation(1), continuation(2), continuation(3) else {
                throw fail("invalid UTF-8: truncated sequence", at: j)
            }
            let c1 = base[j &+ 1]
            if c0 == 0xF0 && c1 < 0x90 { throw fail("invalid UTF-8: overlong encoding", at: j) }
            if c0 == 0xF4 && c1 >= 0x90 { throw fail("invalid UTF-8: code point above U+10FFFF", at: j) }
            return j &+ 4
        }
        throw fail("invalid UTF-8: unexpected byte 0x\(hexByte(c0))", at: j)
    }

    /// Decodes the (already validated) string body `start..<stop` into `decoded`.
    /// Decoding never lengthens a string, so the output is written into reserved space.
    mutating func decodeEscapes(from start: Int, to stop: Int) throws(JSONParseError) {
        let oldCount = decoded.count
        decoded.append(contentsOf: repeatElement(0, count: stop &- start))
        var badSurrogateAt = -1
        let base = self.base
        let written = decoded.withUnsafeMutableBufferPointer { buffer -> Int in
            let out = buffer.baseAddress! + oldCount
            var o = 0
            var j = start
            while j < stop {
                // Copy the run up to the next backslash in one go.
                let run = memchr(base + j, 0x5C, stop &- j).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? stop
                if run > j {
                    (out + o).update(from: base + j, count: run &- j)
                    o &+= run &- j
                    j = run
                    continue
                }
                let e = base[j &+ 1]
                switch e {
                case UInt8(ascii: "b"): out[o] = 0x08
                case UInt8(ascii: "f"): out[o] = 0x0C
                case UInt8(ascii: "n"): out[o] = 0x0A
                case UInt8(ascii: "r"): out[o] = 0x0D
                case UInt8(ascii: "t"): out[o] = 0x09
                case UInt8(ascii: "u"):
                    var scalar = Self.readHex4(base, j &+ 2)
                    var width = 6
                    if scalar >= 0xD800 && scalar <= 0xDBFF {
                        let low = j &+ 12 <= stop && base[j &+ 6] == UInt8(ascii: "\\") && base[j &+ 7] == UInt8(ascii: "u")
                            ? Self.readHex4(base, j &+ 8) : 0
                        guard low >= 0xDC00 && low <= 0xDFFF else {
                            badSurrogateAt = j
                            return o
                        }
                        scalar = 0x10000 &+ ((scalar &- 0xD800) << 10) &+ (low &- 0xDC00)
                        width = 12
                    } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                        badSurrogateAt = j
                        return o
                    }
                    o &+= Self.encodeUTF8(scalar, into: out + o)
                    j &+= width
                    continue
                default: out[o] = e  // '"', '\\', '/'
                }
                o &+= 1
                j &+= 2
            }
            return o
        }
        decoded.removeLast(stop &- start &- written)
        if badSurrogateAt >= 0 { throw fail("unpaired UTF-16 surrogate in \\u escape", at: badSurrogateAt) }
    }

    static func readHex4(_ base: UnsafePointer<UInt8>, _ j: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 { v = v << 4 | UInt32(hexValue(base[j &+ k]) ?? 0) }
        return v
    }

    /// Writes the UTF-8 encoding of `scalar`; returns the byte count.
    static func encodeUTF8(_ scalar: UInt32, into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            out[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out[0] = UInt8(0xC0 | (scalar >> 6))
            out[1] = UInt8(0x80 | (scalar & 0x3F))
            return 2
        case 0x800..<0x10000:
            out[0] = UInt8(0xE0 | (scalar >> 12))
            out[1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[2] = UInt8(0x80 | (scalar & 0x3F))
            return 3
        default:
            out[0] = UInt8(0xF0 | (scalar >> 18))
            out[1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
            out[2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[3] = UInt8(0x80 | (scalar & 0x3F))
            return 4
        }
    }

    // MARK: Numbers

    @inline(__always)
    func isDigit(_ j: Int) -> Bool { j < end && base[j] &- 48 < 10 }

    /// Index of the first non-digit at or after `start`, eight bytes at a time.
    @inline(__always)
    func skipDigits(_ start: Int) -> Int {
        var j = start
        while end &- j >= 8 {
            let w = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self)
            // A byte is a digit iff its high nibble is 3 and adding 6 keeps it 3 (0x30…0x39).
            let nonDigit =
                ((w & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
                | (((w &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
            if nonDigit != 0 { return j &+ (nonDigit.trailingZeroBitCount >> 3) }
            j &+= 8
        }
        while isDigit(j) { j &+= 1 }
        return j
    }

    mutating func parseNumber() throws(JSONParseError) {
        let start = i
        var j = i
        let negative = base[j] == UInt8(ascii: "-")
        if negative { j &+= 1 }
        guard isDigit(j) else { throw fail("expected a digit in number", at: j) }
        var value: UInt64 = 0
        var digits = 0
        if base[j] == UInt8(ascii: "0") {
            j &+= 1
            if isDigit(j) { throw fail("leading zeros are not allowed in numbers", at: start) }
        } else {
            while isDigit(j) {
                value = value &* 10 &+ UInt64(base[j] &- 48)
                digits &+= 1
                j &+= 1
            }
        }
        var isIntegerLiteral = true
        if j < end, base[j] == UInt8(ascii: ".") {
            j &+= 1
            guard isDigit(j) else { throw fail("expected a digit after the decimal point", at: j) }
            j = skipDigits(j)
            isIntegerLiteral = false
        }
        if j < end, base[j] | 0x20 == UInt8(ascii: "e") {
            j &+= 1
            if j < end, base[j] == UInt8(ascii: "+") || base[j] == UInt8(ascii: "-") { j &+= 1 }
            guard isDigit(j) else { throw fail("expected a digit in the exponent", at: j) }
            j = skipDigits(j)
            isIntegerLiteral = false
        }
        let offset = UInt32(truncatingIfNeeded: start)
        if isIntegerLiteral {
            var fits = digits <= 19
            if digits == 20 {
                // Re-accumulate with overflow checks: 20 digits may still fit a UInt64.
                var v: UInt64 = 0
                fits = true
                var k = negative ? start &+ 1 : start
                while k < j {
                    let (m, o1) = v.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(UInt64(base[k] &- 48))
                    if o1 || o2 {
                        fits = false
                        break
                    }
                    v = s
                    k &+= 1
                }
                value = v
            }
            if fits {
                if negative {
                    if value <= UInt64(Int64.max) &+ 1 {
                        push(.number(flags: TapeNode.flagInt64, offset: offset, bits: UInt64(bitPattern: 0 &- Int64(bitPattern: value))))
                        i = j
                        return
                    }
                } else if value <= UInt64(Int64.max) {
                    push(.number(flags: TapeNode.flagInt64, offset: offset, bits: value))
                    i = j
                    return
                } else {
                    push(.number(flags: TapeNode.flagUInt64, offset: offset, bits: value))
                    i = j
                    return
                }
            }
        }
        // Fraction, exponent or big integer: keep the literal, convert on demand.
        let flags = isIntegerLiteral ? TapeNode.flagIntegerLiteral : 0
        push(.scalar(.number, flags: flags, offset: offset, a: UInt32(truncatingIfNeeded: j &- start)))
        i = j
    }
}

@inline(__always)
func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 48...57: c &- 48
    case 65...70: c &- 55
    case 97...102: c &- 87
    default: nil
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Two uppercase hex digits.
func hexByte(_ c: UInt8) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    return String(decoding: [digits[Int(c >> 4)], digits[Int(c & 0xF)]], as: UTF8.self)
}
