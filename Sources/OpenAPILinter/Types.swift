import OpenAPIModel

/// What a field's value must be.
indirect enum Spec: Sendable {
    case string, bool, number, integer, nonNegativeInteger, any
    case oneOf([String])
    case type(String)
    case map(Spec)
    case list(Spec)
    /// A list of strings with distinct entries.
    case uniqueStrings
    case either(Spec, Spec)

    var label: String {
        switch self {
        case .string: "a string"
        case .bool: "a boolean"
        case .number: "a number"
        case .integer: "an integer"
        case .nonNegativeInteger: "a non-negative integer"
        case .any: "any value"
        case .oneOf(let values): "one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
        case .type(let name): "a\(name.first.map { "AEIOU".contains($0) } == true ? "n" : "") \(ObjectType.display(name))"
        case .map: "an object (map)"
        case .list: "an array"
        case .uniqueStrings: "an array of distinct strings"
        case .either(let a, let b): "\(a.label) or \(b.label)"
        }
    }
}

/// The fields an object of one kind may have.
struct ObjectType: Sendable {
    var fields: [String: Spec]
    var required: [String] = []
    /// Keys outside `fields`: a predicate, the value spec and a description for messages.
    var patterned: [(test: @Sendable (String) -> Bool, spec: Spec, what: String)] = []
    var extensions = true
    /// Unknown keys are fine (3.1 Schema Objects: any JSON Schema keyword).
    var open = false
    /// May be replaced by a Reference Object.
    var refable = false

    static func display(_ name: String) -> String {
        switch name {
        case "Schema", "Schema31", "Schema2": "Schema Object"
        case "Root": "OpenAPI Object"
        case "Parameter2": "Parameter Object"
        case "Operation2": "Operation Object"
        case "PathItem2": "Path Item Object"
        case "Response2", "Responses2": name.dropLast() + " Object"
        case "Header2", "Items2", "Root2", "SecurityScheme2":
            name == "Root2" ? "Swagger Object" : name.dropLast() + " Object"
        default: (name.hasPrefix("OAuth") ? "OAuth " + name.dropFirst(5) : name) + " Object"
        }
    }
}

extension String {
    /// Replaces every occurrence of `target`'s bytes. On UTF-8 bytes rather than Characters:
    /// `_StringProcessing`'s generic search costs thousands of instructions per call, and a
    /// Character search would not find "\r" inside a "\r\n" grapheme (GitHub annotations must
    /// escape both). Valid UTF-8 only matches at scalar boundaries, so the result stays valid.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard let first = needle.first else { return self }
        var source = self
        return source.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            var start = 0, i = 0
            while i + needle.count <= bytes.count {
                if bytes[i] == first && (needle.count == 1 || bytes[i..<(i + needle.count)].elementsEqual(needle)) {
                    if out.isEmpty { out.reserveCapacity(bytes.count + 16) }
                    out += bytes[start..<i]
                    out += replacement.utf8
                    i += needle.count
                    start = i
                } else {
                    i += 1
                }
            }
            if start == 0 { return self }
            out += bytes[start...]
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether `part`'s bytes occur in this string (see `replacingOccurrences`).
    func containsBytes(_ part: StaticString) -> Bool {
        var source = self
        return source.withUTF8 { Walker.contains($0, part) }
    }
}

let componentName: @Sendable (String) -> Bool = { key in
    !key.isEmpty && key.utf8.allSatisfy { b in
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2D || b == 0x5F
    }
}

enum TypeTables {
    static let methods30 = Operation.methods30

    static func tables(for version: SpecVersion) -> [String: ObjectType] {
        switch version {
        case .swagger2: return v2
        case .openapi30: return v30
        case .openapi31: return v31
        }
    }

    // MARK: OpenAPI 3.0

    static let v30: [String: ObjectType] = {
        var t: [String: ObjectType] = [:]
        t["Root"] = ObjectType(
            fields: [
                "openapi": .string, "info": .type("Info"), "servers": .list(.type("Server")), "paths": .type("Paths"),
                "components": .type("Components"), "security": .list(.type("SecurityRequirement")),
                "tags": .list(.type("Tag")), "externalDocs": .type("ExternalDocs"),
            ], required: ["openapi", "info", "paths"])
        t["Info"] = ObjectType(
            fields: [
                "title": .string, "description": .string, "termsOfService": .string, "contact": .type("Contact"),
                "license": .type("License"), "version": .string,
            ], required: ["title", "version"])
        t["Contact"] = ObjectType(fields: ["name": .string, "url": .string, "email": .string])
        t["License"] = ObjectType(fields: ["name": .string, "url": .string], required: ["name"])
        t["Server"] = ObjectType(
            fields: ["url": .string, "description": .string, "variables": .map(.type("ServerVariable"))], required: ["url"])
        t["ServerVariable"] = ObjectType(
            fields: ["enum": .list(.string), "default": .string, "description": .string], required: ["default"])
        let componentMaps: [String: Spec] = [
            "schemas": .map(.type("Schema")), "responses": .map(.type("Response")), "parameters": .map(.type("Parameter")),
            "examples": .map(.type("Example")), "requestBodies": .map(.type("RequestBody")), "headers": .map(.type("Header")),
            "securitySchemes": .map(.type("SecurityScheme")), "links": .map(.type("Link")), "callbacks": .map(.type("Callback")),
        ]
        t["Components"] = ObjectType(fields: componentMaps)
        t["Paths"] = ObjectType(fields: [:], patterned: [({ $0.hasPrefix("/") }, .type("PathItem"), "path templates starting with '/'")])
        var pathItem: [String: Spec] = [
            "$ref": .string, "summary": .string, "description": .string, "servers": .list(.type("Server")),
            "parameters": .list(.type("Parameter")),
        ]
        for m in methods30 { pathItem[m] = .type("Operation") }
        t["PathItem"] = ObjectType(fields: pathItem, refable: true)
        t["Operation"] = ObjectType(
            fields: [
                "tags": .list(.string), "summary": .string, "description": .string, "externalDocs": .type("ExternalDocs"),
                "operationId": .string, "parameters": .list(.type("Parameter")), "requestBody": .type("RequestBody"),
                "responses": .type("Responses"), "callbacks": .map(.type("Callback")), "deprecated": .bool,
                "security": .list(.type("SecurityRequirement")), "servers": .list(.type("Server")),
            ], required: ["responses"])
        t["ExternalDocs"] = ObjectType(fields: ["description": .string, "url": .string], required: ["url"])
        let parameterLike: [String: Spec] = [
            "description": .string, "required": .bool, "deprecated": .bool, "allowEmptyValue": .bool, "style": .string,
            "explode": .bool, "allowReserved": .bool, "schema": .type("Schema"), "example": .any,
            "examples": .map(.type("Example")), "content": .map(.type("MediaType")),
        ]
        t["Parameter"] = ObjectType(
            fields: parameterLike.merging(["name": .string, "in": .oneOf(["query", "header", "path", "cookie"])]) { a, _ in a },
            required: ["name", "in"], refable: true)
        var headerFields = parameterLike
        headerFields["allowReserved"] = nil  // only query parameters have it
        t["Header"] = ObjectType(fields: headerFields, refable: true)
        t["RequestBody"] = ObjectType(
            fields: ["description": .string, "content": .map(.type("MediaType")), "required": .bool], required: ["content"],
            refable: true)
        t["MediaType"] = ObjectType(
            fields: ["schema": .type("Schema"), "example": .any, "examples": .map(.type("Example")), "encoding": .map(.type("Encoding"))])
        t["Encoding"] = ObjectType(
            fields: [
                "contentType": .string, "headers": .map(.type("Header")), "style": .oneOf(["form", "spaceDelimited", "pipeDelimited", "deepObject"]),
                "explode": .bool, "allowReserved": .bool,
            ])
        t["Responses"] = ObjectType(
            fields: ["default": .type("Response")],
            patterned: [({ _ in true }, .type("Response"), "HTTP status codes")])
        t["Response"] = ObjectType(
            fields: [
                "description": .string, "headers": .map(.type("Header")), "content": .map(.type("MediaType")),
                "links": .map(.type("Link")),
            ], required: ["description"], refable: true)
        t["Callback"] = ObjectType(fields: [:], patterned: [({ _ in true }, .type("PathItem"), "runtime expressions")], refable: true)
        t["Example"] = ObjectType(
            fields: ["summary": .string, "description": .string, "value": .any, "externalValue": .string], refable: true)
        t["Link"] = ObjectType(
            fields: [
                "operationRef": .string, "operationId": .string, "parameters": .map(.any), "requestBody": .any,
                "description": .string, "server": .type("Server"),
            ], refable: true)
        t["Tag"] = ObjectType(
            fields: ["name": .string, "description": .string, "externalDocs": .type("ExternalDocs")], required: ["name"])
        t["SecurityScheme"] = ObjectType(
            fields: [
                "type": .oneOf(["apiKey", "http", "oauth2", "openIdConnect"]), "description": .string, "name": .string,
                "in": .oneOf(["query", "header", "cookie"]), "scheme": .string, "bearerFormat": .string,
                "flows": .type("OAuthFlows"), "openIdConnectUrl": .string,
            ], required: ["type"], refable: true)
        t["OAuthFlows"] = ObjectType(
            fields: [
                "implicit": .type("OAuthFlow"), "password": .type("OAuthFlow"), "clientCredentials": .type("OAuthFlow"),
                "authorizationCode": .type("OAuthFlow"),
            ])
        t["OAuthFlow"] = ObjectType(
            fields: ["authorizationUrl": .string, "tokenUrl": .string, "refreshUrl": .string, "scopes": .map(.string)],
            required: ["scopes"])
        t["SecurityRequirement"] = ObjectType(fields: [:], patterned: [({ _ in true }, .list(.string), "security scheme names")], extensions: false)
        t["Discriminator"] = ObjectType(fields: ["propertyName": .string, "mapping": .map(.string)], required: ["propertyName"], extensions: false)
        t["XML"] = ObjectType(
            fields: ["name": .string, "namespace": .string, "prefix": .string, "attribute": .bool, "wrapped": .bool])
        t["Schema"] = ObjectType(
            fields: [
                "title": .string, "multipleOf": .number, "maximum": .number, "exclusiveMaximum": .bool, "minimum": .number,
                "exclusiveMinimum": .bool, "maxLength": .nonNegativeInteger, "minLength": .nonNegativeInteger,
                "pattern": .string, "maxItems": .nonNegativeInteger, "minItems": .nonNegativeInteger, "uniqueItems": .bool,
                "maxProperties": .nonNegativeInteger, "minProperties": .nonNegativeInteger, "required": .uniqueStrings,
                "enum": .list(.any), "type": .oneOf(["array", "boolean", "integer", "number", "object", "string"]),
                "not": .type("Schema"), "allOf": .list(.type("Schema")), "oneOf": .list(.type("Schema")),
                "anyOf": .list(.type("Schema")), "items": .type("Schema"), "properties": .map(.type("Schema")),
                "additionalProperties": .either(.bool, .type("Schema")), "description": .string, "format": .string,
                "default": .any, "nullable": .bool, "discriminator": .type("Discriminator"), "readOnly": .bool,
                "writeOnly": .bool, "xml": .type("XML"), "externalDocs": .type("ExternalDocs"), "example": .any,
                "deprecated": .bool,
            ], refable: true)
        return t
    }()

    // MARK: OpenAPI 3.1

    static let v31: [String: ObjectType] = {
        var t = v30
        t["Root"]!.fields["jsonSchemaDialect"] = .string
        t["Root"]!.fields["webhooks"] = .map(.type("PathItem"))
        t["Root"]!.required = ["openapi", "info"]
        t["Info"]!.fields["summary"] = .string
        t["License"]!.fields["identifier"] = .string
        t["Components"]!.fields["pathItems"] = .map(.type("PathItem"))
        t["Operation"]!.required = []
        t["SecurityScheme"]!.fields["type"] = .oneOf(["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"])
        t["Discriminator"]!.extensions = true
        // Schema Objects are JSON Schema 2020-12: every keyword is allowed; known ones are type-checked.
        let s: Spec = .type("Schema")
        t["Schema"] = ObjectType(
            fields: [
                "$ref": .string, "$id": .string, "$schema": .string, "$anchor": .string, "$dynamicRef": .string,
                "$dynamicAnchor": .string, "$comment": .string, "$defs": .map(s), "title": .string,
                "multipleOf": .number, "maximum": .number, "exclusiveMaximum": .number, "minimum": .number,
                "exclusiveMinimum": .number, "maxLength": .nonNegativeInteger, "minLength": .nonNegativeInteger,
                "pattern": .string, "maxItems": .nonNegativeInteger, "minItems": .nonNegativeInteger, "uniqueItems": .bool,
                "maxContains": .nonNegativeInteger, "minContains": .nonNegativeInteger,
                "maxProperties": .nonNegativeInteger, "minProperties": .nonNegativeInteger, "required": .uniqueStrings,
                "dependentRequired": .map(.uniqueStrings), "enum": .list(.any), "const": .any,
                "type": .either(.oneOf(jsonTypes), .list(.oneOf(jsonTypes))),
                "not": s, "allOf": .list(s), "oneOf": .list(s), "anyOf": .list(s), "if": s, "then": s, "else": s,
                "items": s, "prefixItems": .list(s), "contains": s, "properties": .map(s), "patternProperties": .map(s),
                "additionalProperties": s, "propertyNames": s, "dependentSchemas": .map(s), "unevaluatedItems": s,
                "unevaluatedProperties": s, "description": .string, "format": .string, "default": .any,
                "discriminator": .type("Discriminator"), "readOnly": .bool, "writeOnly": .bool, "xml": .type("XML"),
                "externalDocs": .type("ExternalDocs"), "example": .any, "examples": .list(.any), "deprecated": .bool,
                "contentEncoding": .string, "contentMediaType": .string, "contentSchema": s,
            ], open: true, refable: true)
        return t
    }()

    static let jsonTypes = ["array", "boolean", "integer", "null", "number", "object", "string"]

    // MARK: Swagger 2.0

    static let v2: [String: ObjectType] = {
        var t: [String: ObjectType] = [:]
        t["Root"] = ObjectType(
            fields: [
                "swagger": .string, "info": .type("Info"), "host": .string, "basePath": .string,
                "schemes": .list(.oneOf(["http", "https", "ws", "wss"])), "consumes": .list(.string),
                "produces": .list(.string), "paths": .type("Paths"), "definitions": .map(.type("Schema")),
                "parameters": .map(.type("Parameter")), "responses": .map(.type("Response")),
                "securityDefinitions": .map(.type("SecurityScheme")), "security": .list(.type("SecurityRequirement")),
                "tags": .list(.type("Tag")), "externalDocs": .type("ExternalDocs"),
            ], required: ["swagger", "info", "paths"])
        t["Info"] = v30["Info"]
        t["Contact"] = v30["Contact"]
        t["License"] = v30["License"]
        t["Tag"] = v30["Tag"]
        t["ExternalDocs"] = v30["ExternalDocs"]
        t["XML"] = v30["XML"]
        t["SecurityRequirement"] = v30["SecurityRequirement"]
        t["Paths"] = v30["Paths"]
        var pathItem: [String: Spec] = ["$ref": .string, "parameters": .list(.type("Parameter"))]
        for m in Operation.methods20 { pathItem[m] = .type("Operation") }
        t["PathItem"] = ObjectType(fields: pathItem, refable: true)
        t["Operation"] = ObjectType(
            fields: [
                "tags": .list(.string), "summary": .string, "description": .string, "externalDocs": .type("ExternalDocs"),
                "operationId": .string, "consumes": .list(.string), "produces": .list(.string),
                "parameters": .list(.type("Parameter")), "responses": .type("Responses"),
                "schemes": .list(.oneOf(["http", "https", "ws", "wss"])), "deprecated": .bool,
                "security": .list(.type("SecurityRequirement")),
            ], required: ["responses"])
        let itemsFields: [String: Spec] = [
            "type": .oneOf(["string", "number", "integer", "boolean", "array"]), "format": .string, "items": .type("Items"),
            "collectionFormat": .oneOf(["csv", "ssv", "tsv", "pipes"]), "default": .any, "maximum": .number,
            "exclusiveMaximum": .bool, "minimum": .number, "exclusiveMinimum": .bool, "maxLength": .nonNegativeInteger,
            "minLength": .nonNegativeInteger, "pattern": .string, "maxItems": .nonNegativeInteger,
            "minItems": .nonNegativeInteger, "uniqueItems": .bool, "enum": .list(.any), "multipleOf": .number,
        ]
        t["Items"] = ObjectType(fields: itemsFields, required: ["type"])
        var header = itemsFields
        header["description"] = .string
        t["Header"] = ObjectType(fields: header, required: ["type"])
        var parameter = itemsFields
        parameter["name"] = .string
        parameter["in"] = .oneOf(["query", "header", "path", "formData", "body"])
        parameter["description"] = .string
        parameter["required"] = .bool
        parameter["schema"] = .type("Schema")
        parameter["allowEmptyValue"] = .bool
        parameter["type"] = .oneOf(["string", "number", "integer", "boolean", "array", "file"])
        parameter["collectionFormat"] = .oneOf(["csv", "ssv", "tsv", "pipes", "multi"])
        t["Parameter"] = ObjectType(fields: parameter, required: ["name", "in"], refable: true)
        t["Responses"] = v30["Responses"]
        t["Response"] = ObjectType(
            fields: [
                "description": .string, "schema": .type("Schema"), "headers": .map(.type("Header")), "examples": .map(.any),
            ], required: ["description"], refable: true)
        t["SecurityScheme"] = ObjectType(
            fields: [
                "type": .oneOf(["basic", "apiKey", "oauth2"]), "description": .string, "name": .string,
                "in": .oneOf(["query", "header"]), "flow": .oneOf(["implicit", "password", "application", "accessCode"]),
                "authorizationUrl": .string, "tokenUrl": .string, "scopes": .map(.string),
            ], required: ["type"])
        let s: Spec = .type("Schema")
        t["Schema"] = ObjectType(
            fields: [
                "$ref": .string, "format": .string, "title": .string, "description": .string, "default": .any,
                "multipleOf": .number, "maximum": .number, "exclusiveMaximum": .bool, "minimum": .number,
                "exclusiveMinimum": .bool, "maxLength": .nonNegativeInteger, "minLength": .nonNegativeInteger,
                "pattern": .string, "maxItems": .nonNegativeInteger, "minItems": .nonNegativeInteger, "uniqueItems": .bool,
                "maxProperties": .nonNegativeInteger, "minProperties": .nonNegativeInteger, "required": .uniqueStrings,
                "enum": .list(.any),
                "type": .either(.oneOf(jsonTypes + ["file"]), .list(.oneOf(jsonTypes))),
                "items": .either(s, .list(s)), "allOf": .list(s), "properties": .map(s),
                "additionalProperties": .either(.bool, s), "discriminator": .string, "readOnly": .bool, "xml": .type("XML"),
                "externalDocs": .type("ExternalDocs"), "example": .any,
            ], refable: true)
        return t
    }()
}
