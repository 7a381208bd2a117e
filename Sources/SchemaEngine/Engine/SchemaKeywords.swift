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

    /// The spelling as a static string (instruction origins store it without reference counting).
    var spelling: StaticString {
        switch self {
        case .ref: "$ref"
        case .dynamicRef: "$dynamicRef"
        case .recursiveRef: "$recursiveRef"
        case .type: "type"
        case .nullable: "nullable"
        case .const: "const"
        case .`enum`: "enum"
        case .multipleOf: "multipleOf"
        case .maximum: "maximum"
        case .minimum: "minimum"
        case .exclusiveMaximum: "exclusiveMaximum"
        case .exclusiveMinimum: "exclusiveMinimum"
        case .maxLength: "maxLength"
        case .minLength: "minLength"
        case .maxItems: "maxItems"
        case .minItems: "minItems"
        case .maxProperties: "maxProperties"
        case .minProperties: "minProperties"
        case .pattern: "pattern"
        case .uniqueItems: "uniqueItems"
        case .required: "required"
        case .dependentRequired: "dependentRequired"
        case .format: "format"
        case .contentEncoding: "contentEncoding"
        case .contentMediaType: "contentMediaType"
        case .allOf: "allOf"
        case .anyOf: "anyOf"
        case .oneOf: "oneOf"
        case .not: "not"
        case .`if`: "if"
        case .then: "then"
        case .`else`: "else"
        case .unevaluatedProperties: "unevaluatedProperties"
        case .unevaluatedItems: "unevaluatedItems"
        case .properties: "properties"
        case .patternProperties: "patternProperties"
        case .additionalProperties: "additionalProperties"
        case .propertyNames: "propertyNames"
        case .dependencies: "dependencies"
        case .dependentSchemas: "dependentSchemas"
        case .prefixItems: "prefixItems"
        case .items: "items"
        case .additionalItems: "additionalItems"
        case .contains: "contains"
        case .minContains: "minContains"
        case .maxContains: "maxContains"
        case .discriminator: "discriminator"
        }
    }

    static let names = allCases.map { $0.spelling.description }

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
