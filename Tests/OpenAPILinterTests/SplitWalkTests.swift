import OpenAPILinter
import OpenAPIModel
import Testing

/// The linter walks the components and the rest of a description on separate threads; the
/// rest does not enter component entries through `$ref`s. These documents pin down that every
/// problem is still found, once.
@Suite("Split walk")
struct SplitWalkTests {
    @Test func componentProblemsReachedThroughRefsAreReportedOnce() throws {
        let r = try lintText(api("""
            paths:
              /a:
                get:
                  parameters: [{$ref: "#/components/parameters/Limit"}]
                  responses:
                    "200": {$ref: "#/components/responses/Ok"}
              /b:
                get:
                  parameters: [{$ref: "#/components/parameters/Limit"}]
                  responses:
                    "200": {$ref: "#/components/responses/Ok"}
            components:
              parameters:
                Limit: {name: limit, in: query, schema: {type: integer}, example: "ten"}
              responses:
                Ok:
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Pet"}
                      example: {id: "x"}
              schemas:
                Pet:
                  type: object
                  properties: {id: {type: integer}}
                  bogus: 1
            """))
        // One finding per example (the parameter's and the response's), however many paths use them.
        let examples = r.with("oas3-valid-media-example").map(\.pointer)
        #expect(examples == ["/components/parameters/Limit/example", "/components/responses/Ok/content/application~1json/example"], "\(r.findings)")
        #expect(r.with("oas3-schema").filter { $0.pointer == "/components/schemas/Pet/bogus" }.count == 1, "\(r.findings)")
        #expect(r.with("oas3-unused-component").isEmpty, "\(r.findings)")
    }

    @Test func refToAComponentOfAnotherTypeIsStillCheckedAsTheReferringType() throws {
        // A parameter written as a $ref to a schema: checked as a Parameter (missing name/in).
        let r = try lintText(api("""
            paths:
              /a:
                get:
                  parameters: [{$ref: "#/components/schemas/Pet"}]
                  responses:
                    "200": {description: ok}
            components:
              schemas:
                Pet: {type: object}
            """))
        #expect(r.with("oas3-schema").contains { $0.message.contains("'name'") }, "\(r.findings)")
    }

    @Test func swagger2DefinitionsAreWalkedBySectionType() throws {
        let r = try lintText(api("""
            paths:
              /a:
                get:
                  responses:
                    "200": {description: ok, schema: {$ref: "#/definitions/Pet"}}
            definitions:
              Pet: {type: object, required: [id], properties: {name: {type: string}}, nope: 1}
            """, version: "2.0"))
        #expect(r.with("oas2-schema").filter { $0.pointer == "/definitions/Pet/nope" }.count == 1, "\(r.findings)")
        #expect(r.with("oas2-unused-definition").isEmpty, "\(r.findings)")
    }

    @Test func everyPathItemIsCheckedWhenThePathsAreShared() throws {
        // Path items are taken one at a time by four walkers; each one's problem must appear, and
        // a problem of the Paths object itself once.
        var body = "paths:\n"
        for n in 0..<7 {
            body += "  /p\(n):\n    get:\n      bogus\(n): 1\n      responses: {\"200\": {description: ok}}\n"
        }
        body += "  nope: {}\n"
        let r = try lintText(api(body))
        let bogus = r.with("oas3-schema").filter { $0.message.contains("bogus") }
        #expect(Set(bogus.map(\.pointer)) == Set((0..<7).map { "/paths/~1p\($0)/get/bogus\($0)" }), "\(r.findings)")
        #expect(r.findings.filter { $0.pointer == "/paths/nope" }.count == 1, "\(r.findings)")
    }

    @Test(arguments: ["3.0.3", "2.0"])
    func everyComponentIsCheckedWhenTheSectionsAreShared(version: String) throws {
        // Component entries are taken one at a time by the walkers, section by section.
        var body = version == "2.0" ? "paths: {}\ndefinitions:\n" : "paths: {}\ncomponents:\n  schemas:\n"
        let indent = version == "2.0" ? "  " : "    "
        for n in 0..<5 { body += "\(indent)S\(n): {type: object, bogus\(n): 1}\n" }
        let r = try lintText(api(body, version: version))
        let prefix = version == "2.0" ? "/definitions" : "/components/schemas"
        let bogus = r.findings.filter { $0.message.contains("bogus") }.map(\.pointer)
        #expect(Set(bogus) == Set((0..<5).map { "\(prefix)/S\($0)/bogus\($0)" }), "\(r.findings)")
        #expect(bogus.count == 5)
    }

    @Test func duplicateKeysAreFoundInTheRootAndInReferencedFiles() throws {
        // The root is scanned from the start, other files after the walks have loaded them.
        let r = try lintText(
            api("""
                paths:
                  /a:
                    get:
                      responses:
                        "200": {description: ok, description: again, content: {application/json: {schema: {$ref: "pet.yaml"}}}}
                """),
            extra: ["pet.yaml": "type: object\ntype: object\n"])
        let found = r.with("duplicate-key").map { "\($0.file)\($0.pointer)" }
        #expect(found.count == 2, "\(r.findings)")
        #expect(found.contains { $0.hasSuffix("openapi.yaml/paths/~1a/get/responses/200/description") }, "\(found)")
        #expect(found.contains { $0.hasSuffix("pet.yaml/type") }, "\(found)")
    }

    /// A lint's workspace finds a referenced file's duplicate keys as the file loads; a
    /// workspace loaded without asking for that gets the same findings from the scan after.
    @Test func duplicateKeysScannedAtLoadOrAfterAgree() throws {
        let dir = try temporaryDirectory(files: [
            "openapi.yaml": api("""
                paths:
                  /a:
                    get:
                      responses:
                        "200": {description: ok, content: {application/json: {schema: {$ref: "pet.yaml"}}}}
                """),
            "pet.yaml": "type: object\nproperties: {a: {type: string}, a: {type: integer}}\ntype: object\n",
        ])
        let scanning = try Workspace(path: dir + "/openapi.yaml", options: LintOptions().load)
        let plain = try Workspace(path: dir + "/openapi.yaml", options: LoadOptions())
        let a = Linter.lint(scanning), b = Linter.lint(plain)
        #expect(a.findings == b.findings)
        #expect(a.findings.filter { $0.rule == "duplicate-key" }.map(\.pointer).sorted() == ["/properties/a", "/type"])
        let pet = try #require(scanning.files.first { $0.path.hasSuffix("pet.yaml") })
        #expect(pet.duplicateKeys == pet.document.duplicateKeyNodes() && pet.duplicateKeys?.count == 2)
        #expect(scanning.root.duplicateKeys == nil, "the root is scanned beside the walks instead")
        #expect(plain.files.allSatisfy { $0.duplicateKeys == nil })
    }
}
