// OpenAPI 3.1 Schema Object dialect. OAS 3.1.x names the dialect
// `https://spec.openapis.org/oas/3.1/dialect/base` (its default `jsonSchemaDialect`); it is
// 2020-12 plus the OAS base vocabulary (`discriminator`, `xml`, `externalDocs`, `example`),
// described by `https://spec.openapis.org/oas/3.1/meta/base`. Note the dialect lists the OAS
// vocabulary as optional (`false`) so that generic 2020-12 implementations can process it.
// (spec.openapis.org also publishes dated copies, e.g. `…/dialect/2024-11-10`, whose content
// differs only in `$id`, title and description; they are not embedded.)

extension MetaSchemas {
    static let oas31Dialect = #"""
    {
      "$id": "https://spec.openapis.org/oas/3.1/dialect/base",
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "OpenAPI 3.1 Schema Object Dialect",
      "description": "A JSON Schema dialect describing schemas found in OpenAPI documents",
      "$vocabulary": {
        "https://json-schema.org/draft/2020-12/vocab/core": true,
        "https://json-schema.org/draft/2020-12/vocab/applicator": true,
        "https://json-schema.org/draft/2020-12/vocab/unevaluated": true,
        "https://json-schema.org/draft/2020-12/vocab/validation": true,
        "https://json-schema.org/draft/2020-12/vocab/meta-data": true,
        "https://json-schema.org/draft/2020-12/vocab/format-annotation": true,
        "https://json-schema.org/draft/2020-12/vocab/content": true,
        "https://spec.openapis.org/oas/3.1/vocab/base": false
      },
      "$dynamicAnchor": "meta",
      "allOf": [
        { "$ref": "https://json-schema.org/draft/2020-12/schema" },
        { "$ref": "https://spec.openapis.org/oas/3.1/meta/base" }
      ]
    }
    """#

    static let oas31MetaBase = #"""
    {
      "$id": "https://spec.openapis.org/oas/3.1/meta/base",
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "OAS Base vocabulary",
      "description": "A JSON Schema Vocabulary used in the OpenAPI Schema Dialect",
      "$vocabulary": { "https://spec.openapis.org/oas/3.1/vocab/base": true },
      "$dynamicAnchor": "meta",
      "type": [ "object", "boolean" ],
      "properties": {
        "example": true,
        "discriminator": { "$ref": "#/$defs/discriminator" },
        "externalDocs": { "$ref": "#/$defs/external-docs" },
        "xml": { "$ref": "#/$defs/xml" }
      },
      "$defs": {
        "extensible": { "patternProperties": { "^x-": true } },
        "discriminator": {
          "$ref": "#/$defs/extensible",
          "type": "object",
          "properties": {
            "propertyName": { "type": "string" },
            "mapping": { "type": "object", "additionalProperties": { "type": "string" } }
          },
          "required": [ "propertyName" ],
          "unevaluatedProperties": false
        },
        "external-docs": {
          "$ref": "#/$defs/extensible",
          "type": "object",
          "properties": {
            "url": { "type": "string", "format": "uri-reference" },
            "description": { "type": "string" }
          },
          "required": [ "url" ],
          "unevaluatedProperties": false
        },
        "xml": {
          "$ref": "#/$defs/extensible",
          "type": "object",
          "properties": {
            "name": { "type": "string" },
            "namespace": { "type": "string", "format": "uri" },
            "prefix": { "type": "string" },
            "attribute": { "type": "boolean" },
            "wrapped": { "type": "boolean" }
          },
          "unevaluatedProperties": false
        }
      }
    }
    """#
}
