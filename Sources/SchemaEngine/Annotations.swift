/// An annotation keyword of a compiled schema, reported in exhaustive mode.
struct BlockAnnotation: Sendable {
    /// Keywords whose only effect is an annotation (meta-data, content, and `format` — which
    /// is also reported when asserted, as the value it checked against).
    static let keywords = [
        "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples", "format",
        "contentMediaType", "contentEncoding", "contentSchema", "example", "discriminator", "xml", "externalDocs",
    ]

    /// Position of `key` in `keywords`, or nil (compared as bytes: called for every schema key).
    static func rank(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = key.first else { return nil }
        for (rank, keyword) in keywordBytes.enumerated() where keyword.first == first && keyword.count == key.count {
            if keyword.elementsEqual(key) { return rank }
        }
        return nil
    }

    private static let keywordBytes: [[UInt8]] = keywords.map { Array($0.utf8) }

    var keyword: String
    /// Keyword location from the root of the compiled unit.
    var path: String
    /// Base URI and JSON Pointer of the keyword (the absolute location is built when read).
    var base: String
    var pointer: String
    /// The keyword's value (serialized when read: most compiled annotations are never reported).
    var node: JSONValue
    /// Absolute keyword location.
    var absolute: String { base + "#" + JSONPointer.fragment(pointer) }
    /// The keyword's value as JSON text.
    var value: String { node.json }
}

/// An annotation produced by a successful evaluation: which keyword said what about which value.
public struct SchemaAnnotation: Sendable, Equatable {
    public var instanceLocation: String
    public var keywordLocation: String
    public var absoluteKeywordLocation: String
    public var keyword: String
    /// The annotation value as JSON text (`true`, `"a title"`, `[1, 2]`).
    public var value: String
}

/// An OpenAPI `discriminator` next to `oneOf`/`anyOf`: which branch a property value selects.
/// Used only to focus error reports; the verdict stays that of `oneOf`/`anyOf`.
struct DiscriminatorTable: Sendable {
    var propertyName: String
    /// Discriminator value → branch position, from `mapping` and from the implicit
    /// names (the last segment of each branch's `$ref`).
    var branches: [String: Int]
}
