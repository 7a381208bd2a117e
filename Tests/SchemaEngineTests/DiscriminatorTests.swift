import SchemaEngine
import Testing

/// OpenAPI `discriminator`: the verdict stays oneOf/anyOf's, but errors focus on the branch
/// the discriminator value selects instead of listing every branch's failures.
@Suite struct DiscriminatorTests {
    static let spec = try! JSONDocument.parseYAML(
        """
        openapi: 3.0.3
        components:
          schemas:
            Pet:
              oneOf:
                - $ref: '#/components/schemas/Cat'
                - $ref: '#/components/schemas/Dog'
              discriminator:
                propertyName: petType
                mapping:
                  kitty: '#/components/schemas/Cat'
                  doggo: Dog
            Cat:
              type: object
              required: [petType, lives]
              properties:
                petType: {type: string}
                lives: {type: integer, maximum: 9}
            Dog:
              type: object
              required: [petType, bark]
              properties:
                petType: {type: string}
                bark: {type: string}
        """)

    static func validator(_ dialect: Dialect = .oas30) throws -> Validator {
        try Validator(embeddedSchema: try #require(spec.root.resolve(pointer: "/components/schemas/Pet")), dialect: dialect)
    }

    static func errors(_ json: String, _ dialect: Dialect = .oas30) throws -> [SchemaValidationError] {
        try validator(dialect).validate(try JSONDocument.parse(json)).errors
    }

    @Test(arguments: [Dialect.oas30, .oas31])
    func validInstancesStayValid(_ dialect: Dialect) throws {
        let v = try Self.validator(dialect)
        #expect(v.isValid(try JSONDocument.parse(#"{"petType": "Cat", "lives": 3}"#)))
        #expect(v.isValid(try JSONDocument.parse(#"{"petType": "doggo", "bark": "woof"}"#)))
    }

    @Test func errorsComeFromTheSelectedBranchOnly() throws {
        // Explicit mapping value and implicit schema name both select Cat.
        for json in [#"{"petType": "kitty", "lives": 12}"#, #"{"petType": "Cat", "lives": 12}"#] {
            let errors = try Self.errors(json)
            #expect(errors.count == 1, "\(errors)")
            #expect(errors.first?.instanceLocation == "/lives")
            #expect(errors.first?.keywordLocation == "/oneOf/0/$ref/properties/lives/maximum")
        }
    }

    @Test func unknownOrMissingDiscriminatorValue() throws {
        let unknown = try Self.errors(#"{"petType": "Fish"}"#)
        #expect(unknown.map(\.message) == ["discriminator 'petType' is 'Fish', expected one of 'Cat', 'Dog', 'doggo', 'kitty'"])
        let missing = try Self.errors(#"{"bark": "woof"}"#)
        #expect(missing.map(\.message) == ["missing discriminator property 'petType' (a string naming the schema to use)"])
        #expect(missing.first?.keywordLocation == "/oneOf")
    }

    @Test func embeddedSchemasReportTheirPlaceInTheDocument() throws {
        let errors = try Self.errors(#"{"petType": "Cat", "lives": 12}"#)
        #expect(errors.first?.absoluteKeywordLocation == "#/components/schemas/Cat/properties/lives/maximum")
        // A standalone compile of the same value cannot see #/components.
        #expect(throws: SchemaCompileError.self) {
            try Validator(schema: try #require(Self.spec.root.resolve(pointer: "/components/schemas/Pet")), dialect: .oas30)
        }
    }

    @Test func withoutADiscriminatorEveryBranchReports() throws {
        let v = try Validator(
            schema: #"{"oneOf": [{"required": ["a"]}, {"required": ["b"]}], "discriminator": {"propertyName": "t"}}"#,
            dialect: .draft7)
        let errors = v.validate(try JSONDocument.parse(#"{"t": "x"}"#)).errors
        // Not an OpenAPI dialect: discriminator is unknown, the oneOf reports as usual.
        #expect(errors.count == 3)
    }
}
