import JSONDocument

/// The keywords the compiler reads from a schema object.
enum Keyword: Int, CaseIterable {
    case ref, dynamicRef, recursiveRef
    case type, nullable, const, `enum`, multipleOf, maximum, minimum, exclusiveMaximum, exclusiveMinimum
    case maxLength, minLength, maxItems, minItems, maxProperties, minProperties, pattern, uniqueItems
    case required, dependentRequired, format, contentEncoding, contentMediaType
    case allOf, anyOf, oneOf, not, `if`, then, `else`, unevaluatedProperties, unevaluatedItems
    case properties, patternProperties, additionalProperties, propertyNames, dependencies, dependentSchemas
    case prefixItems, items, additionalItems, contains, minContains, maxContains, discriminator

    /// The keyword as spelled in schemas.
    var name: String { Self.names[rawValue] }

    static let names = allCases.map { keyword -> String in
        switch keyword {
        case .ref: "$ref"
        case .dynamicRef: "$dynamicRef"
        case .recursiveRef: "$recursiveRef"
        default: String(describing: keyword)  // once per keyword, at first use
        }
    }

    static let list = KeyList(names)
}

/// Where each keyword of one schema object is, found in one pass over its keys: the compiler
/// asks for some 30 keywords per schema, and a scan of the keys per question was a fifth of
/// compiling a large description.
struct SchemaKeywords {
    private let members: KeyedMembers

    init(_ schema: JSONValue) { members = KeyedMembers(schema, Keyword.list) }

    subscript(_ keyword: Keyword) -> JSONValue? { members[keyword.rawValue] }
}
