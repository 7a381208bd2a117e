import JSONDocument
import SchemaEngine
import Testing

/// The fast path (`isValid`) runs its own layout of the program and its own `uniqueItems`
/// hashing; these cases check it against `validate` and against brute-force equality.
@Suite("Engine fast path")
struct FastPathTests {
    private func check(_ schema: String, _ instances: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let v = try Validator(schema: schema)
        for text in instances {
            let doc = try JSONDocument.parse(text)
            #expect(v.isValid(doc) == v.validate(doc).isValid, "\(schema) on \(text)", sourceLocation: sourceLocation)
        }
    }

    /// Arrays long enough for the hashed path (more than 16 items), with duplicates that only
    /// JSON equality sees: 1 and 1.0, reordered keys, a repeated key whose last value counts.
    @Test func uniqueItemsHashedAgreesWithPairwise() throws {
        let v = try Validator(schema: #"{"uniqueItems": true}"#)
        let filler = (0..<20).map { #"{"n": \#($0)}"# } + ["1", "0", #"[1, {"a": 2.0}]"#, #""s""#]
        let cases: [(String, Bool)] = [
            ("1.0", false), ("1", false), ("-0.0", false), ("0", false), (#"[1, {"a": 2}]"#, false), ("2", true),
            (#"{"n": 3.0}"#, false), (#"{"x": 1, "n": 3}"#, true), (#"{"n": 3, "n": 4}"#, false), (#""s""#, false),
            (#"{"n": 4, "n": 3}"#, false), ("1e400", true), (#""\u0073""#, false), (#"[{"a": 2}, 1]"#, true),
        ]
        for (extra, unique) in cases {
            let text = "[" + (filler + [extra]).joined(separator: ", ") + "]"
            #expect(v.isValid(try JSONDocument.parse(text)) == unique, "\(extra)")
            #expect(v.validate(try JSONDocument.parse(text)).isValid == unique, "\(extra)")
        }
        let base = (0..<30).map { #"{"k\#($0 % 7)": [\#($0), "x", {"a": \#($0 % 5)}]}"# }
        #expect(v.isValid(try JSONDocument.parse("[" + base.joined(separator: ",") + "]")))
        let doubled = base + [#"{"k2": [2, "x", {"a": 2}]}"#]
        #expect(!v.isValid(try JSONDocument.parse("[" + doubled.joined(separator: ",") + "]")))
        let strings = (0..<40).map { "\"item-\($0)\"" }
        #expect(v.isValid(try JSONDocument.parse("[" + strings.joined(separator: ",") + "]")))
        #expect(!v.isValid(try JSONDocument.parse("[" + (strings + ["\"item-39\""]).joined(separator: ",") + "]")))
    }

    @Test func spliceAndReorderKeepMeaning() throws {
        try check(
            ##"{"$defs": {"s": {"type": "string", "minLength": 2}, "e": {"enum": ["a", "bb"]}},"##
                + ##" "type": "object", "properties": {"x": {"$ref": "#/$defs/s"}, "y": {"$ref": "#/$defs/e", "type": "string"}},"##
                + ##" "required": ["x"], "additionalProperties": false}"##,
            [#"{"x": "ab"}"#, #"{"x": "a"}"#, #"{"y": "a"}"#, #"{"x": "ab", "y": "bb"}"#, #"{"x": "ab", "y": "c"}"#, #"{"x": "ab", "z": 1}"#, "1"])
        try check(
            #"{"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "number", "minimum": 5}]}"#,
            ["\"a\"", "1", "7", "2.5", "7.5", "null"])
        try check(
            #"{"anyOf": [{"type": "string", "const": "a"}, {"const": "b"}, {"type": "array"}], "not": {"const": "b"}}"#,
            ["\"a\"", "\"b\"", "[]", "\"c\"", "1"])
    }

    @Test func staticDynamicReference() throws {
        try check(
            #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$dynamicAnchor": "node","#
                + ##" "oneOf": [{"type": "integer"}, {"type": "array", "items": {"$dynamicRef": "#node"}}]}"##,
            ["1", "[1, [2, [3]]]", "[1, \"x\"]", "\"x\""])
    }
}
