import CYAML

/// Limits for the YAML loader.
public struct YAMLLoadOptions: Sendable {
    /// Deepest nesting of sequences and mappings accepted.
    public var maxDepth: Int
    /// Most nodes that aliases may add by expansion (guards against "billion laughs").
    public var maxAliasExpansion: Int

    public init(maxDepth: Int = 1000, maxAliasExpansion: Int = 1_000_000) {
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }

    public static let `default` = YAMLLoadOptions()
}

/// A YAML problem with its 1-based line and column.
public struct YAMLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column): \(message)" }
}

extension JSONDocument {
    /// Loads a single-document YAML stream into a document (YAML 1.2 core schema).
    ///
    /// Plain scalars resolve to null (`null`, `~`, empty), booleans (`true`/`false`), integers
    /// (decimal, `0o`, `0x`), floats (incl. `.inf`, `.nan`) or strings; quoted scalars are
    /// always strings; `yes`/`no`/`on`/`off` and dates stay strings. Anchors, aliases and merge
    /// keys (`<<`) are supported; non-string keys become their written text.
    public static func parseYAML(
        _ bytes: [UInt8], options: YAMLLoadOptions = .default, sourceName: String? = nil
    ) throws(YAMLParseError) -> JSONDocument {
        try parseYAML(InputBytes(bytes), options: options, sourceName: sourceName)
    }

    /// Parses YAML bytes read by `FileSystem.readInput` (which may have mapped the file).
    public static func parseYAML(
        _ input: InputBytes, options: YAMLLoadOptions = .default, sourceName: String? = nil
    ) throws(YAMLParseError) -> JSONDocument {
        // The hand-written scanner covers the YAML that API descriptions use; anything else
        // (and every error) goes through libyaml, which stays the reference.
        if let document = parseYAMLFast(input, options: options, sourceName: sourceName) { return document }
        return try parseYAMLWithLibYAML(input, options: options, sourceName: sourceName)
    }

    static func parseYAMLWithLibYAML(
        _ bytes: [UInt8], options: YAMLLoadOptions = .default, sourceName: String? = nil
    ) throws(YAMLParseError) -> JSONDocument {
        try parseYAMLWithLibYAML(InputBytes(bytes), options: options, sourceName: sourceName)
    }

    /// The libyaml path on its own (tests compare it with ``parseYAMLFast(_:options:sourceName:)``).
    static func parseYAMLWithLibYAML(
        _ input: InputBytes, options: YAMLLoadOptions = .default, sourceName: String? = nil
    ) throws(YAMLParseError) -> JSONDocument {
        var loader = YAMLLoader(options: options, capacityHint: input.count / 16)
        do {
            try input.withUnsafeBufferPointer { (buffer) throws(YAMLParseError) in
                try loader.load(buffer)
            }
        } catch {
            loader.builder.discard()
            throw error
        }
        return loader.builder.finish(sourceName: sourceName, input: nil)
    }

    public static func parseYAML(
        _ text: String, options: YAMLLoadOptions = .default, sourceName: String? = nil
    ) throws(YAMLParseError) -> JSONDocument {
        try parseYAML(Array(text.utf8), options: options, sourceName: sourceName)
    }
}

/// Feeds libyaml's event stream into a ``DocumentBuilder``. All libyaml calls live here.
struct YAMLLoader {
    let options: YAMLLoadOptions
    var builder: DocumentBuilder
    /// Anchor name → tape index of the anchored node.
    var anchors: [String: Int] = [:]
    var expanded = 0

    /// An open sequence or mapping.
    struct Frame {
        var index: Int
        var isMapping: Bool
        var children = 0
        /// Mapping: the next node is a key.
        var expectingKey = true
        /// Mapping: the value being read belongs to a `<<` merge key.
        var mergeValuePending = false
        /// Mapping: start indices of merge sources (values of `<<`), in order.
        var mergeSources: [Int] = []
        var anchor: String?
    }

    var stack: [Frame] = []
    var documents = 0

    init(options: YAMLLoadOptions, capacityHint: Int) {
        self.options = options
        self.builder = DocumentBuilder(capacityHint: capacityHint)
    }

    static func mark(_ m: yaml_mark_t) -> (line: Int, column: Int) { (Int(m.line) + 1, Int(m.column) + 1) }

    mutating func load(_ input: UnsafeBufferPointer<UInt8>) throws(YAMLParseError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLParseError(message: "cannot initialise the YAML parser", line: 1, column: 1)
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, input.baseAddress ?? UnsafePointer(bitPattern: 1)!, input.count)
        var done = false
        while !done {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                let (line, column) = Self.mark(parser.problem_mark)
                var message = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
                if let context = parser.context.map({ String(cString: $0) }) { message = "\(message) \(context)" }
                throw YAMLParseError(message: "YAML syntax error: \(message)", line: line, column: column)
            }
            defer { yaml_event_delete(&event) }
            let (line, column) = Self.mark(event.start_mark)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                done = true
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw YAMLParseError(
                        message: "the stream holds more than one YAML document; only one is supported",
                        line: line, column: column)
                }
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let text = UnsafeBufferPointer(start: s.value, count: s.length)
                let tag = s.tag.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
                let anchor = s.anchor.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
                let plain = s.style == YAML_PLAIN_SCALAR_STYLE
                try scalar(text, plain: plain, tag: tag, anchor: anchor, line: line, column: column)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let rawTag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
                let rawAnchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                if let rawTag {
                    let tag = String(cString: UnsafeRawPointer(rawTag).assumingMemoryBound(to: CChar.self))
                    let expected = isMapping ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq"
                    if tag != expected && tag != "!" {
                        throw YAMLParseError(message: "unknown tag '\(tag)'", line: line, column: column)
                    }
                }
                try beginValue(line: line, column: column, isContainer: true)
                guard stack.count < options.maxDepth else {
                    throw YAMLParseError(
                        message: "nesting deeper than the limit of \(options.maxDepth)", line: line, column: column)
                }
                let index = builder.open(object: isMapping, line: line, column: column)
                let anchor = rawAnchor.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
                stack.append(Frame(index: index, isMapping: isMapping, anchor: anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                var frame = stack.removeLast()
                if frame.isMapping && !frame.mergeSources.isEmpty {
                    frame.children = try applyMerges(frame)
                }
                builder.close(frame.index, count: frame.children)
                if let anchor = frame.anchor { anchors[anchor] = frame.index }
                endValue()
            case YAML_ALIAS_EVENT:
                let name = String(cString: UnsafeRawPointer(event.data.alias.anchor).assumingMemoryBound(to: CChar.self))
                guard let target = anchors[name] else {
                    // An anchor is known once its node is complete: an alias inside that node
                    // would make an endless JSON tree.
                    if stack.contains(where: { $0.anchor == name }) {
                        throw YAMLParseError(
                            message: "alias '*\(name)' refers to a node that contains it: a recursive structure has no JSON form",
                            line: line, column: column)
                    }
                    throw YAMLParseError(message: "alias '*\(name)' names an unknown anchor", line: line, column: column)
                }
                try beginValue(line: line, column: column, isContainer: false, aliasTarget: target)
                let added = builder.copySubtree(at: target)
                expanded += added
                if expanded > options.maxAliasExpansion {
                    throw YAMLParseError(
                        message: "aliases expand to more than \(options.maxAliasExpansion) nodes (possible alias bomb)",
                        line: line, column: column)
                }
                endValue()
            default:
                break
            }
        }
        if documents == 0 || builder.count == 0 {
            throw YAMLParseError(message: "empty YAML stream: no document", line: 1, column: 1)
        }
    }

    /// Called before a node is appended: handles mapping keys and merge-key bookkeeping.
    mutating func beginValue(line: Int, column: Int, isContainer: Bool, aliasTarget: Int? = nil) throws(YAMLParseError) {
        guard var frame = stack.last, frame.isMapping else { return }
        if frame.expectingKey {
            // Only scalars can be keys here; aliases of scalars become their text.
            if isContainer || (aliasTarget.map { builder.tape[$0].tag == .array || builder.tape[$0].tag == .object } ?? false) {
                throw YAMLParseError(message: "complex mapping keys are not supported", line: line, column: column)
            }
            return
        }
        if frame.mergeValuePending {
            frame.mergeSources.append(builder.count)
            stack[stack.count - 1] = frame
        }
    }

    /// Called after a node was appended.
    mutating func endValue() {
        guard var frame = stack.popLast() else { return }
        if frame.isMapping {
            if frame.expectingKey {
                frame.expectingKey = false
                // A plain `<<` key marks a merge; the key node is dropped when merges are applied.
                let keyIndex = builder.count - 1
                frame.mergeValuePending = isMergeKey(at: keyIndex)
                if !frame.mergeValuePending, builder.tape[keyIndex].tag != .string {
                    stringifyKey(at: keyIndex)
                }
            } else {
                frame.expectingKey = true
                if !frame.mergeValuePending { frame.children += 1 }
                frame.mergeValuePending = false
            }
        } else {
            frame.children += 1
        }
        stack.append(frame)
    }

    var mergeKeyIndices: Set<Int> = []

    func isMergeKey(at index: Int) -> Bool { mergeKeyIndices.contains(index) }

    /// Keys are strings in JSON: an aliased scalar key of another type becomes its JSON text.
    mutating func stringifyKey(at index: Int) {
        let node = builder.tape[index]
        let text: String
        switch node.tag {
        case .null: text = "null"
        case .true: text = "true"
        case .false: text = "false"
        case .number:
            text = node.has(TapeNode.flagInt64 | TapeNode.flagUInt64 | TapeNode.flagDouble)
                ? (node.has(TapeNode.flagInt64)
                    ? Int64(bitPattern: node.bits).description
                    : node.has(TapeNode.flagUInt64) ? node.bits.description : Double(bitPattern: node.bits).description)
                : String(decoding: builder.storage[Int(node.offset)..<Int(node.offset + node.a)], as: UTF8.self)
        default: return
        }
        let position = builder.positions[index]
        builder.truncate(to: index)
        builder.addString(Array(text.utf8), line: Int(position >> 32), column: Int(position & 0xFFFF_FFFF))
    }

    mutating func scalar(
        _ text: UnsafeBufferPointer<UInt8>, plain: Bool, tag: String?, anchor: String?, line: Int, column: Int
    ) throws(YAMLParseError) {
        try beginValue(line: line, column: column, isContainer: false)
        let isKey = stack.last.map { $0.isMapping && $0.expectingKey } ?? false
        let index = builder.count
        if isKey {
            if plain && tag == nil && text.count == 2 && text[0] == UInt8(ascii: "<") && text[1] == UInt8(ascii: "<") {
                mergeKeyIndices.insert(index)
            }
            // Keys are always strings: their written text.
            builder.addString(text, line: line, column: column)
        } else {
            try resolveScalar(text, plain: plain, tag: tag, line: line, column: column)
        }
        if let anchor { anchors[anchor] = index }
        endValue()
    }

    /// YAML 1.2 core schema resolution (and the standard explicit tags).
    mutating func resolveScalar(
        _ text: UnsafeBufferPointer<UInt8>, plain: Bool, tag: String?, line: Int, column: Int
    ) throws(YAMLParseError) {
        if let tag {
            switch tag {
            case "tag:yaml.org,2002:str", "!":
                builder.addString(text, line: line, column: column)
            case "tag:yaml.org,2002:null":
                builder.addNull(line: line, column: column)
            case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
                let before = builder.count
                resolvePlain(text, line: line, column: column)
                let node = builder.tape[before]
                let ok: Bool
                switch tag {
                case "tag:yaml.org,2002:bool": ok = node.tag == .true || node.tag == .false
                case "tag:yaml.org,2002:int": ok = node.tag == .number && (node.has(TapeNode.flagInt64) || node.has(TapeNode.flagUInt64) || node.has(TapeNode.flagIntegerLiteral))
                default: ok = node.tag == .number
                }
                if !ok {
                    throw YAMLParseError(
                        message: "'\(String(decoding: text, as: UTF8.self))' is not a valid value for tag '\(tag)'",
                        line: line, column: column)
                }
            default:
                throw YAMLParseError(message: "unknown tag '\(tag)'", line: line, column: column)
            }
            return
        }
        if plain {
            resolvePlain(text, line: line, column: column)
        } else {
            builder.addString(text, line: line, column: column)
        }
    }

    mutating func resolvePlain(_ text: UnsafeBufferPointer<UInt8>, line: Int, column: Int) {
        builder.addPlainScalar(text, line: line, column: column)
    }

    /// Rebuilds a mapping that had `<<` merge keys: explicit keys win, then earlier sources.
    mutating func applyMerges(_ frame: Frame) throws(YAMLParseError) -> Int {
        let start = frame.index
        let end = builder.count
        let saved = builder.nodes(start..<end)
        func local(_ i: Int) -> Int { i - start }
        var nodeNext: (Int) -> Int = { _ in 0 }
        nodeNext = { i in
            let node = saved[i - start].0
            return (node.tag == .array || node.tag == .object) ? Int(node.b) : i + 1
        }
        // Walk the mapping's own members: explicit members, and merge sources to expand.
        var explicit: [(key: Int, valueEnd: Int)] = []
        var sources: [Int] = []
        var i = start + 1
        let mergeSet = Set(frame.mergeSources)
        while i < end {
            if mergeSet.contains(i) {
                sources.append(i)
                i = nodeNext(i)
                continue
            }
            let keyIndex = i
            if mergeKeyIndices.contains(keyIndex) {
                i += 1
                continue
            }
            let valueEnd = nodeNext(keyIndex + 1)
            explicit.append((keyIndex, valueEnd))
            i = valueEnd
        }
        var seen = Set<[UInt8]>()
        for member in explicit { seen.insert(Array(keyBytes(saved[local(member.key)].0))) }
        // Merge sources: a mapping, or a sequence of mappings (earlier ones take precedence).
        var merged: [(key: Int, valueEnd: Int)] = []
        func addMembers(of mapping: Int) throws(YAMLParseError) {
            let node = saved[local(mapping)].0
            guard node.tag == .object else {
                let p = saved[local(mapping)].1
                throw YAMLParseError(
                    message: "the value of a '<<' merge key must be a mapping or a sequence of mappings",
                    line: Int(p >> 32), column: Int(p & 0xFFFF_FFFF))
            }
            var k = mapping + 1
            let stop = Int(node.b)
            while k < stop {
                let valueEnd = nodeNext(k + 1)
                if seen.insert(Array(keyBytes(saved[local(k)].0))).inserted { merged.append((k, valueEnd)) }
                k = valueEnd
            }
        }
        for source in sources {
            let node = saved[local(source)].0
            if node.tag == .array {
                var e = source + 1
                while e < Int(node.b) {
                    try addMembers(of: e)
                    e = nodeNext(e)
                }
            } else {
                try addMembers(of: source)
            }
        }
        builder.truncate(to: start + 1)
        var moved: [(from: Range<Int>, to: Int)] = []
        for member in explicit + merged {
            moved.append((member.key..<member.valueEnd, builder.count))
            builder.append(saved: saved[local(member.key)..<local(member.valueEnd)], originalStart: member.key)
        }
        // Anchors defined inside this mapping moved with their members; dropped merge keys are gone.
        for (name, index) in anchors where index > start && index < end {
            if let m = moved.first(where: { $0.from.contains(index) }) {
                anchors[name] = m.to + (index - m.from.lowerBound)
            } else {
                anchors[name] = nil
            }
        }
        mergeKeyIndices = mergeKeyIndices.filter { $0 < start }
        return explicit.count + merged.count
    }

    func keyBytes(_ node: TapeNode) -> ArraySlice<UInt8> {
        builder.storage[Int(node.a)..<Int(node.a + node.b)]
    }
}

extension DocumentBuilder {
    /// Appends a plain (unquoted) scalar resolved by the YAML 1.2 core schema: null, booleans,
    /// integers (decimal, `0o`, `0x`), floats (incl. `.inf`, `.nan`), else a string.
    /// Shared by the libyaml path and the fast parser, so both resolve identically.
    mutating func addPlainScalar(_ text: UnsafeBufferPointer<UInt8>, knownASCII: Bool = false, line: Int, column: Int) {
        guard let first = text.first else {
            addNull(line: line, column: column)
            return
        }
        // Every special word and every number starts with one of these bytes; most scalars don't.
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            break
        default:
            addString(text, knownASCII: knownASCII, line: line, column: column)
            return
        }
        func eq(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == text.count else { return false }
            for i in 0..<text.count where word.utf8Start[i] != text[i] { return false }
            return true
        }
        if eq("~") || eq("null") || eq("Null") || eq("NULL") {
            addNull(line: line, column: column)
        } else if eq("true") || eq("True") || eq("TRUE") {
            addBool(true, line: line, column: column)
        } else if eq("false") || eq("False") || eq("FALSE") {
            addBool(false, line: line, column: column)
        } else if eq(".inf") || eq(".Inf") || eq(".INF") || eq("+.inf") || eq("+.Inf") || eq("+.INF") {
            addDouble(.infinity, line: line, column: column)
        } else if eq("-.inf") || eq("-.Inf") || eq("-.INF") {
            addDouble(-.infinity, line: line, column: column)
        } else if eq(".nan") || eq(".NaN") || eq(".NAN") {
            addDouble(.nan, line: line, column: column)
        } else if let number = YAMLNumber.parse(text) {
            switch number {
            case .int(let v): addInt64(v, line: line, column: column)
            case .uint(let v): addUInt64(v, line: line, column: column)
            case .literal(let literal, let isInteger):
                addNumberLiteral(literal, isInteger: isInteger, line: line, column: column)
            case .double(let v): addDouble(v, line: line, column: column)
            }
        } else {
            addString(text, knownASCII: knownASCII, line: line, column: column)
        }
    }
}

/// Number syntax of the YAML 1.2 core schema.
enum YAMLNumber {
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    /// JSON-compatible literal text, kept for exactness.
    case literal([UInt8], isInteger: Bool)

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> YAMLNumber? {
        guard !bytes.isEmpty else { return nil }
        var body = bytes[...]
        var negative = false
        if body.first == UInt8(ascii: "-") || body.first == UInt8(ascii: "+") {
            negative = body.first == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return nil }
        // 0o17 and 0x1F (unsigned in the core schema).
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: "o") || bytes[1] == UInt8(ascii: "x") {
            let radix = bytes[1] == UInt8(ascii: "o") ? 8 : 16
            guard let v = UInt64(String(decoding: bytes[2...], as: UTF8.self), radix: radix) else { return nil }
            return v <= UInt64(Int64.max) ? .int(Int64(v)) : .uint(v)
        }
        let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        if body.allSatisfy(isDigit) {
            // Decimal integer; leading zeros allowed in YAML, dropped for the JSON literal.
            let digits = body.drop { $0 == UInt8(ascii: "0") }
            let text = digits.isEmpty ? "0" : String(decoding: digits, as: UTF8.self)
            if let v = Int64(text) { return .int(negative ? -v : v) }
            if !negative, let v = UInt64(text) { return .uint(v) }
            if negative, text == "9223372036854775808" { return .int(.min) }
            return .literal((negative ? [UInt8(ascii: "-")] : []) + Array(digits), isInteger: true)
        }
        // Float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        var i = body.startIndex
        var intDigits = 0
        while i < body.endIndex, isDigit(body[i]) {
            i += 1
            intDigits += 1
        }
        var fracDigits = 0
        var hasPoint = false
        if i < body.endIndex, body[i] == UInt8(ascii: ".") {
            hasPoint = true
            i += 1
            while i < body.endIndex, isDigit(body[i]) {
                i += 1
                fracDigits += 1
            }
        }
        guard intDigits > 0 || fracDigits > 0 else { return nil }
        var hasExponent = false
        if i < body.endIndex, body[i] | 0x20 == UInt8(ascii: "e") {
            hasExponent = true
            i += 1
            if i < body.endIndex, body[i] == UInt8(ascii: "-") || body[i] == UInt8(ascii: "+") { i += 1 }
            var expDigits = 0
            while i < body.endIndex, isDigit(body[i]) {
                i += 1
                expDigits += 1
            }
            guard expDigits > 0 else { return nil }
        }
        guard i == body.endIndex, hasPoint || hasExponent else { return nil }
        // Keep JSON-compatible literals exact (no leading zeros, digits on both sides of '.').
        let leadingZero = intDigits > 1 && body.first == UInt8(ascii: "0")
        if intDigits > 0, !leadingZero, !hasPoint || fracDigits > 0 {
            return .literal((negative ? [UInt8(ascii: "-")] : []) + Array(body), isInteger: false)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let v = Double(text) ?? Double(String(decoding: body, as: UTF8.self)).map({ negative ? -$0 : $0 }) else {
            return nil
        }
        return .double(v)
    }
}
