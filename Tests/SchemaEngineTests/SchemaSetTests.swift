import JSONDocument
import SchemaEngine
import Testing

@Suite("Schema sets")
struct SchemaSetTests {
    static let document = try! JSONDocument.parse(
        """
        {"components": {"schemas": {
          "Id": {"type": "integer", "minimum": 1},
          "Pet": {"type": "object", "required": ["id"], "properties": {"id": {"$ref": "#/components/schemas/Id"}}},
          "Tag": {"type": "string", "maxLength": 3},
          "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}, "additionalProperties": false}
        }}}
        """)

    static func options() -> ValidatorOptions {
        var registry = SchemaRegistry()
        registry.add(uri: "file:///api.json", document: document)
        return ValidatorOptions(registry: registry)
    }

    static let set = try! SchemaSet(
        references: [
            "file:///api.json#/components/schemas/Pet", "file:///api.json#/components/schemas/Tag",
            "file:///api.json#/components/schemas/Id", "file:///api.json#/components/schemas/Node",
        ], dialect: .oas30, options: options())

    static func value(_ json: String) -> JSONValue { try! JSONDocument.parse(json).root }

    /// Every member of `a` (named `members`, in order) answers every instance as the same member
    /// of `b` does: validity, and each error's message and locations.
    static func expectSameAnswers(_ a: SchemaSet, _ b: SchemaSet, members: [String], instances: [String]) {
        for (member, name) in members.enumerated() {
            for text in instances {
                let x = a.validate(value(text), member: member)
                let y = b.validate(value(text), member: member)
                #expect(x.isValid == y.isValid, "\(name) \(text)")
                #expect(x.errors.map(\.message) == y.errors.map(\.message))
                #expect(x.errors.map(\.instanceLocation) == y.errors.map(\.instanceLocation))
                #expect(x.errors.map(\.keywordLocation) == y.errors.map(\.keywordLocation))
            }
        }
    }

    @Test func eachMemberValidatesOnItsOwn() {
        #expect(Self.set.count == 4)
        #expect(Self.set.isValid(Self.value(#"{"id": 3}"#), member: 0))
        #expect(!Self.set.isValid(Self.value(#"{"id": 0}"#), member: 0))
        #expect(!Self.set.isValid(Self.value(#"{"id": 3}"#), member: 1))
        #expect(Self.set.isValid(Self.value(#""abc""#), member: 1))
        #expect(!Self.set.isValid(Self.value(#""abcd""#), member: 1))
        #expect(Self.set.isValid(Self.value("7"), member: 2))
        #expect(Self.set.isValid(Self.value(#"{"next": {"next": {}}}"#), member: 3))
        #expect(!Self.set.isValid(Self.value(#"{"next": {"other": 1}}"#), member: 3))
    }

    @Test func errorsPointIntoTheInstanceNotAWrapper() {
        let result = Self.set.validate(Self.value(#"{"id": 0}"#), member: 0)
        #expect(!result.isValid)
        #expect(result.errors.map(\.instanceLocation) == ["/id"])
        #expect(Self.set.validate(Self.value(#"{"id": 2}"#), member: 0).isValid)
    }

    /// Schemas of a document without resources of its own below its root are not listed by
    /// the index: their pointers are read off the document only for an error's location. A
    /// member handed over as a node (no pointer) and an anchor target still report where their
    /// keywords are.
    @Test func unlistedSchemasReportTheirLocations() throws {
        let other = try JSONDocument.parse(#"{"$defs": {"short": {"$anchor": "s", "maxLength": 2}}}"#)
        var registry = SchemaRegistry()
        registry.add(uri: "file:///api.json", document: Self.document)
        registry.add(uri: "file:///other.json", document: other)
        let builder = SchemaSet.Builder(dialect: .draft2020_12, options: ValidatorOptions(registry: registry))
        let tag = try #require(Self.document.root.resolve(pointer: "/components/schemas/Tag"))
        #expect(try builder.add(tag, documentURI: "file:///api.json") == 0)
        #expect(try builder.add("file:///other.json#s") == 1)
        let set = try builder.build()
        let tooLong = set.validate(Self.value(#""abcd""#), member: 0)
        #expect(tooLong.errors.map(\.absoluteKeywordLocation) == ["file:///api.json#/components/schemas/Tag/maxLength"])
        let anchored = set.validate(Self.value(#""abc""#), member: 1)
        #expect(anchored.errors.map(\.absoluteKeywordLocation) == ["file:///other.json#/$defs/short/maxLength"])
        #expect(set.isValid(Self.value(#""ab""#), member: 1))
    }

    @Test func instancesAreValidatedInPlaceInsideBiggerDocuments() throws {
        let holder = try JSONDocument.parseYAML("examples:\n  a: {id: 5}\n  b: {id: -1}\n")
        let a = try #require(holder.root.resolve(pointer: "/examples/a"))
        let b = try #require(holder.root.resolve(pointer: "/examples/b"))
        #expect(Self.set.isValid(a, member: 0))
        #expect(Self.set.validate(b, member: 0).errors.map(\.instanceLocation) == ["/id"])
    }

    /// A set built one member at a time, in another order (a property schema before the
    /// component holding it), answers exactly like the set compiled at once.
    @Test func aBuilderAddingMembersOneByOneMatchesTheWholeSet() throws {
        let names = ["Node", "Pet/properties/id", "Tag", "Pet", "Id"]
        let builder = SchemaSet.Builder(dialect: .oas30, options: Self.options())
        for (n, name) in names.enumerated() {
            #expect(try builder.add("file:///api.json#/components/schemas/" + name) == n)
        }
        #expect(builder.count == names.count)
        let built = try builder.build()
        let whole = try SchemaSet(
            references: names.map { "file:///api.json#/components/schemas/" + $0 }, dialect: .oas30, options: Self.options())
        let instances = [#"{"id": 3}"#, #"{"id": 0}"#, #"{"next": {"other": 1}}"#, #""abcd""#, "7", "0", #"{}"#]
        Self.expectSameAnswers(built, whole, members: names, instances: instances)
        #expect(!built.isValid(Self.value("0"), member: 1))
        #expect(built.isValid(Self.value(#"{"id": 3}"#), member: 3))
        // Members handed over as nodes (document URI + pointer, or without the pointer, which
        // is then read off the document) behave like members named by URI, error locations
        // included: the components are not reached by the index's walk of the document.
        let byNode = SchemaSet.Builder(dialect: .oas30, options: Self.options())
        let byNodeAlone = SchemaSet.Builder(dialect: .oas30, options: Self.options())
        for name in names {
            let pointer = "/components/schemas/" + name
            let node = try #require(Self.document.root.resolve(pointer: pointer))
            _ = try byNode.add(node, documentURI: "file:///api.json", pointer: pointer)
            _ = try byNodeAlone.add(node, documentURI: "file:///api.json")
        }
        for nodeSet in [try byNode.build(), try byNodeAlone.build()] {
            for member in names.indices {
                for text in instances {
                    let a = nodeSet.validate(Self.value(text), member: member)
                    let b = whole.validate(Self.value(text), member: member)
                    #expect(a.isValid == b.isValid)
                    #expect(a.errors.map(\.keywordLocation) == b.errors.map(\.keywordLocation), "\(names[member]) \(text)")
                    #expect(a.errors.map(\.absoluteKeywordLocation) == b.errors.map(\.absoluteKeywordLocation))
                }
            }
        }
        #expect(throws: SchemaCompileError.self) {
            try SchemaSet.Builder(dialect: .oas30, options: Self.options()).add(Self.value("{}"), documentURI: "file:///api.json")
        }
        // A node that is not in the named document is not a member.
        #expect(throws: SchemaCompileError.self) {
            try SchemaSet.Builder(dialect: .oas30, options: Self.options())
                .add(Self.value("{}"), documentURI: "file:///api.json", pointer: "/components/schemas/Id")
        }
        // An unresolvable member throws from `add`.
        #expect(throws: SchemaCompileError.self) {
            try SchemaSet.Builder(dialect: .oas30, options: Self.options()).add("file:///api.json#/nope")
        }
    }

    /// A member that does not compile (here a `properties` that is not a map of schemas, and
    /// one with an invalid `pattern`) throws from `add` and leaves the builder as it was: the
    /// members around it, including ones that share `$ref` targets with it, answer exactly as
    /// in a set without it.
    @Test func aMemberThatDoesNotCompileLeavesTheOthersAlone() throws {
        let document = try JSONDocument.parse(
            """
            {"s": {
              "Id": {"type": "integer", "minimum": 1},
              "Pet": {"type": "object", "properties": {"id": {"$ref": "#/s/Id"}, "tag": {"$ref": "#/s/Tag"}}},
              "Tag": {"type": "string", "maxLength": 3},
              "Bad": {"type": "object", "properties": {"id": {"$ref": "#/s/Id"}, "x": {"$ref": "#/s/Fresh"}, "y": "not a schema"}},
              "Fresh": {"enum": ["p", "q"], "pattern": "^p"},
              "BadPattern": {"allOf": [{"$ref": "#/s/Tag"}, {"type": "string", "pattern": "(unclosed"}]},
              "UsesBad": {"properties": {"p": {"$ref": "#/s/BadPattern"}}}
            }}
            """)
        var registry = SchemaRegistry()
        registry.add(uri: "file:///bad.json", document: document)
        let options = ValidatorOptions(registry: registry)
        func uri(_ name: String) -> String { "file:///bad.json#/s/" + name }

        let builder = SchemaSet.Builder(dialect: .oas30, options: options)
        #expect(try builder.add(uri("Pet")) == 0)
        #expect(throws: SchemaCompileError.self) { try builder.add(uri("Bad")) }
        #expect(try builder.add(uri("Fresh")) == 1)
        #expect(throws: SchemaCompileError.self) { try builder.add(uri("BadPattern")) }
        // Nothing of the failed member is kept: a later member that references it fails too,
        // instead of reaching a half-built (empty) schema that would accept anything.
        #expect(throws: SchemaCompileError.self) { try builder.add(uri("UsesBad")) }
        #expect(try builder.add(uri("Tag")) == 2)
        #expect(builder.count == 3)
        let built = try builder.build()
        let clean = try SchemaSet(references: [uri("Pet"), uri("Fresh"), uri("Tag")], dialect: .oas30, options: options)
        let instances = [#"{"id": 3, "tag": "ab"}"#, #"{"id": 0}"#, #"{"tag": "abcd"}"#, #""p""#, #""q""#, #""r""#, #""abcd""#, "1"]
        Self.expectSameAnswers(built, clean, members: ["Pet", "Fresh", "Tag"], instances: instances)
        #expect(built.isValid(Self.value(#"{"id": 3, "tag": "ab"}"#), member: 0))
        #expect(!built.isValid(Self.value(#""q""#), member: 1))
    }

    @Test func anUnresolvableMemberIsACompileError() {
        #expect(throws: SchemaCompileError.self) {
            try SchemaSet(references: ["file:///api.json#/components/schemas/Nope"], dialect: .oas30, options: Self.options())
        }
    }

    @Test func annotationsCanBeTurnedOffForErrorOnlyCallers() throws {
        let schema = #"{"title": "T", "type": "object", "properties": {"a": {"description": "d", "type": "integer"}}}"#
        let instance = try JSONDocument.parse(#"{"a": 1}"#)
        let with = try Validator(schema: schema)
        let without = try Validator(schema: schema, options: ValidatorOptions(annotations: false))
        #expect(!with.validate(instance).annotations.isEmpty)
        #expect(without.validate(instance).isValid)
        #expect(without.validate(instance).annotations.isEmpty)
        let bad = try JSONDocument.parse(#"{"a": "x"}"#)
        #expect(without.validate(bad).errors.map(\.instanceLocation) == with.validate(bad).errors.map(\.instanceLocation))
    }

    /// One program serves both sides of an exchange: readOnly / writeOnly read the direction each
    /// validation passes, and agree with programs compiled for one direction.
    @Test func readOnlyAndWriteOnlyFollowTheDirectionOfEachValidation() throws {
        let document = try JSONDocument.parse(
            """
            {"components": {"schemas": {
              "Account": {"type": "object", "required": ["id", "password", "name", "secret"],
                "properties": {"id": {"type": "integer", "readOnly": true}, "password": {"type": "string", "writeOnly": true},
                  "name": {"type": "string"}, "secret": {"type": "string", "readOnly": true, "writeOnly": true}}}
            }}}
            """)
        var registry = SchemaRegistry()
        registry.add(uri: "file:///accounts.json", document: document)
        var options = ValidatorOptions(registry: registry)
        options.directional = true
        let set = try SchemaSet(references: ["file:///accounts.json#/components/schemas/Account"], dialect: .oas30, options: options)
        let single = { (direction: OpenAPIDirection?) in
            var o = ValidatorOptions(registry: registry, direction: direction)
            o.directional = direction == nil
            return try Validator(embeddedSchema: document.root["components"]!["schemas"]!["Account"]!, dialect: .oas30, options: o)
        }
        let instances = [
            #"{"name": "a"}"#, #"{"name": "a", "password": "p"}"#, #"{"name": "a", "id": 1}"#,
            #"{"name": "a", "id": 1, "password": "p"}"#, #"{"name": "a", "id": 1, "password": "p", "secret": "s"}"#,
            #"{"id": 1, "password": "p"}"#, #"{"name": "a", "id": "x"}"#,
        ]
        let expected: [OpenAPIDirection?: [Bool]] = [
            .request: [false, true, false, false, false, false, false],
            .response: [false, false, true, false, false, false, false],
            nil: [false, false, false, false, true, false, false],
        ]
        for direction in [OpenAPIDirection.request, .response, nil] {
            let validator = try single(direction)
            for (n, text) in instances.enumerated() {
                let instance = try JSONDocument.parse(text).root
                #expect(set.isValid(instance, member: 0, direction: direction) == expected[direction]![n], "\(text) \(String(describing: direction))")
                #expect(set.isValid(instance, member: 0, direction: direction) == validator.isValid(instance))
                #expect(set.validate(instance, member: 0, direction: direction).isValid == expected[direction]![n])
            }
        }
        // Exhaustive mode names the keyword and the property.
        let request = set.validate(try JSONDocument.parse(#"{"name": "a", "id": 1, "password": "p"}"#).root, member: 0, direction: .request)
        #expect(request.errors.map(\.message) == ["property is readOnly and not allowed here"])
        #expect(request.errors.first?.keywordLocation.hasSuffix("/properties/id/readOnly") == true)
        let response = set.validate(try JSONDocument.parse(#"{"name": "a", "id": 1, "password": "p"}"#).root, member: 0, direction: .response)
        #expect(response.errors.map(\.message) == ["property is writeOnly and not allowed here"])
        #expect(response.errors.first?.keywordLocation.hasSuffix("/properties/password/writeOnly") == true)
        // A property both readOnly and writeOnly may be sent in neither direction; required names
        // excused by the direction are still reported when missing in the other one.
        let missing = set.validate(try JSONDocument.parse(#"{"name": "a"}"#).root, member: 0, direction: .request)
        #expect(missing.errors.map(\.message) == ["missing required property 'password'"])
    }
}
