import Foundation
import JSONDocument
import OpenAPIModel
import SchemaEngine
import Testing
import XCTest

@Suite("Model")
struct ModelTests {
    func workspace(_ text: String, name: String = "openapi.yaml", files: [String: String] = [:]) throws -> Workspace {
        let dir = NSTemporaryDirectory() + "oav-model-" + UUID().uuidString
        for (file, content) in files.merging([name: text], uniquingKeysWith: { a, _ in a }) {
            let path = dir + "/" + file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return try Workspace(path: dir + "/" + name)
    }

    static let petstore = """
        openapi: 3.1.0
        info: {title: Pets, version: "1"}
        servers:
          - url: https://{env}.example.com
            variables:
              env: {default: api, enum: [api, staging]}
        security: [{key: []}]
        paths:
          /pets/{id}:
            parameters:
              - {name: id, in: path, required: true, schema: {type: integer}}
              - {name: trace, in: header, schema: {type: string}}
            get:
              operationId: getPet
              parameters:
                - {name: trace, in: header, schema: {type: integer}}
              responses:
                "200":
                  description: ok
                  headers: {X-Rate: {schema: {type: integer}}}
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Pet"}}
                4XX: {description: client error}
                default: {description: other}
            post:
              requestBody:
                required: true
                content:
                  application/json: {schema: {$ref: "#/components/schemas/Pet"}}
              security: []
              responses: {"201": {description: created}}
        webhooks:
          newPet:
            post:
              responses: {"200": {description: ok}}
        components:
          schemas:
            Pet:
              type: object
              required: [name]
              properties:
                name: {type: string}
                tag: {type: [string, "null"]}
          securitySchemes:
            key: {type: apiKey, name: k, in: header}
            oauth:
              type: oauth2
              flows:
                clientCredentials: {tokenUrl: "https://x/token", scopes: {read: r, write: w}}
        """

    @Test func typedModel() throws {
        let ws = try workspace(Self.petstore)
        #expect(ws.version == .openapi31("3.1.0"))
        let model = APIDescription(workspace: ws)
        #expect(model.servers.first?.variables.first?.enumValues == ["api", "staging"])
        let get = try #require(model.operations().first { $0.method == "get" })
        #expect(get.operationId == "getPet")
        // Path-level parameters merge in; the operation's own wins on name + in.
        #expect(get.parameters.count == 2)
        #expect(get.parameters.first { $0.name == "trace" }?.schema?["type"]?.string == "integer")
        #expect(get.responses.map(\.status) == [.code(200), .range(4), .default])
        #expect(get.responses[0].headers.first?.name == "X-Rate")
        #expect(get.responses[0].content.first?.name == "application/json")
        let post = try #require(model.operations().first { $0.method == "post" })
        #expect(post.requestBody?.required == true)
        #expect(post.security?.isEmpty == true)
        #expect(model.security?.first?.entries.first?.scheme == "key")
        #expect(model.webhooks.first?.template == "newPet")
        #expect(model.operations(includingWebhooks: true).count == 3)
        #expect(model.securitySchemes.first { $0.name == "oauth" }?.scopes == ["read", "write"])
        #expect(model.components["schemas"]?.first?.name == "Pet")
        #expect(get.node.line == 14)
        #expect(get.node.pointer == "/paths/~1pets~1{id}/get")
    }

    /// Found by Fuzz/lint-mutate.py: a callback that is the Paths Object itself made the model
    /// read path items inside path items until the stack overflowed.
    @Test(arguments: ["'#/paths'", "'#/components/callbacks/again'"])
    func callbacksThatLeadBackAreReadOnce(_ target: String) throws {
        let ws = try workspace("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /streams:
                post:
                  responses: {"201": {description: ok}}
                  callbacks:
                    onData: {$ref: \(target)}
            components:
              callbacks:
                again:
                  /hook:
                    post:
                      responses: {"200": {description: ok}}
                      callbacks: {back: {$ref: '#/components/callbacks/again'}}
            """)
        let model = APIDescription(workspace: ws)
        let post = try #require(model.operations().first)
        let level1 = try #require(post.callbacks.first?.paths.first?.operations.first)
        // One level of the cycle is read; the next lookup of the same callback object stops.
        if target == "'#/paths'" {
            #expect(post.callbacks.first?.paths.first?.template == "/streams")
            #expect(level1.callbacks.isEmpty)
        } else {
            #expect(level1.path == "/hook")
            #expect(level1.callbacks.isEmpty)
        }
    }

    @Test func responseStatusKeys() {
        #expect(Response.status(of: "200") == .code(200))
        #expect(Response.status(of: "5XX") == .range(5))
        #expect(Response.status(of: "default") == .default)
        #expect(Response.status(of: "101") == .code(101) && Response.status(of: "599") == .code(599))
        for bad in ["600", "2xx", "20", "6XX", "abc", "099", "2X0", "20X", "+20", "-10", "1e2", "2000", ""] {
            #expect(Response.status(of: bad) == .invalid, "\(bad)")
        }
    }

    /// Enough samples to be validated on two threads: each answer is that of the schema's own
    /// validator, in the order the samples were given, whichever half validated it.
    @Test func manySamplesValidateInOrder() throws {
        let ws = try workspace("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Count: {type: integer, minimum: 0}
                Name: {type: string, maxLength: 3}
                Pair: {type: object, required: [a], properties: {a: {$ref: '#/components/schemas/Count'}}}
            """)
        let compiler = SchemaCompiler(workspace: ws)
        let schemas = try ["Count", "Name", "Pair"].map { name in
            try #require(ws.root.root["components"]?["schemas"]?[name])
        }
        let values = try JSONDocument.parse("[1, -1, \"ab\", \"abcd\", {\"a\": 2}, {\"a\": -2}, {}]")
        var samples: [SchemaCompiler.Sample] = []
        for k in 0..<(SchemaCompiler.SampleValidation.parallelMinimum + 37) {
            let value = values.root[k % 7]!
            samples.append(SchemaCompiler.Sample(schema: schemas[k % 3], value: value))
        }
        let results = compiler.validateAll(samples)
        #expect(results.count == samples.count)
        for (k, sample) in samples.enumerated() {
            let own = try compiler.validator(for: sample.schema).get()
            #expect(results[k]?.isValid == own.isValid(sample.value), "sample \(k)")
        }
        #expect(results.contains { $0?.isValid == true } && results.contains { $0?.isValid == false })
    }

    @Test func schemasCompileInTheDocumentDialect() throws {
        let ws = try workspace(Self.petstore)
        let compiler = SchemaCompiler(workspace: ws)
        #expect(compiler.dialect == .oas31)
        let model = APIDescription(workspace: ws)
        let schema = try #require(model.operations().first?.responses.first?.content.first?.schema)
        let validator = try compiler.validator(for: schema).get()
        #expect(validator.isValid(try JSONDocument.parse(#"{"name": "Rex", "tag": null}"#)))
        #expect(!validator.isValid(try JSONDocument.parse(#"{"tag": "x"}"#)))
        // 3.0: `nullable`, compiled in the OAS 3.0 dialect.
        let ws30 = try workspace("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                N: {type: string, nullable: true}
            """)
        let c30 = SchemaCompiler(workspace: ws30)
        #expect(c30.dialect == .oas30)
        let n = try #require(ws30.root.root["components"]?["schemas"]?["N"])
        #expect(try c30.validator(for: n).get().isValid(try JSONDocument.parse("null")))
    }

    @Test func crossFileSchemaReferences() throws {
        let ws = try workspace("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                A: {$ref: "defs/b.yaml#/B"}
            """, files: ["defs/b.yaml": "B: {type: object, properties: {c: {$ref: 'c.json'}}}\n", "defs/c.json": #"{"type": "integer"}"#])
        let a = try #require(ws.root.root["components"]?["schemas"]?["A"])
        let validator = try SchemaCompiler(workspace: ws).validator(for: a).get()
        #expect(validator.isValid(try JSONDocument.parse(#"{"c": 1}"#)))
        #expect(!validator.isValid(try JSONDocument.parse(#"{"c": "x"}"#)))
        #expect(ws.files.count == 3)
        let target = try #require(ws.target(a))
        #expect(target.file.path.hasSuffix("defs/b.yaml"))
        #expect(target.pointer == "/B")
        #expect(target.line == 1)
    }

    @Test func refProblems() throws {
        let ws = try workspace("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n")
        let root = ws.root
        func kind(_ ref: String) -> RefProblem.Kind? {
            if case .failure(let p) = ws.resolve(ref, from: root) { return p.kind }
            return nil
        }
        #expect(kind("#/nope") == .pointerNotFound)
        #expect(kind("missing.yaml") == .fileMissing)
        #expect(kind("../outside.yaml") == .outsideRoot)
        #expect(kind("https://example.com/x.yaml") == .remoteNotAllowed)
        #expect(kind("#name") == .malformed)
        #expect(kind("#/info/title") == nil)
    }

    /// Files of one folder share what a reference to another file finds, but a problem's message
    /// still speaks from the file that has the reference, whichever file asked first.
    @Test(arguments: [false, true]) func referencesSharedByAFolder(rootFirst: Bool) throws {
        let ws = try workspace(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
            files: ["sibling.yaml": "a: 1\n", "defs/d.yaml": "D: {type: string}\n"])
        let root = ws.root
        let sibling = try ws.resolve("sibling.yaml", from: root).get().file
        func problem(_ ref: String, from file: SourceFile) -> String? {
            if case .failure(let p) = ws.resolve(ref, from: file) { return p.message }
            return nil
        }
        let order = rootFirst ? [root.id, sibling.id] : [sibling.id, root.id]
        var messages: [Int: String] = [:]
        for id in order {
            let file = try #require(ws.file(id: id))
            messages[id] = problem("sibling.yaml#/missing", from: file)
            // A found target is the same node for both files.
            let found = try ws.resolve("defs/d.yaml#/D", from: file).get()
            #expect(found.file.path.hasSuffix("defs/d.yaml") && found.pointer == "/D" && found["type"]?.string == "string")
        }
        #expect(messages[sibling.id]?.contains("this document has nothing at /missing") == true)
        #expect(messages[root.id]?.contains("sibling.yaml' has nothing at /missing") == true)
    }

    /// Many path items are built on two threads: the model keeps the document's order.
    @Test func manyPathItemsKeepTheirOrder() throws {
        let count = 150
        var text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n"
        for i in 0..<count {
            text += "  /p\(i):\n    get:\n      operationId: op\(i)\n      responses: {'200': {$ref: 'responses.yaml#/ok'}}\n"
        }
        let ws = try workspace(text, files: ["responses.yaml": "ok: {description: fine}\n"])
        let model = APIDescription(workspace: ws)
        #expect(model.paths.map(\.template) == (0..<count).map { "/p\($0)" })
        #expect(model.operations().map(\.operationId) == (0..<count).map { "op\($0)" })
        #expect(model.operations().allSatisfy { $0.responses.first?.node["description"]?.string == "fine" })
    }
}

/// The XCTest entry of this module.
final class ModelXCTests: XCTestCase {
    func testSwagger2Model() throws {
        let dir = NSTemporaryDirectory() + "oav-model-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/swagger.json"
        try #"""
        {"swagger": "2.0", "info": {"title": "T", "version": "1"}, "host": "api.example.com", "basePath": "/v1",
         "paths": {"/a": {"post": {"parameters": [{"name": "body", "in": "body", "schema": {"type": "object"}}],
                                    "responses": {"200": {"description": "ok", "schema": {"type": "string"}}}}}}}
        """#.write(toFile: path, atomically: true, encoding: .utf8)
        let ws = try Workspace(path: path)
        XCTAssertEqual(ws.version, .swagger2)
        let model = APIDescription(workspace: ws)
        XCTAssertEqual(model.servers.first?.url, "https://api.example.com/v1")
        let op = try XCTUnwrap(model.operations().first)
        XCTAssertEqual(op.requestBody?.content.first?.schema?["type"]?.string, "object")
        XCTAssertEqual(op.responses.first?.content.first?.schema?["type"]?.string, "string")
    }
}

@Suite("Reference objects")
struct ReferenceObjectTests {
    /// `resolveRef(of:_:)` gives what `resolve(_:from:)` gives for the object's `$ref`, the first
    /// time and the times after (kept by the object), for a target found and for a problem.
    @Test(arguments: ["3.0.3", "3.1.0"])
    func resolveRefAgreesWithResolve(version: String) throws {
        let text = """
            openapi: \(version)
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                A: {$ref: "pet.yaml#/Pet"}
                B: {$ref: "#/components/schemas/Missing"}
                C: {$ref: "#/components/schemas/A", description: beside}
                D: {$ref: "#/components/schemas/S7"}
                E: {$ref: "#/components/schemas/a~1b"}
                F: {$ref: "#/components/schemas/pct%20x"}
                G: {$ref: "#/components/schemas/K/allOf/1"}
                H: {$ref: "#/components/schemas/S7/properties/missing"}
                I: {$ref: "#/components/schemas/Dup"}
                J: {$ref: "#/components/schemas/S3/properties/"}
                K: {allOf: [{type: string}, {type: integer}]}
                Dup: {type: string}
                Dup: {type: number}
                a/b: {type: boolean}
                pct x: {type: "null"}
            """ + (0..<20).map { "\n    S\($0): {type: object, properties: {\"\": {type: string}}}" }.joined()
        let ws = try ModelTests().workspace(text, files: ["pet.yaml": "Pet: {type: object}\n"])
        let schemas = try #require(ws.root.root["components"]?["schemas"])
        // (More than 16 schemas: lookups in `schemas` go through its member index.)
        for name in ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] {
            let holder = try #require(schemas[name])
            let ref = try #require(holder.refValue)
            #expect(holder.ref == ref.string)
            let direct = ws.resolve(ref.string!, from: holder.file)
            for _ in 0..<2 {
                switch (ws.resolveRef(of: holder, ref), direct) {
                case (.success(let a), .success(let b)):
                    #expect(a.key == b.key && a.file.path == b.file.path, "\(name)")
                case (.failure(let a), .failure(let b)):
                    #expect(a.message == b.message, "\(name)")
                default:
                    Issue.record("\(name): resolveRef and resolve disagree")
                }
            }
        }
        func target(_ name: String) -> Node? {
            guard let holder = schemas[name], let ref = holder.refValue else { return nil }
            return try? ws.resolveRef(of: holder, ref).get()
        }
        #expect(target("D")?.pointer == "/components/schemas/S7")
        #expect(target("E")?["type"]?.string == "boolean")
        #expect(target("F")?["type"]?.string == "null")
        #expect(target("G")?["type"]?.string == "integer")
        #expect(target("H") == nil)
        #expect(target("I")?["type"]?.string == "number")  // the last of duplicate keys
        #expect(target("J")?["type"]?.string == "string")  // the empty key
        // Not a reference object: no `$ref` member, or one that is not a string.
        #expect(schemas.refValue == nil)
        let numeric = try JSONDocument.parseYAML(Array("{$ref: 3}".utf8))
        #expect(Node(file: ws.root, value: numeric.root).refValue == nil)
    }
}

@Suite("Model builder")
struct ModelBuilderTests {
    /// Path items taken by several threads come out in document order, each built once, as
    /// when one thread builds them all.
    @Test func helpersBuildTheSameModelAsOneThread() throws {
        var text = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n"
        for n in 0..<150 {
            text += "  /p\(n)/{id}:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
            text += "    get:\n      responses: {\"200\": {description: ok}, \"4XX\": {description: no}}\n"
            if n % 3 == 0 { text += "    post:\n      responses: {\"201\": {description: made}}\n" }
        }
        text += "  x-note: {}\n"
        let ws = try ModelTests().workspace(text)
        let alone = APIDescription.Builder(workspace: ws).build()
        let shared = APIDescription.Builder(workspace: ws)
        let helpers = (0..<3).map { _ in BackgroundTask(stackSize: 1 << 20) { shared.help() } }
        let model = shared.build()
        for helper in helpers { helper.wait() }
        #expect(alone.paths.count == 150)
        #expect(model.paths.map(\.template) == alone.paths.map(\.template))
        #expect(model.paths.map(\.template) == (0..<150).map { "/p\($0)/{id}" })
        #expect(model.operations().map { "\($0.method) \($0.path) \($0.responses.map(\.key))" }
            == alone.operations().map { "\($0.method) \($0.path) \($0.responses.map(\.key))" })
        #expect(model.operations().count == 200)
        #expect(APIDescription(workspace: ws).paths.map(\.template) == alone.paths.map(\.template))
    }

    /// Responses and parameters that many operations reference (in other files too) are read
    /// once per thread; each use keeps its own status key and its own site.
    @Test func sharedResponsesAndParametersKeepEachUse() throws {
        let root = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /a:
                get:
                  parameters: [{$ref: "shared.yaml#/page"}, {name: q, in: query}]
                  responses: {"401": {$ref: "shared.yaml#/unauthorized"}, "200": {description: ok}}
              /b:
                get:
                  parameters: [{$ref: "shared.yaml#/page"}]
                  responses: {"403": {$ref: "shared.yaml#/unauthorized"}, default: {$ref: "shared.yaml#/unauthorized"}}
            """
        let shared = """
            page: {name: page, in: query, schema: {type: integer}}
            unauthorized:
              description: no
              headers: {X-Rate: {$ref: "#/rate"}, X-Id: {schema: {type: string}}}
              content: {application/json: {schema: {type: object}}}
            rate: {schema: {type: integer}}
            """
        let ws = try ModelTests().workspace(root, files: ["shared.yaml": shared])
        let model = APIDescription(workspace: ws)
        let ops = model.operations()
        #expect(ops.map { $0.responses.map(\.key) } == [["401", "200"], ["403", "default"]])
        #expect(ops[1].responses.map(\.status) == [.code(403), .default])
        for response in ops.flatMap(\.responses) where response.key != "200" {
            #expect(response.node.file.path.hasSuffix("shared.yaml"))
            #expect(response.headers.map(\.name) == ["X-Rate", "X-Id"])
            #expect(response.headers[0].node.pointer == "/rate")
            #expect(response.content.map(\.name) == ["application/json"])
        }
        let pages = ops.map { $0.parameters[0] }
        #expect(pages.map(\.name) == ["page", "page"])
        #expect(pages[0].node.key == pages[1].node.key)
        #expect(pages.map(\.site.pointer) == ["/paths/~1a/get/parameters/0", "/paths/~1b/get/parameters/0"])
        #expect(pages.allSatisfy { $0.site.file.path.hasSuffix("openapi.yaml") && $0.schema?.pointer == "/page/schema" })
        #expect(ops[0].parameters.map(\.name) == ["page", "q"])
    }
}
