import JSONDocument
import Testing
import XCTest

@Suite struct JSONDocumentTests {
    @Test func readsScalarsAndContainers() throws {
        let doc = try JSONDocument.parse(#"{"a": [1, -2.5, "x\u00e9", true, null], "b": {"c": false}}"#)
        let root = doc.root
        #expect(root.kind == .object)
        #expect(root.count == 2)
        let a = try #require(root["a"])
        #expect(a.count == 5)
        #expect(a[0]?.int == 1)
        #expect(a[1]?.double == -2.5)
        #expect(a[2]?.string == "xé")
        #expect(a[3]?.bool == true)
        #expect(a[4]?.isNull == true)
        #expect(root["b"]?["c"]?.bool == false)
        #expect(root["missing"] == nil)
        #expect(root.members.map(\.key) == ["a", "b"])
    }

    @Test func lookupsTakeTheLastDuplicateAndDuplicatesStayVisible() throws {
        let doc = try JSONDocument.parse(#"{"k": 1, "j": 0, "k": 2}"#)
        #expect(doc.root["k"]?.int == 2)
        #expect(doc.root.count == 3)
        #expect(doc.root.duplicateKeys.map { $0.string } == ["k"])
        #expect(doc.root.duplicateKeys.first?.location == SourceLocation(line: 1, column: 18, offset: 17))
    }

    /// The one-pass tape scan finds exactly what a per-object set of decoded keys finds: keys
    /// sharing length and their first and last eight bytes, escaped spellings, short keys,
    /// maps too large for the pairwise comparison, nested objects, objects inside arrays.
    @Test func duplicateKeyScanMatchesAPerObjectSet() throws {
        var big = (0..<60).map { #""k\#($0)": \#($0)"# }
        big.append(#""k17": "again""#)
        big.append(#""k\u0031\u0037": "escaped""#)
        let text = """
            {"a": {"abcdefgh-1-ijklmnop": 1, "abcdefgh-2-ijklmnop": 2, "abcdefgh-1-ijklmnop": 3},
             "b": [{"x": 1, "y": 2, "x": 3}, {"": 1, "": 2}, {"long key one": 1, "long key two": 2}],
             "c": {\(big.joined(separator: ", "))},
             "d": {"\\u00e9t\\u00e9": 1, "été": 2, "ete": 3},
             "a": null}
            """
        let doc = try JSONDocument.parse(text)
        func reference(_ value: JSONValue) -> [Int] {
            var found: [Int] = []
            if value.kind == .object {
                found += value.duplicateKeys.map { Int($0.index) }
                for (_, member) in value.members { found += reference(member) }
            } else if value.kind == .array {
                for element in value.elements { found += reference(element) }
            }
            return found
        }
        let scanned = doc.duplicateKeyNodes()
        #expect(scanned == reference(doc.root).sorted())
        #expect(scanned.count == 7)
        #expect(scanned.map { doc.pointer(ofNode: $0) } == [
            "/a/abcdefgh-1-ijklmnop", "/b/0/x", "/b/1/", "/c/k17", "/c/k17", "/d/été", "/a",
        ])
        // Pointers of values and of nodes deep inside arrays.
        #expect(doc.pointer(ofNode: 0) == "")
        let nested = try #require(doc.root["b"]?[2]?["long key two"])
        #expect(doc.pointer(ofNode: Int(nested.index)) == "/b/2/long key two")
        // A document without duplicates, and one that is a scalar.
        #expect(try JSONDocument.parse(#"{"a": {"a": {"a": 1}}, "b": [{"a": 1, "b": 2}]}"#).duplicateKeyNodes().isEmpty)
        #expect(try JSONDocument.parse("7").duplicateKeyNodes().isEmpty)
    }

    static let largeObject: String = {
        let members: [String] = (0..<100).map { n in
            let value = n % 3 == 0 ? "{\"x\": [\(n), {\"y\": null}]}" : String(n)
            return "\"k\(n)\": " + value
        }
        return "{" + members.joined(separator: ", ") + "}"
    }()
    static let largeArray: String = {
        let elements: [String] = (0..<150).map { n in n % 4 == 0 ? "{\"k\": [\(n), [\(n)]]}" : String(n) }
        let last: [String] = (0..<40).map { n in "\"m~\(n)\": [1]" }
        return "[" + elements.joined(separator: ", ") + ", {" + last.joined(separator: ", ") + "}]"
    }()

    /// Every node's pointer against one built walking down from the root: keys that need escaping,
    /// empty keys, duplicates, arrays in arrays, scalars, JSON and YAML, and containers large
    /// enough to be searched through a child index (`PathFinder.indexedCount`).
    @Test(arguments: [
        #"{"a/b": {"m~n": [1, [2, {"": 3}], {"x": [true]}]}, "": {"": null}, "d": 1, "d": [[], {}], "é": "v"}"#,
        "a/b:\n  m~n:\n  - 1\n  - [2, {'': 3}]\n  - x: [true]\n'': {'': null}\nlist:\n- - - deep\n- {}\n",
        "[]", "42",
        JSONDocumentTests.largeObject, JSONDocumentTests.largeArray,
    ])
    func pointerOfEveryNode(_ text: String) throws {
        let doc = text.hasPrefix("{") || text.hasPrefix("[") || text == "42"
            ? try JSONDocument.parse(text) : try JSONDocument.parseYAML(text)
        var expected: [Int: String] = [:]
        // The member keys above each node, its own excluded (`hasAncestorKey`).
        var above: [Int: [String]] = [:]
        func walk(_ value: JSONValue, _ pointer: String, _ ancestors: [String], ownKey: String?) {
            expected[Int(value.index)] = pointer
            above[Int(value.index)] = ancestors
            let inner = ancestors + (ownKey.map { [$0] } ?? [])
            if value.kind == .object {
                doc.withReader { r in
                    r.forEachMember(Int(value.index)) { k, v in
                        let key = String(decoding: r.string(k), as: UTF8.self)
                        let token = JSONPointer.escape(key)
                        expected[k] = pointer + "/" + token
                        above[k] = inner
                        walk(doc.value(at: v), pointer + "/" + token, inner, ownKey: key)
                        return true
                    }
                }
            } else if value.kind == .array {
                for (n, element) in value.elements.enumerated() {
                    walk(element, pointer + "/" + String(n), inner, ownKey: nil)
                }
            }
        }
        walk(doc.root, "", [], ownKey: nil)
        #expect(expected.count == doc.nodeCount)
        let names = Array(Set(above.values.joined()).sorted().prefix(12)) + ["absent"]
        for index in 0..<doc.nodeCount {
            #expect(doc.pointer(ofNode: index) == expected[index], "node \(index)")
            let keys = above[index] ?? []
            for name in names {
                let found = doc.hasAncestorKey(ofNode: index) { $0.elementsEqual(name.utf8) }
                #expect(found == keys.contains(name), "node \(index), key \(name)")
            }
        }
    }

    @Test(arguments: [
        ("9223372036854775807", "9223372036854775807"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("18446744073709551615", "18446744073709551615"),
        ("12345678901234567890123", "12345678901234567890123"),
        ("1e400", "1e400"),
        ("-0", "0"),
    ])
    func numbersKeepTheirExactValue(text: String, expected: String) throws {
        let doc = try JSONDocument.parse(text)
        #expect(doc.root.number?.description == expected)
        #expect(doc.root.json == (expected == "0" ? "0" : text))
    }

    @Test func exactComparisonAndDivisibility() throws {
        let big = try #require(JSONDocument.parse("12345678901234567890123").root.number)
        let bigger = try #require(JSONDocument.parse("12345678901234567890124").root.number)
        #expect(JSONNumber.compare(big, bigger) == -1)
        #expect(big.isInteger)
        let x = try #require(JSONDocument.parse("0.0075").root.number)
        let m = try #require(JSONDocument.parse("0.0001").root.number)
        #expect(x.isMultiple(of: m))
        #expect(!(try #require(JSONDocument.parse("0.00751").root.number)).isMultiple(of: m))
        let huge = try #require(JSONDocument.parse("1e308").root.number)
        #expect(huge.isMultiple(of: .double(0.5)))
        #expect(!(try #require(JSONDocument.parse("1.5").root.number)).isInteger)
        #expect((try #require(JSONDocument.parse("1.0").root.number)).isInteger)
        #expect((try #require(JSONDocument.parse("100e-2").root.number)).isInteger)
        #expect(!(try #require(JSONDocument.parse("1e-400").root.number)).isInteger)
    }

    @Test func schemaEqualityIgnoresKeyOrderAndNumberSpelling() throws {
        let a = try JSONDocument.parse(#"{"x": [1, {"p": 2.0, "q": "s"}], "y": null}"#).root
        let b = try JSONDocument.parse(#"{"y": null, "x": [1.0, {"q": "s", "p": 2}]}"#).root
        let c = try JSONDocument.parse(#"{"y": null, "x": [1.0, {"q": "s", "p": 3}]}"#).root
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != c)
        #expect(try JSONDocument.parse("true").root != JSONDocument.parse("1").root)
        #expect(try JSONDocument.parse(#""\u0041""#).root == JSONDocument.parse(#""A""#).root)
    }

    @Test func jsonPointer() throws {
        let doc = try JSONDocument.parse(#"{"a/b": {"m~n": [10, 20]}, "": 5}"#)
        #expect(doc.root.resolve(pointer: "/a~1b/m~0n/1")?.int == 20)
        #expect(doc.root.resolve(pointer: "/")?.int == 5)
        #expect(doc.root.resolve(pointer: "")?.kind == .object)
        #expect(doc.root.resolve(pointer: "/a~1b/m~0n/01") == nil)
        #expect(doc.root.resolve(pointer: "a") == nil)
        #expect(JSONPointer.tokens(fragment: "#/a~1b/m%7E0n%20") == ["a/b", "m~n "])
        #expect(JSONPointer.tokens(fragment: "#/m%7En") == nil)
        #expect(JSONPointer.pointer(["a/b", "m~n"]) == "/a~1b/m~0n")
        // Fragments: only what a URI fragment cannot hold is encoded, and it round-trips.
        let pointer = JSONPointer.pointer(["a b", "50%", "é", "x{y}", "plain"])
        let fragment = JSONPointer.fragment(pointer)
        #expect(fragment == "/a%20b/50%25/%C3%A9/x%7By%7D/plain")
        #expect(JSONPointer.tokens(fragment: "#" + fragment) == ["a b", "50%", "é", "x{y}", "plain"])
        #expect(JSONPointer.fragment("/$defs/a-b") == "/$defs/a-b")
        // Appending one token escapes it like `pointer(_:)` does.
        for (base, token) in [("", "a"), ("/x", "a/b~c"), ("/x/y", ""), ("", "~~//"), ("/é", "ü/€"), ("/long/" + String(repeating: "p", count: 40), "k")] {
            #expect(JSONPointer.appending(token, to: base) == base + "/" + JSONPointer.escape(token))
        }
    }

    /// Found by YAMLFuzz: "/" followed by a combining mark is one Character, so a
    /// Character-based prefix test called this valid pointer malformed.
    @Test func pointerToAKeyStartingWithACombiningMark() throws {
        let doc = try JSONDocument.parse([0x7B, 0x22, 0xCC, 0x81, 0x22, 0x3A, 0x31, 0x7D])  // {"\u{301}":1}
        #expect(JSONPointer.tokens("/\u{301}") == ["\u{301}"])
        #expect(doc.root.resolve(pointer: "/\u{301}")?.int == 1)
        #expect(JSONPointer.tokens(fragment: "#/\u{301}") == ["\u{301}"])
    }

    @Test func nodesKnowTheirLineAndColumn() throws {
        let doc = try JSONDocument.parse("{\n  \"a\": [\n    1,\n    \"é\", true\n  ]\n}")
        let a = try #require(doc.root["a"])
        #expect(a.location.line == 2 && a.location.column == 8)
        #expect(a[1]?.location == SourceLocation(line: 4, column: 5, offset: 22))
        // Columns count characters, not bytes.
        #expect(a[2]?.location.column == 10)
    }

    @Test func errorsNameOffsetLineAndColumn() {
        let error = #expect(throws: JSONParseError.self) { try JSONDocument.parse("{\n  \"a\": [1,]\n}") }
        #expect(error?.line == 2)
        #expect(error?.column == 11)
        #expect(error?.message.contains("expected a value") == true)
    }

    @Test func deepNestingIsACleanError() {
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let error = #expect(throws: JSONParseError.self) { try JSONDocument.parse(deep) }
        #expect(error?.message == "nesting deeper than the limit of 1000")
        #expect(error?.offset == 1000)
        let ok = String(repeating: "[", count: 50) + String(repeating: "]", count: 50)
        #expect(throws: JSONParseError.self) { try JSONDocument.parse(ok, options: .init(maxDepth: 49)) }
        #expect(throws: Never.self) { try JSONDocument.parse(ok, options: .init(maxDepth: 50)) }
    }

    @Test(arguments: [
        [0x22, 0xC3, 0x22],  // truncated 2-byte sequence
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0xC0, 0xAF, 0x22],  // overlong
        [0x22, 0x80, 0x22],  // lone continuation byte
    ] as [[UInt8]])
    func invalidUTF8IsRejected(_ bytes: [UInt8]) {
        let error = #expect(throws: JSONParseError.self) { try JSONDocument.parse(bytes) }
        #expect(error?.message.hasPrefix("invalid UTF-8") == true)
        #expect(error?.offset == 1)
    }

    @Test func inputSizeLimit() {
        let error = #expect(throws: JSONParseError.self) {
            try JSONDocument.parse("[1, 2, 3]", options: .init(maxInputBytes: 4))
        }
        #expect(error?.message.contains("exceeds the limit of 4 bytes") == true)
    }

    @Test func escapesDecodeIntoTheSideBuffer() throws {
        let doc = try JSONDocument.parse(#"["a\"b\\c\/d\b\f\n\r\t", "\ud83d\ude00", "plain"]"#)
        #expect(doc.root[0]?.string == "a\"b\\c/d\u{8}\u{c}\n\r\t")
        #expect(doc.root[1]?.string == "😀")
        #expect(doc.root[2]?.string == "plain")
        #expect(doc.root.json == #"["a\"b\\c/d\u0008\u000C\n\r\t","😀","plain"]"#)
    }

    @Test func jsonLinesReportLineNumbers() throws {
        let input = Array("{\"a\": 1}\n\n[1, 2]\r\n{bad}\n\"last\"".utf8)
        let entries = Array(JSONLines(input))
        #expect(entries.map(\.line) == [1, 3, 4, 5])
        #expect(try entries[0].result.get().root["a"]?.int == 1)
        #expect(try entries[1].result.get().root.count == 2)
        guard case .failure(let error) = entries[2].result else {
            Issue.record("line 4 should fail")
            return
        }
        #expect(error.line == 4 && error.column == 2)
        #expect(try entries[3].result.get().root.string == "last")
    }

    @Test func tapeCostsSixteenBytesPerNode() {
        #expect(MemoryLayout<TapeNode>.size == 16)
        #expect(MemoryLayout<TapeNode>.stride == 16)
    }
}

/// One XCTest so both summaries of `swift test` count real tests.
final class JSONDocumentXCTests: XCTestCase {
    func testRoundTripOfANestedDocument() throws {
        let text = #"{"a":[1,2.5,"x",true,false,null,{"b":[]}],"c":{}}"#
        let doc = try JSONDocument.parse(text)
        XCTAssertEqual(doc.root.json, text)
        XCTAssertEqual(doc.nodeCount, 14)
    }
}
