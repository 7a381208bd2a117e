import Foundation
import OpenAPILinter
import OpenAPIModel
import Testing

/// OpenAPI 3.1 Schema Objects referenced by `$id` and `$anchor` instead of by file and pointer.
@Suite("Schema identifiers")
struct SchemaIdentifierTests {
    static let fixture = TestData.fixture("ids/openapi.yaml")

    @Test func idReferencesLintClean() throws {
        let r = try Linter.lint(path: Self.fixture)
        #expect(r.findings.isEmpty, "\(r.findings.map { "\($0.line): \($0.message)" })")
        // Every component is reached through an $id (none is reported unused) and nothing else was loaded.
        #expect(r.files.count == 1)
    }

    @Test func declaredIDsAreNeverFetched() throws {
        // With remote refs allowed, a declared $id must still win over the network (offline here:
        // a fetch would fail and be reported).
        let r = try Linter.lint(path: Self.fixture, options: LintOptions(load: LoadOptions(allowRemoteRefs: true)))
        #expect(r.findings.isEmpty, "\(r.findings.map(\.message))")
        #expect(r.files.count == 1)
    }

    @Test func examplesAreValidatedThroughIDs() throws {
        // The fixture with each example broken: every one is checked against the schema its $id names.
        var text = try String(contentsOfFile: Self.fixture, encoding: .utf8)
        for (good, bad) in [
            ("home: {city: Oslo}", "home: {city: O}"),  // nested $id, then #/$defs/city relative to it
            ("example: {name: Rex}", "example: {name: \"\"}"),  // relative $id new-pet.json, then a pointer into pet
            ("example: cat", "example: cow"),  // $anchor tag
            ("example: Rex\n", "example: 7\n"),  // https://example.com/schemas/pet#/properties/name
        ] {
            #expect(text.contains(good))
            text = text.replacingOccurrences(of: good, with: bad)
        }
        let r = try lintText(text)
        let found = r.with("oas3-valid-media-example").map { "\($0.pointer) \($0.message)" }
        #expect(found.count == 4, "\(found)")
        #expect(found.contains { $0.hasPrefix("/paths/~1pets/get/") && $0.contains("at /0/owner/home/city: expected at least 2 characters") })
        #expect(found.contains { $0.hasPrefix("/paths/~1pets/post/requestBody/") && $0.contains("at /name: expected at least 1 character") })
        #expect(found.contains { $0.hasPrefix("/paths/~1tags/") && $0.contains("\"cow\" is not one of") })
        #expect(found.contains { $0.hasPrefix("/paths/~1pets/post/responses/") && $0.contains("expected string") })
    }

    @Test func undeclaredIDsStayUnresolvable() throws {
        let r = try Linter.lint(path: TestData.fixture("ids/unresolved.yaml"))
        let refs = r.with("invalid-ref")
        #expect(refs.count == 4, "\(refs.map(\.message))")
        func at(_ pointer: String) -> String? { refs.first { $0.pointer == pointer }?.message }
        let remote = try #require(at("/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"))
        #expect(remote.contains("no schema of this description declares $id 'https://example.com/schemas/pets'"))
        #expect(remote.contains("not followed (pass --allow-remote-refs to allow it)"))
        let relative = try #require(at("/components/schemas/Pet/properties/owner/$ref"))
        #expect(relative.contains("relative to the enclosing schema's $id 'https://example.com/schemas/pet'"))
        #expect(relative.contains("'https://example.com/schemas/owner'"))
        let pointer = try #require(at("/components/schemas/Pet/properties/tag/$ref"))
        #expect(pointer.contains("has nothing at /properties/size"))
        let anchor = try #require(at("/components/schemas/Pet/properties/color/$ref"))
        #expect(anchor.contains("declares no $anchor 'color'"))
        #expect(r.files.count == 1)
    }

    @Test func idsAreOnlyIdentifiersInOpenAPI31() throws {
        // 3.0 Schema Objects have no $id: the same $ref is a remote document there.
        let text = """
            paths: {}
            components:
              schemas:
                A: {$ref: "https://example.com/schemas/b"}
                B: {x-id: "https://example.com/schemas/b", type: string}
            """
        #expect(try lintText(api(text)).with("invalid-ref").first?.message.contains("not followed") == true)
        let r31 = try lintText(api(text.replacingOccurrences(of: "x-id", with: "$id"), version: "3.1.0"))
        #expect(r31.with("invalid-ref").isEmpty, "\(r31.findings.map(\.message))")
    }

    @Test func idsInExamplesAndExtensionsAreNotSchemas() throws {
        // Instance data and x- extensions may hold "$id" members; they declare nothing.
        let r = try lintText(api("""
            paths: {}
            x-catalog: {$id: "https://example.com/schemas/c"}
            components:
              schemas:
                A:
                  type: object
                  example: {$id: "https://example.com/schemas/c"}
                  properties:
                    c: {$ref: "https://example.com/schemas/c"}
            """, version: "3.1.0"))
        #expect(r.with("invalid-ref").count == 1, "\(r.findings.map(\.message))")
    }

    @Test func anchorsWithoutAnIDBelongToTheDocument() throws {
        let r = try lintText(api("""
            paths: {}
            components:
              schemas:
                Name: {$anchor: name, type: string}
                Pet:
                  type: object
                  properties:
                    name: {$ref: "#name"}
                    other: {$ref: "#nope"}
            """, version: "3.1.0"))
        let refs = r.with("invalid-ref")
        #expect(refs.map(\.pointer) == ["/components/schemas/Pet/properties/other/$ref"])
        #expect(refs.first?.message.contains("no schema in this document declares $anchor 'nope'") == true)
        // Name is referenced through its anchor (Pet, referenced by nothing, is the only unused one).
        #expect(r.with("oas3-unused-component").map(\.pointer) == ["/components/schemas/Pet"])
    }
}
