#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
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

    static let count = allCases.count

    /// Keyword ordinals by the byte length of their names.
    static let byLength: [[(bytes: [UInt8], keyword: Int)]] = {
        var table = [[(bytes: [UInt8], keyword: Int)]](repeating: [], count: 32)
        for k in allCases {
            let bytes = Array(names[k.rawValue].utf8)
            table[bytes.count].append((bytes, k.rawValue))
        }
        return table
    }()
}

/// Where each keyword of one schema object is, found in one pass over its keys: the compiler
/// asks for some 30 keywords per schema, and a scan of the keys per question was a fifth of
/// compiling a large description.
struct SchemaKeywords {
    private let document: JSONDocument
    /// Tape index of each keyword's value (-1: absent); the last of duplicate keys wins, as in lookups.
    private var slots: [Int32]

    init(_ schema: JSONValue) {
        document = schema.document
        var slots = [Int32](repeating: -1, count: Keyword.count)
        let table = Keyword.byLength
        schema.document.withReader { r in
            r.forEachMember(Int(schema.index)) { k, v in
                let key = r.string(k)
                guard key.count < table.count, let start = key.baseAddress else { return true }
                for candidate in table[key.count] where candidate.bytes.first == start.pointee
                    && memcmp(candidate.bytes, start, key.count) == 0
                {
                    slots[candidate.keyword] = Int32(v)
                    break
                }
                return true
            }
        }
        self.slots = slots
    }

    subscript(_ keyword: Keyword) -> JSONValue? {
        let index = slots[keyword.rawValue]
        return index < 0 ? nil : document.value(at: Int(index))
    }
}
