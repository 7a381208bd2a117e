import Foundation
import Testing

@testable import JSONDocument

/// The hand-written YAML parser against libyaml: on every input it either gives up or builds
/// exactly the document the libyaml path builds (same tape, text, line and column per node).
@Suite struct FastYAMLTests {
    /// What the fast path did with an input, and the first difference from libyaml if any.
    struct Comparison {
        var usedFastPath: Bool
        var libyamlAccepted: Bool
        var problem: String?
    }

    static func compare(_ bytes: [UInt8], options: YAMLLoadOptions = .default) -> Comparison {
        let fast = JSONDocument.parseYAMLFast(bytes, options: options)
        let reference: JSONDocument
        do {
            reference = try JSONDocument.parseYAMLWithLibYAML(bytes, options: options)
        } catch {
            return Comparison(
                usedFastPath: fast != nil, libyamlAccepted: false,
                problem: fast == nil ? nil : "fast path accepted an input libyaml rejects (\(error))")
        }
        guard let fast else { return Comparison(usedFastPath: false, libyamlAccepted: true, problem: nil) }
        return Comparison(usedFastPath: true, libyamlAccepted: true, problem: difference(fast, reference))
    }

    static func json(_ document: JSONDocument) -> String {
        var out: [UInt8] = []
        document.withReader { JSONWriter.write(reader: $0, index: 0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    static func containsNaN(_ document: JSONDocument) -> Bool {
        (0..<document.nodeCount).contains { i in
            let node = document.tape[i]
            return node.tag == .number && node.has(TapeNode.flagDouble) && Double(bitPattern: node.bits).isNaN
        }
    }

    /// The first way `fast` differs from `reference`, or nil.
    static func difference(_ fast: JSONDocument, _ reference: JSONDocument) -> String? {
        let (fastJSON, referenceJSON) = (json(fast), json(reference))
        if fastJSON != referenceJSON {
            return "JSON differs:\n  fast:    \(fastJSON.prefix(400))\n  libyaml: \(referenceJSON.prefix(400))"
        }
        // NaN is not equal to itself; the tape comparison below still covers it bit for bit.
        if !containsNaN(reference), fast.root != reference.root { return "documents are not equal" }
        if fast.nodeCount != reference.nodeCount {
            return "node count \(fast.nodeCount) vs \(reference.nodeCount)"
        }
        for i in 0..<fast.nodeCount {
            let (a, b) = (fast.location(ofNode: i), reference.location(ofNode: i))
            if a != b {
                return "node \(i) (\(fast.value(at: i).json.prefix(60))) at \(a), libyaml says \(b)"
            }
            if let problem = nodeDifference(fast, reference, i) { return "tape node \(i): \(problem)" }
        }
        return nil
    }

    /// How node `i` differs between the two tapes, or nil. The text of strings and number literals
    /// may live in different buffers (the fast path points into the input, libyaml's copies):
    /// their bytes and flags must agree, not where they are kept.
    static func nodeDifference(_ fast: JSONDocument, _ reference: JSONDocument, _ i: Int) -> String? {
        let (x, y) = (fast.tape[i], reference.tape[i])
        let placement = TapeNode.flagDecoded
        guard x.header & ~placement == y.header & ~placement else { return "header \(x.header) vs \(y.header)" }
        let text = { (document: JSONDocument) -> [UInt8] in
            document.withReader { r in Array(x.tag == .string ? r.string(i) : r.numberText(i)) }
        }
        switch x.tag {
        case .string:
            if text(fast) != text(reference) { return "string text differs" }
        case .number where !x.has(TapeNode.flagInt64 | TapeNode.flagUInt64 | TapeNode.flagDouble):
            if text(fast) != text(reference) { return "number literal differs" }
        default:
            if x != y { return "payload differs" }
        }
        return nil
    }

    /// Strings of an all-ASCII input are marked ASCII without a second look, except text the
    /// scanner rebuilt (escapes can produce other characters).
    /// Positions are kept in four bytes a node when every column is below 4,096 and every line
    /// below 2^20, else in eight: both forms must give what libyaml gives.
    @Test func positionsPastColumn4095AreKeptWhole() throws {
        let padding = String(repeating: "x", count: 5_000)
        let text = "first: 1\nlong: {a: \(padding), b: 2}\nlast: 3\n"
        let comparison = Self.compare(Array(text.utf8))
        #expect(comparison.usedFastPath)
        #expect(comparison.problem == nil, "\(comparison.problem ?? "")")
        let document = try JSONDocument.parseYAML(Array(text.utf8))
        guard case .wide = document.positions else {
            Issue.record("a column past 4,095 needs the eight-byte form")
            return
        }
        let b = try #require(document.root["long"]?["b"])
        #expect(document.location(ofNode: Int(b.index)) == SourceLocation(line: 2, column: 5_016))
        let last = try #require(document.root["last"])
        #expect(document.location(ofNode: Int(last.index)) == SourceLocation(line: 3, column: 7))

        let short = try JSONDocument.parseYAML(Array("a: 1\nb:\n  - x\n".utf8))
        guard case .packed = short.positions else {
            Issue.record("short lines take the four-byte form")
            return
        }
        let x = try #require(short.root["b"]?[0])
        #expect(short.location(ofNode: Int(x.index)) == SourceLocation(line: 3, column: 5))
    }

    @Test func asciiFlagOfScalars() throws {
        let text = "a: \"caf\\u00e9\"\nb: plain words\nc: 'quoted'\nd: >\n  folded\n  text\n"
        let bytes = Array(text.utf8)
        let comparison = Self.compare(bytes)
        #expect(comparison.usedFastPath && comparison.problem == nil)
        let document = try #require(JSONDocument.parseYAMLFast(bytes))
        #expect(document.root["a"]?.string == "caf\u{e9}")
        let flags = ["a", "b", "c", "d"].map { key in
            document.withReader { $0.isASCII(Int(document.root[key]!.index)) }
        }
        #expect(flags == [false, true, true, true])
    }

    /// Scalars that are a slice of the input are not copied: their nodes point into it. Text the
    /// scanner rebuilds (escapes, folding, several lines) and number literals are copied. Cut in
    /// two, the second part's slices must still point at the right bytes.
    @Test func sliceScalarsPointIntoTheInput() throws {
        let text = "a: \"caf\\u00e9\"\nb: plain words\nc: 'quoted'\nd: >\n  folded\n  text\ne: 1.50\nf: two\n  lines\ng: [x, 'y']\n"
        let bytes = Array(text.utf8)
        let document = try #require(JSONDocument.parseYAMLFast(bytes, split: .none))
        func pointsIntoInput(_ value: JSONValue) -> Bool { !document.tape[Int(value.index)].has(TapeNode.flagDecoded) }
        let root = document.root
        #expect(["a", "b", "c", "d", "e", "f"].map { pointsIntoInput(root[$0]!) } == [false, true, true, false, false, false])
        #expect(root["g"]!.elements.map(pointsIntoInput) == [true, true])
        #expect(root["b"]?.string == "plain words" && root["c"]?.string == "quoted" && root["f"]?.string == "two lines")
        #expect(root["e"]?.number?.description == "1.50")
        // Keys are slices too.
        let keys = document.withReader { r in (0..<r.count(0)).map { r.tape[1 + 2 * $0].has(TapeNode.flagDecoded) } }
        #expect(keys.allSatisfy { !$0 })
        // A cut before `c:`: the second part's slices are moved by the cut's offset when joined.
        let cut = try #require(text.utf8.firstRange(of: "\nc:".utf8)).lowerBound
        let split = text.utf8.distance(from: text.utf8.startIndex, to: cut) + 1
        let joined = try #require(Self.inTwoParts(bytes, at: split))
        #expect(Self.difference(joined, document) == nil)
        #expect(joined.root["c"]?.string == "quoted" && joined.root["g"]?.elements.map(\.string) == ["x", "y"])
    }

    // MARK: Shared corpus

    static func corpusFiles() throws -> [URL] {
        let root = try SharedData.directory("corpus")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where ["yaml", "yml"].contains(url.pathExtension.lowercased()) {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    @Test func everyCorpusFileTakesTheFastPathAndMatchesLibYAML() throws {
        let files = try Self.corpusFiles()
        #expect(files.count > 100, "expected the shared corpus to hold YAML files")
        var gaveUp: [String] = []
        var problems: [String] = []
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            let result = Self.compare(bytes)
            let name = file.path.replacingOccurrences(of: try SharedData.directory("corpus").path + "/", with: "")
            if !result.usedFastPath && result.libyamlAccepted { gaveUp.append(name) }
            if let problem = result.problem { problems.append("\(name): \(problem)") }
        }
        #expect(problems.isEmpty, "\(problems.count) files differ:\n\(problems.prefix(10).joined(separator: "\n"))")
        #expect(gaveUp.isEmpty, "fast path gave up on \(gaveUp.count) files: \(gaveUp.prefix(20))")
    }

    // MARK: Snippets

    /// Inputs the fast path must handle itself (and match libyaml on).
    static let handled: [String] = [
        // Scalars resolved by the core schema, in a mapping.
        "a: 1\nb: two\nc: true\nd: null\ne: ~\nf: 1.5\ng: -2\nh: 0x1F\ni: .inf\nj: .NaN\nk: -.Inf\nl: False\n",
        "a: 007\nb: 0o17\nc: 1e3\nd: 12345678901234567890123\ne: +5\nf: 1_000\ng: .5\nh: 5.\ni: 0x\nj: -0\n",
        "a: yes\nb: No\nc: 2024-01-01\nd: 0b101\ne: 1.2.3\nf: +\ng: -x\nh: .\n",
        "1: one\ntrue: yes\n~: n\n2.5: x\nnull: 3\n",
        // Empty values.
        "key:\n",
        "key:\nother: 1\n",
        "a:\nb:\n  c:\nd:",
        "key:    # comment only\n  nested: 1\n",
        "a: 1   \nb: x  \n  \nc:   \nd: 2",
        // Plain scalars against the vector scan for `:`, `#` and line ends: colons and hashes
        // inside the text, blanks before a comment or a key's colon, lines longer than a vector.
        "a: b:c#d\ne: f :g\nh: i\t# comment\nj: k #l\nkey with spaces : value\n",
        "url: http://example.com/a#b c:d\nlong: the quick brown fox jumps over the lazy dog:no # yes\n",
        "k: caf\u{E9} cr\u{E8}me br\u{FB}l\u{E9}e:x\n\u{E9}t\u{E9}: \u{E0} la plage   \t \nx: y",
        "text: first line of a plain scalar that goes on\n  and on, not a key:either\n  # a comment line ends it\nnext: 1\n",
        // Sequences: empty items, compact and indentless forms.
        "- a\n- b\n-\n- \n- c\n",
        "- \n-\n- # c\n- x\n-",
        "- key: v\n  k2: v2\n- k3: v3\n",
        "key:\n- a\n- b\nnext: 1\n",
        "key:\n- a\n-\nnext:\n- x: 1\n  y: 2\n- z\n",
        "a:\n    - x\n    - y\nb: 1\n",
        "- - a\n  - b\n- - c\n",
        "- - - x\n    - y\n  - z\n",
        "-\n  a: 1\n  b: 2\n-\n  - x\n",
        "- name: x\n  items:\n  - 1\n  - 2\n  other: y\n- name: z\n",
        "-   a: 1\n    b: 2\n-  c\n",
        "- a\n# c\n- b\n",
        // Nested mappings.
        "a:\n  b:\n    c: d\n  e: f\ng: h\n",
        "a:\n\n\n  b: 1\n",
        "a:\n  # comment\n  b: 1\n",
        "  a: 1\n  b:\n    c: 2\n",
        "a: 1\na: 2\nb: {x: 1, x: 2}\n",
        // Comments and '#' in scalars.
        "# comment\na: 1 # trailing\n# between\nb: 2\n",
        "a: \"x # y\"\nb: 'p # q'\nc: a#b\nd: http://x.y/z?q=1#frag\n",
        "key: \"a\" # c\nk2: 'b'   # d\n",
        "a#b: c\nd: e#\n",
        "a: b #c\n  # indented comment\nd: e\n",
        // Colons.
        "url: http://example.com:8080/path\nratio: 1:2\nk:v: x\n",
        "a   : 1\n\"b\"  : 2\n",
        // Multi-line plain scalars.
        "desc: This is\n  a long\n\n  text\n   with more\nnext: 1\n",
        "- a\n  b\n- c\n",
        "a:\n  b\n c\n",
        "a: x\n  - y\n  ? z\n  [w]\n",
        "a: b\n  c # d\ne: f\n",
        "a: one\n\n\n  two\n\n",
        "just a scalar\nover two lines\n",
        "a: x\n...\n",
        // Quoted scalars.
        "a: \"one\n  two\n\n  three\"\nb: 'x\n  y'\n",
        "a: \"\\t\\n\\\\ \\\" \\x41 \\u00e9 \\U0001F600 \\N \\_ \\L \\P \\e \\0 \\/ \\a\\b\\v\\f\\r\\ \\\t\"\n",
        "a: \"abc\\\n   def\"\nb: \"x  \\\n\n  y\"\n",
        "a: 'it''s'\nb: ''''\nc: 'a\\b'\n",
        "a: \"\"\nb: ''\nc: \"  spaced  \"\nd: ' x '\n",
        "\"a b\": 1\n'c': 2\n\"\": 3\n",
        "a: 'multi\n\n  line'\nb: \"trailing   \n  spaces\"\n",
        "a: \"x\ny\"\n",
        "- \"q\": 1\n  'r': 2\n",
        // Block scalars.
        "a: |\n  line1\n  line2\n\n  line4\nb: 1\n",
        "a: >\n  one\n  two\n\n  three\n    indented\n  back\nb: 1\n",
        "a: |-\n  x\n\n\nb: |+\n  y\n\n\nc: >-\n  z\n\nd: >+\n  w\n\n",
        "a: |2\n    x\n  y\nb: >1\n  z\n",
        "a: |\n  x",
        "a: | # c\n  x\n",
        "- |\n  x\n- >-\n  y\n- |1\n  z\n",
        "a: >\n\n  leading blank\n",
        "a: |\n  x\n    y\n\n  z\n",
        "a: >\n  x\n\n    y\n  z\n\n\n",
        "a: |+\n  x\n\n",
        "a: |\nb: >\nc: |-\n",
        "a: |\n  \n \n  x\n   \n",
        "a: |\n  x\ty\n  \tcode\n",
        "a: |2\n  \tcode\n",
        "a: >-\n    deep\n    lines\nb: 1\n",
        "- a: |\n    x\n  b: >\n    y\n",
        "a: |2-\n    x\n",
        "a: |\n  # not a comment\n# a comment\nb: 1\n",
        // Flow collections.
        "a: [1, 2, three, \"four\", 'five']\nb: {x: 1, y: [a, b], z: {q: r}}\nc: []\nd: {}\n",
        "a: [\n  1,\n  2, # c\n  3\n]\nb: {\n  x: 1,\n  y: 2,\n}\n",
        "a: {k: , j, l: m}\nb: [a, b,]\nc: {x: }\n",
        "{\"a\": 1, \"b\": [true, false, null], \"c\": {\"d\": \"e\"}}",
        "{\"a\":1,\"b\":\"c\"}\n",
        "[1, [2, [3, {a: [4]}]]]\n",
        "a: [one\n  two, three]\nb: [x\n\n  y]\n",
        "a: [\"x\n  y\", 'z']\n",
        "key: [a, b]   # trailing\n",
        "- [a, b]\n- {c: d}\n-   [e]\n",
        "a: {k:v, u: http://x}\nb: [a:b]\n",
        "a: [a b, c  d ]\n",
        "a: [1,\n2]\nb: 3\n",
        "a: {b\n}\n",
        // Documents, BOM, line endings, unicode.
        "---\na: 1\n...\n",
        "--- # doc\na: 1\n",
        "---\n- x\n...\n# after\n",
        "\u{FEFF}a: 1\n",
        "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  l1\r\n\r\n  l2\r\nd: \"q\r\n  r\"\r\ne: p\r\n  q\r\n",
        "a: 1\rb: 2\r",
        "名前: 値\nemoji: 😀 x\nnested:\n  ключ: значение\n  list: [é, ü, \"ß\"]\n  é: {ü: ö}\n",
        "- é: 1\n  ü: 2\n- x: \"😀\"\n",
        "a: café # c\nb: naïve:no\n",
        // Tabs where libyaml allows them: inside scalars.
        "a: x\ty\nb: \"t\tq\"\nc: x\t# c\n",
    ]

    /// Inputs the fast path must leave to libyaml (features outside the subset, or errors).
    static let leftToLibYAML: [String] = [
        "", "# only a comment\n", "---\n", "---\n...\n",
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !custom x\n", "? a\n: b\n", "%YAML 1.2\n---\na: 1\n",
        "a: 1\n---\nb: 2\n", "a: &d {x: 1}\nb:\n  <<: *d\n", "<<: {a: 1}\n",
        "a: [1, 2\nb: 3\n", "a: b: c\n", "a:\n  - x\n  y: 1\n", "a: - b\n", "a:\n\tb: 1\n",
        "a: \"\\'\"\n", "a: \"\\q\"\n", "a: 'x\n", "[a]: b\n", "- a\nb: c\n", "a: 1\n b: 2\n",
        String(repeating: "k", count: 1100) + ": v\n", "a: |0\n  x\n", "a: [a: b]\n", "a: x\n  y: z\n",
        "a: \"x\"y\n", "a: 1\n\u{85}b: 2\n", "a: \u{1}\n", "a: \u{2028}\n", "--- a\n", "- |\n \tx\n",
        "a: |\n      \n  x\n", "a: |\n  \tcode\n", "a: -\n",
    ]

    static func check(_ text: String, expectFast: Bool?, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let result = compare(Array(text.utf8))
        #expect(result.problem == nil, "\(text.debugDescription): \(result.problem ?? "")", sourceLocation: sourceLocation)
        if let expectFast {
            #expect(
                result.usedFastPath == expectFast,
                "\(text.debugDescription): fast path \(result.usedFastPath ? "used" : "gave up")",
                sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: handled)
    func handledSnippetMatchesLibYAML(_ text: String) {
        Self.check(text, expectFast: true)
        // The same with CRLF line ends, and with a BOM.
        Self.check(text.replacingOccurrences(of: "\n", with: "\r\n"), expectFast: text.contains("\r") ? nil : true)
        Self.check("\u{FEFF}" + text, expectFast: text.hasPrefix("\u{FEFF}") ? nil : true)
    }

    @Test(arguments: leftToLibYAML)
    func unsupportedSnippetGivesUp(_ text: String) {
        Self.check(text, expectFast: false)
    }

    /// Every prefix and every one-byte deletion or substitution of the snippets: the fast path
    /// may give up, but must never disagree with libyaml (nor, cut in two, with itself).
    @Test func mutatedSnippetsNeverDisagree() {
        let replacements = Array(" \n:-#\"'[]{},|>\t?\\".utf8)
        var problems: [String] = []
        var fast = 0
        var total = 0
        for text in Self.handled + Self.leftToLibYAML {
            let bytes = Array(text.utf8)
            guard bytes.count <= 200 else { continue }
            var variants: [[UInt8]] = []
            for i in 0..<bytes.count {
                variants.append(Array(bytes[..<i]))
                var deleted = bytes
                deleted.remove(at: i)
                variants.append(deleted)
                for r in replacements where r != bytes[i] {
                    var changed = bytes
                    changed[i] = r
                    variants.append(changed)
                }
            }
            for (n, variant) in variants.enumerated() {
                let result = Self.compare(variant)
                total += 1
                if result.usedFastPath { fast += 1 }
                if let problem = result.problem {
                    problems.append("\(String(decoding: variant, as: UTF8.self).debugDescription): \(problem)")
                }
                // One variant in four is also cut in two at every line.
                if n % 4 == 0 {
                    for problem in Self.cutEverywhere(variant).problems {
                        problems.append("\(String(decoding: variant, as: UTF8.self).debugDescription): \(problem)")
                    }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) of \(total) variants differ:\n\(problems.prefix(15).joined(separator: "\n"))")
        #expect(fast > total / 4, "fast path used on \(fast) of \(total) variants")
    }

    @Test func depthLimitFallsBackToTheSameError() {
        // Five levels: three mappings, a block sequence, a flow sequence.
        let text = "a:\n  b:\n    c:\n      - [1]\n"
        let options = YAMLLoadOptions(maxDepth: 4)
        #expect(JSONDocument.parseYAMLFast(Array(text.utf8), options: options) == nil)
        let viaDispatch = #expect(throws: YAMLParseError.self) { try JSONDocument.parseYAML(text, options: options) }
        let viaLibYAML = #expect(throws: YAMLParseError.self) {
            try JSONDocument.parseYAMLWithLibYAML(Array(text.utf8), options: options)
        }
        #expect(viaDispatch == viaLibYAML)
        #expect(viaDispatch?.message == "nesting deeper than the limit of 4")
        // At the limit exactly, both accept.
        Self.check(text, expectFast: true)
        #expect(Self.compare(Array(text.utf8), options: YAMLLoadOptions(maxDepth: 5)).usedFastPath)
    }

    // MARK: Two parts in parallel

    /// Prefaulting the room for the second part changes nothing a builder holds, however much
    /// room it makes (more than the capacity too), and what is built afterwards is the same.
    @Test(arguments: [0, 1, 3, 1000, 100_000])
    func prefaultKeepsTheBuilder(room: Int) {
        func build(prefault: Bool) -> JSONDocument {
            var builder = DocumentBuilder(capacityHint: 4)
            let object = builder.open(object: true, line: 1, column: 1)
            builder.addString(Array("key".utf8), line: 1, column: 1)
            if prefault { builder.prefault(nodes: room, text: room) }
            builder.addString(Array("value".utf8), line: 1, column: 6)
            builder.close(object, count: 1)
            return builder.finish(sourceName: nil, input: nil)
        }
        let plain = build(prefault: false)
        let prefaulted = build(prefault: true)
        #expect(prefaulted.nodeCount == plain.nodeCount)
        #expect(prefaulted.root.json == plain.root.json)
        #expect(prefaulted.root["key"]?.string == "value")
        #expect(prefaulted.location(ofNode: 2) == plain.location(ofNode: 2))
    }

    /// The two-part parse of `bytes` cut at `split`, or nil when the parts do not join up.
    static func inTwoParts(_ bytes: [UInt8], at split: Int, options: YAMLLoadOptions = .default) -> JSONDocument? {
        bytes.withUnsafeBufferPointer { buffer in
            guard var joined = FastYAMLParser.parseInTwoParts(
                buffer.baseAddress!, count: buffer.count, split: split, maxDepth: options.maxDepth)
            else { return nil }
            return joined.finish(sourceName: nil, input: InputBytes(bytes))
        }
    }

    /// Cuts `bytes` at every line start (at most `limit` of them, evenly spread) and parses the
    /// two parts: each time the parts must either not join up or give exactly the document the
    /// one-piece parse gives. Returns how many cuts joined, and the problems.
    static func cutEverywhere(_ bytes: [UInt8], options: YAMLLoadOptions = .default, limit: Int = .max) -> (joined: Int, problems: [String]) {
        let whole = JSONDocument.parseYAMLFast(bytes, options: options, split: .none)
        var starts = bytes.indices.dropFirst().filter { bytes[$0 - 1] == 0x0A }
        if starts.count > limit {
            let step = Double(starts.count) / Double(limit)
            starts = (0..<limit).map { starts[Int(Double($0) * step)] }
        }
        var joined = 0
        var problems: [String] = []
        for cut in starts {
            guard let parts = inTwoParts(bytes, at: cut, options: options) else { continue }
            joined += 1
            guard let whole else {
                problems.append("cut at \(cut): the parts joined, the one-piece parse gives up")
                continue
            }
            if let problem = difference(parts, whole) { problems.append("cut at \(cut): \(problem)") }
        }
        return (joined, problems)
    }

    @Test(arguments: handled)
    func snippetCutAtEveryLineJoinsToTheSameDocument(_ text: String) {
        for variant in [text, text.replacingOccurrences(of: "\n", with: "\r\n"), "\u{FEFF}" + text] {
            let (_, problems) = Self.cutEverywhere(Array(variant.utf8))
            #expect(problems.isEmpty, "\(variant.debugDescription): \(problems.joined(separator: "\n"))")
        }
    }

    /// The cases the join must refuse or get right: continuation at each open level, a `...`
    /// end in the first part, a second document, flow and quoted scalars across the cut, a
    /// mapping inside a sequence, depth limits.
    @Test func cutsThatMustJoinOrRefuse() throws {
        let nested = "a:\n  b:\n    c: 1\n    d: 2\n  e: 3\nf: 4\n"
        let bytes = Array(nested.utf8)
        let whole = try #require(JSONDocument.parseYAMLFast(bytes, split: .none))
        // Cut before `d` (goes on with b's mapping, then a's, then the root's).
        let cut = try #require(nested.utf8.firstRange(of: "    d".utf8)).lowerBound
        let parts = try #require(Self.inTwoParts(bytes, at: nested.utf8.distance(from: nested.utf8.startIndex, to: cut)))
        #expect(Self.difference(parts, whole) == nil)

        func refuses(_ text: String, cutBefore marker: String, options: YAMLLoadOptions = .default,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let bytes = Array(text.utf8)
            guard let range = text.utf8.firstRange(of: marker.utf8) else {
                Issue.record("no \(marker) in \(text.debugDescription)", sourceLocation: sourceLocation)
                return
            }
            let cut = text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
            #expect(Self.inTwoParts(bytes, at: cut, options: options) == nil, "\(text.debugDescription) cut before \(marker)",
                    sourceLocation: sourceLocation)
        }
        refuses("a: 1\n...\nb: 2\n", cutBefore: "b:")            // content after the end marker
        refuses("a: 1\n---\nb: 2\n", cutBefore: "b:")            // a second document
        refuses("a: [1,\nb, 2]\n", cutBefore: "b,")               // inside a flow sequence
        refuses("a: \"x\nb: y\"\n", cutBefore: "b:")            // inside a quoted scalar
        refuses("a:\n- x: 1\n  y: 2\n", cutBefore: "  y")        // a mapping inside a sequence
        refuses("a:\n  b: 1\n   c: 2\n", cutBefore: "   c")      // no open mapping at that indentation
        refuses("a: >+\n  x\n\nb: 1\n", cutBefore: "b:")          // kept line breaks run on past the cut
        refuses("a: |\n  # text\nb: 1\n", cutBefore: "  #")       // block scalar content, not a comment
        // A flow mapping is closed where it ends: the root goes on after it.
        let flow = "a: {b: 1}\nc: 2\n"
        let flowParts = try #require(Self.inTwoParts(Array(flow.utf8), at: 10))
        #expect(Self.difference(flowParts, try #require(JSONDocument.parseYAMLFast(Array(flow.utf8), split: .none))) == nil)
        // Depth: the second part alone is shallow, joined it is one level too deep.
        let deep = "a:\n  b:\n    c: 1\n    d:\n      e: 1\n"
        refuses(deep, cutBefore: "    d", options: YAMLLoadOptions(maxDepth: 3))
        #expect(Self.inTwoParts(Array(deep.utf8), at: deep.utf8.count - "    d:\n      e: 1\n".utf8.count,
                                options: YAMLLoadOptions(maxDepth: 4)) != nil)
    }

    /// Every YAML file of the shared corpus, cut at up to 16 line starts each.
    @Test func corpusFilesCutInTwoJoinToTheSameDocument() throws {
        var joined = 0
        var problems: [String] = []
        for url in try Self.corpusFiles() {
            let bytes = try [UInt8](Data(contentsOf: url))
            let result = Self.cutEverywhere(bytes, limit: 16)
            joined += result.joined
            problems += result.problems.map { "\(url.lastPathComponent): \($0)" }
        }
        #expect(problems.isEmpty, "\(problems.count) cuts differ:\n\(problems.prefix(10).joined(separator: "\n"))")
        #expect(joined > 1000, "only \(joined) cuts joined")
    }

    /// Large inputs take the two-part path on their own: the cut point is found, and the result
    /// is the one-piece document.
    @Test func largeInputIsCutAutomatically() throws {
        var text = "openapi: 3.1.0\npaths:\n"
        for n in 0..<6000 { text += "  /p\(n):\n    get:\n      summary: \"s \(n)\"\n      tags: [a, b]\n" }
        let bytes = Array(text.utf8)
        #expect(bytes.count >= FastYAMLParser.splitMinimum)
        let cut = try bytes.withUnsafeBufferPointer { buffer in
            try #require(FastYAMLParser.splitPoint(buffer.baseAddress!, count: buffer.count))
        }
        #expect(cut >= bytes.count / 2 && bytes[cut - 1] == 0x0A)
        #expect(Self.inTwoParts(bytes, at: cut) != nil)
        let automatic = try #require(JSONDocument.parseYAMLFast(bytes))
        let whole = try #require(JSONDocument.parseYAMLFast(bytes, split: .none))
        #expect(Self.difference(automatic, whole) == nil)
        #expect(automatic.root["paths"]?["/p5999"]?["get"]?["tags"]?[1]?.location == SourceLocation(line: 24002, column: 17))
    }

    @Test func parseYAMLUsesTheFastPathResult() throws {
        let text = "openapi: 3.1.0\ninfo:\n  title: T\n  tags:\n    - a\n    - b"
        let document = try JSONDocument.parseYAML(text, sourceName: "x.yaml")
        #expect(document.sourceName == "x.yaml")
        #expect(document.root["info"]?["tags"]?[1]?.location == SourceLocation(line: 6, column: 7))
        let fast = try #require(JSONDocument.parseYAMLFast(Array(text.utf8)))
        #expect(Self.difference(fast, document) == nil)
    }
}
