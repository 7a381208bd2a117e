/// The output formats of JSON Schema 2020-12 (core, "Output Formatting").
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Only the verdict: `{"valid": false}`.
    case flag
    /// A flat list of error units (or, when valid, annotation units).
    case basic
    /// Units nested by schema location; a unit with a single child is replaced by that child.
    case detailed
    /// Units nested by schema location, uncondensed, with annotations of the schemas that held.
    case verbose
}

extension ValidationResult {
    /// Renders the result as one JSON output document in the given format.
    public func output(_ format: OutputFormat) -> String {
        var w = OutputWriter()
        switch format {
        case .flag:
            w.raw("{\"valid\":\(isValid)}")
        case .basic:
            w.raw("{\"valid\":\(isValid),\"keywordLocation\":\"\",\"instanceLocation\":\"\"")
            if isValid {
                if !annotations.isEmpty {
                    w.raw(",\"annotations\":[")
                    for (n, a) in annotations.enumerated() {
                        if n > 0 { w.raw(",") }
                        w.annotation(a)
                    }
                    w.raw("]")
                }
            } else {
                w.raw(",\"errors\":[")
                for (n, e) in errors.enumerated() {
                    if n > 0 { w.raw(",") }
                    w.error(e)
                }
                w.raw("]")
            }
            w.raw("}")
        case .detailed, .verbose:
            let tree = OutputTree(errors: errors, annotations: format == .verbose && isValid ? annotations : [])
            w.unit(tree.root, in: tree, condense: format == .detailed, isRoot: true)
        }
        return w.text
    }
}

/// Units of the hierarchical formats: one per (schema location, instance location) that
/// produced an error or an annotation, nested along the keyword path.
struct OutputTree {
    struct Unit {
        var keywordLocation: String
        var instanceLocation: String
        var children: [Int] = []
        var errors: [SchemaValidationError] = []
        var annotations: [SchemaAnnotation] = []
        var valid = true
    }

    var units: [Unit] = [Unit(keywordLocation: "", instanceLocation: "")]
    var index: [String: Int] = ["\u{0}": 0]
    var root: Int { 0 }

    init(errors: [SchemaValidationError], annotations: [SchemaAnnotation]) {
        for e in errors {
            let unit = place(keywordLocation: e.keywordLocation, instanceLocation: e.instanceLocation, invalid: true)
            units[unit].errors.append(e)
        }
        for a in annotations {
            let unit = place(keywordLocation: a.keywordLocation, instanceLocation: a.instanceLocation, invalid: false)
            units[unit].annotations.append(a)
        }
    }

    /// Keywords whose value is a map of subschemas (the next token names one).
    static let schemaMaps: Set<String> = [
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies",
    ]
    /// Keywords whose value is an array of subschemas (the next token indexes one).
    static let schemaArrays: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems", "items"]
    /// Keywords whose value is one subschema.
    static let schemaSingles: Set<String> = [
        "not", "if", "then", "else", "items", "additionalItems", "additionalProperties", "contains",
        "propertyNames", "unevaluatedItems", "unevaluatedProperties", "$ref", "$dynamicRef", "$recursiveRef",
        "contentSchema",
    ]
    /// Applicators that move to a child of the instance.
    static let descending: Set<String> = [
        "properties", "patternProperties", "additionalProperties", "items", "prefixItems", "additionalItems",
        "contains", "unevaluatedItems", "unevaluatedProperties",
    ]

    /// The unit chain of a keyword location: returns the deepest unit, creating ancestors.
    mutating func place(keywordLocation: String, instanceLocation: String, invalid: Bool) -> Int {
        let tokens = keywordLocation.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let instanceTokens = instanceLocation.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        // Schema-unit boundaries along the path, and how many instance steps each has taken.
        var boundaries: [(tokenCount: Int, instanceSteps: Int)] = []
        var steps = 0
        var k = 0
        while k < tokens.count - 1 {  // the last token is the keyword that produced the unit
            let t = tokens[k]
            let next = tokens[k + 1]
            if Self.descending.contains(t) { steps += 1 }
            if Self.schemaMaps.contains(t) || (Self.schemaArrays.contains(t) && next.allSatisfy(\.isNumber)) {
                k += 2
            } else if Self.schemaSingles.contains(t) {
                k += 1
            } else {
                k += 1
                continue
            }
            boundaries.append((k, steps))
        }
        var parent = root
        if invalid { units[root].valid = false }
        for b in boundaries {
            let keyword = tokens.prefix(b.tokenCount).map { "/" + $0 }.joined()
            let instance =
                b.instanceSteps <= instanceTokens.count
                ? instanceTokens.prefix(b.instanceSteps).map { "/" + $0 }.joined() : instanceLocation
            let key = keyword + "\u{0}" + instance
            let unit: Int
            if let existing = index[key] {
                unit = existing
            } else {
                units.append(Unit(keywordLocation: keyword, instanceLocation: instance))
                unit = units.count - 1
                index[key] = unit
                units[parent].children.append(unit)
            }
            if invalid { units[unit].valid = false }
            parent = unit
        }
        return parent
    }
}

struct OutputWriter {
    var text = ""

    mutating func raw(_ s: String) { text += s }
    mutating func string(_ s: String) { text += JSONWriter.quote(s) }

    mutating func error(_ e: SchemaValidationError) {
        raw("{\"valid\":false,\"keywordLocation\":")
        string(e.keywordLocation)
        raw(",\"absoluteKeywordLocation\":")
        string(e.absoluteKeywordLocation)
        raw(",\"instanceLocation\":")
        string(e.instanceLocation)
        raw(",\"error\":")
        string(e.message)
        raw("}")
    }

    mutating func annotation(_ a: SchemaAnnotation) {
        raw("{\"valid\":true,\"keywordLocation\":")
        string(a.keywordLocation)
        raw(",\"absoluteKeywordLocation\":")
        string(a.absoluteKeywordLocation)
        raw(",\"instanceLocation\":")
        string(a.instanceLocation)
        raw(",\"annotation\":\(a.value)}")
    }

    /// Writes a unit; when condensing, a non-root unit with exactly one nested item is replaced by it.
    mutating func unit(_ id: Int, in tree: OutputTree, condense: Bool, isRoot: Bool = false) {
        let u = tree.units[id]
        let itemCount = u.children.count + u.errors.count + (condense ? 0 : u.annotations.count)
        if condense && !isRoot && itemCount == 1 {
            if let child = u.children.first { return unit(child, in: tree, condense: true) }
            if let e = u.errors.first { return error(e) }
        }
        raw("{\"valid\":\(u.valid),\"keywordLocation\":")
        string(u.keywordLocation)
        raw(",\"instanceLocation\":")
        string(u.instanceLocation)
        if !u.valid {
            raw(",\"errors\":[")
            var first = true
            for e in u.errors {
                if !first { raw(",") }
                first = false
                error(e)
            }
            for child in u.children where !tree.units[child].valid {
                if !first { raw(",") }
                first = false
                unit(child, in: tree, condense: condense)
            }
            raw("]")
        } else if !u.annotations.isEmpty || !u.children.isEmpty {
            raw(",\"annotations\":[")
            var first = true
            for a in u.annotations {
                if !first { raw(",") }
                first = false
                annotation(a)
            }
            for child in u.children {
                if !first { raw(",") }
                first = false
                unit(child, in: tree, condense: condense)
            }
            raw("]")
        }
        raw("}")
    }
}
