// Embedded official meta-schemas for every JSON Schema dialect the engine supports, so
// that resolving `$schema` / meta-schema `$ref`s never needs the network.
//
// The texts live in one file per draft family (`MetaSchemas+<Family>.swift`) and are
// written by hand in our own layout; `Tests/SchemaEngineTests/MetaSchemaTests.swift`
// checks each one against the official copy (semantic JSON equality).
//
// Versions embedded are the ones json-schema.org / spec.openapis.org serve today (e.g. the
// 2019-09 / 2020-12 vocabulary meta-schemas without their own `$vocabulary`), not the
// as-released snapshots.

/// The official meta-schemas (and vocabulary meta-schemas) of every supported dialect.
public enum MetaSchemas {
    /// Every embedded document, keyed by its canonical `$id` (`id` for draft-04) exactly as
    /// written in the document. Order: oldest draft first; within a draft the dialect
    /// meta-schema precedes its vocabulary meta-schemas.
    public static let all: [(uri: String, text: String)] = [
        // draft-04 / draft-06 / draft-07
        ("http://json-schema.org/draft-04/schema#", draft04),
        ("http://json-schema.org/draft-06/schema#", draft06),
        ("http://json-schema.org/draft-07/schema#", draft07),
        // 2019-09
        ("https://json-schema.org/draft/2019-09/schema", draft2019_09),
        ("https://json-schema.org/draft/2019-09/meta/core", draft2019_09Core),
        ("https://json-schema.org/draft/2019-09/meta/applicator", draft2019_09Applicator),
        ("https://json-schema.org/draft/2019-09/meta/validation", draft2019_09Validation),
        ("https://json-schema.org/draft/2019-09/meta/meta-data", draft2019_09MetaData),
        ("https://json-schema.org/draft/2019-09/meta/format", draft2019_09Format),
        ("https://json-schema.org/draft/2019-09/meta/content", draft2019_09Content),
        // 2020-12
        ("https://json-schema.org/draft/2020-12/schema", draft2020_12),
        ("https://json-schema.org/draft/2020-12/meta/core", draft2020_12Core),
        ("https://json-schema.org/draft/2020-12/meta/applicator", draft2020_12Applicator),
        ("https://json-schema.org/draft/2020-12/meta/unevaluated", draft2020_12Unevaluated),
        ("https://json-schema.org/draft/2020-12/meta/validation", draft2020_12Validation),
        ("https://json-schema.org/draft/2020-12/meta/meta-data", draft2020_12MetaData),
        ("https://json-schema.org/draft/2020-12/meta/format-annotation", draft2020_12FormatAnnotation),
        ("https://json-schema.org/draft/2020-12/meta/format-assertion", draft2020_12FormatAssertion),
        ("https://json-schema.org/draft/2020-12/meta/content", draft2020_12Content),
        // OpenAPI 3.1 Schema Object dialect (built on 2020-12)
        ("https://spec.openapis.org/oas/3.1/dialect/base", oas31Dialect),
        ("https://spec.openapis.org/oas/3.1/meta/base", oas31MetaBase),
    ]

    /// The embedded text of the meta-schema identified by `uri`, or `nil` if none is embedded.
    ///
    /// A trailing empty fragment is insignificant: `…/draft-07/schema#` and
    /// `…/draft-07/schema` name the same document (both spellings occur in `$schema`).
    /// Non-empty fragments (`…/schema#/definitions/x`) are not stripped: those identify a
    /// subschema, not a document, so resolve the document first.
    public static func text(for uri: String) -> String? {
        byNormalizedURI[normalize(uri)]
    }

    private static let byNormalizedURI: [String: String] = {
        var map: [String: String] = [:]
        map.reserveCapacity(all.count)
        for entry in all {
            let key = normalize(entry.uri)
            precondition(map[key] == nil, "duplicate embedded meta-schema \(entry.uri)")
            map[key] = entry.text
        }
        return map
    }()

    /// Drops a trailing empty fragment (`#`).
    static func normalize(_ uri: String) -> String {
        uri.hasSuffix("#") ? String(uri.dropLast()) : uri
    }
}
