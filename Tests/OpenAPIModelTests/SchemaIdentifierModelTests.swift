import Foundation
import JSONDocument
import OpenAPIModel
import SchemaEngine
import Testing

/// Workspace resolution by `$id` / `$anchor` and the compiler's dialect choice (OpenAPI 3.1).
@Suite("Schema identifiers in the model")
struct SchemaIdentifierModelTests {
    func workspace(_ text: String, options: LoadOptions = LoadOptions()) throws -> Workspace {
        let dir = NSTemporaryDirectory() + "oav-ids-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try text.write(toFile: dir + "/openapi.yaml", atomically: true, encoding: .utf8)
        return try Workspace(path: dir + "/openapi.yaml", options: options)
    }

    static let description = """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Pet:
              $id: https://example.com/schemas/pet
              type: object
              properties:
                name: {$anchor: name, type: string, maxLength: 3}
                owner: {$ref: "people/owner"}
                again: {$ref: "#/properties/name"}
              $defs:
                owner:
                  $id: people/owner
                  type: object
                  properties:
                    pet: {$ref: "../pet"}
                    self: {$ref: "#"}
            Local: {$anchor: local, type: integer}
            ByID: {$ref: "https://example.com/schemas/pet#name"}
            Relative:
              $id: relative.json
              type: boolean
        """

    @Test func referencesResolveAgainstTheEnclosingID() throws {
        let ws = try workspace(Self.description)
        let schemas = try #require(ws.root.root["components"]?["schemas"])
        let pet = try #require(schemas["Pet"])
        let owner = try #require(pet["$defs"]?["owner"])
        func resolved(_ holder: Node?) throws -> String {
            let holder = try #require(holder)
            return try ws.resolve(try #require(holder.ref), at: holder).get().pointer
        }
        #expect(try resolved(pet["properties"]?["owner"]) == "/components/schemas/Pet/$defs/owner")
        #expect(try resolved(pet["properties"]?["again"]) == "/components/schemas/Pet/properties/name")
        #expect(try resolved(owner["properties"]?["pet"]) == "/components/schemas/Pet")
        #expect(try resolved(owner["properties"]?["self"]) == "/components/schemas/Pet/$defs/owner")
        #expect(try resolved(schemas["ByID"]) == "/components/schemas/Pet/properties/name")
        // From any holder: absolute, relative to the file (`relative.json`), and document-level anchors.
        let root = ws.root.root
        #expect(try ws.resolve("https://example.com/schemas/people/owner#/properties/pet", at: root).get().pointer
            == "/components/schemas/Pet/$defs/owner/properties/pet")
        #expect(try ws.resolve("relative.json", at: root).get().pointer == "/components/schemas/Relative")
        #expect(try ws.resolve("#local", at: root).get().pointer == "/components/schemas/Local")
        // Plain pointers are unchanged, and what nothing declares stays unresolved.
        #expect(try ws.resolve("#/components/schemas/Local", at: root).get().pointer == "/components/schemas/Local")
        guard case .failure(let remote) = ws.resolve("https://example.com/schemas/cat", at: root) else {
            Issue.record("an undeclared $id resolved")
            return
        }
        #expect(remote.kind == .remoteNotAllowed)
        guard case .failure(let missing) = ws.resolve("https://example.com/schemas/pet#nope", at: root) else {
            Issue.record("an undeclared anchor resolved")
            return
        }
        #expect(missing.kind == .pointerNotFound)
    }

    @Test func schemasAreNamedByTheirResource() throws {
        let ws = try workspace(Self.description)
        let pet = try #require(ws.root.root["components"]?["schemas"]?["Pet"])
        #expect(ws.schemaURI(of: pet) == "https://example.com/schemas/pet#")
        #expect(ws.schemaURI(of: try #require(pet["properties"]?["name"])) == "https://example.com/schemas/pet#/properties/name")
        #expect(ws.schemaURI(of: try #require(pet["$defs"]?["owner"]?["properties"])) == "https://example.com/schemas/people/owner#/properties")
        let local = try #require(ws.root.root["components"]?["schemas"]?["Local"])
        #expect(ws.schemaURI(of: local) == ws.root.uri + "#/components/schemas/Local")
    }

    @Test func compiledSchemasFollowIDs() throws {
        let ws = try workspace(Self.description)
        let compiler = SchemaCompiler(workspace: ws)
        let schemas = try #require(ws.root.root["components"]?["schemas"])
        // ByID → pet#name: a string of at most 3 characters.
        let byID = try compiler.validator(for: try #require(schemas["ByID"])).get()
        #expect(byID.isValid(try JSONDocument.parse(#""Rex""#)))
        #expect(!byID.isValid(try JSONDocument.parse(#""Rexy""#)))
        // Pet → owner (relative $id) → ../pet → name: the cycle compiles and checks the nested name.
        let pet = try compiler.validator(for: try #require(schemas["Pet"])).get()
        #expect(pet.isValid(try JSONDocument.parse(#"{"owner": {"pet": {"name": "Max"}}}"#)))
        #expect(!pet.isValid(try JSONDocument.parse(#"{"owner": {"pet": {"name": "Maximus"}}}"#)))
        #expect(ws.files.count == 1)
    }
}
