import Foundation
import JSONDocument
import OpenAPILinter
import OpenAPIModel
import Testing

@Suite("Loading")
struct LoadingTests {
    @Test func versionDetection() throws {
        #expect(try lintText(api("paths: {}", version: "2.0")).version == .swagger2)
        #expect(try lintText(api("paths: {}", version: "3.0.3")).version == .openapi30("3.0.3"))
        #expect(try lintText(api("paths: {}", version: "3.1.1")).version == .openapi31("3.1.1"))
    }

    func loadError(_ text: String, name: String = "openapi.yaml") throws -> LoadError {
        do {
            _ = try lintText(text, name: name)
        } catch let error as LoadError {
            return error
        }
        Issue.record("expected a load error")
        throw CancellationError()
    }

    /// Files are listed root first, then by path, whichever walker thread loaded which file
    /// first; findings follow that order.
    @Test func filesAreOrderedRootFirstThenByPath() throws {
        // Referenced in the reverse order of their names, from several places of the document.
        var paths = ""
        var extra: [String: String] = [:]
        let names = ["z", "m", "c", "a", "ab", "B", "é", "a b"]
        for (n, name) in names.enumerated() {
            paths += "  /p\(n):\n    $ref: \"./\(name)/item.yaml\"\n"
            extra["\(name)/item.yaml"] = "get:\n  responses:\n    \"200\": {description: ok}\n  bogus: 1\n"
        }
        for _ in 0..<5 {
            let r = try lintText(api("paths:\n" + paths), extra: extra)
            #expect(r.files.first?.hasSuffix("openapi.yaml") == true)
            #expect(Array(r.files.dropFirst()) == Array(r.files.dropFirst()).sorted())
            #expect(r.files.count == names.count + 1)
            // By the paths' bytes: "a b/…" before "a/…" (a space is below a slash).
            let expected = names.map { "\($0)/item.yaml" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(r.files.dropFirst().map { $0.split(separator: "/").suffix(2).joined(separator: "/") } == expected)
            var seen: [String] = []
            for f in r.findings where seen.last != f.file { seen.append(f.file) }
            #expect(seen == seen.sorted() && seen.count == names.count, "\(seen)")
        }
    }

    @Test func asyncAPIIsRefused() throws {
        let e = try loadError("asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\n")
        #expect(e.kind == .unsupported)
        #expect(e.message.contains("AsyncAPI is not supported yet"))
        #expect(e.line == 1)
    }

    @Test func unknownVersions() throws {
        #expect(try loadError("openapi: 4.0.0\ninfo: {}\n").message.contains("unsupported OpenAPI version \"4.0.0\""))
        #expect(try loadError("openapi: 3.0\ninfo: {}\n").kind == .unknownVersion)
        #expect(try loadError("swagger: '1.2'\n").message.contains("only Swagger version"))
        #expect(try loadError("title: hello\n").kind == .notOpenAPI)
        #expect(try loadError("- a\n- b\n").message.contains("top level is array"))
    }

    @Test func unreadableInputs() throws {
        let syntax = try loadError("openapi: 3.0.3\ninfo: [unclosed\n")
        #expect(syntax.kind == .syntax)
        #expect(syntax.line != nil && syntax.column != nil)
        let json = try loadError("{\"openapi\": \"3.0.3\",}", name: "a.json")
        #expect(json.kind == .syntax)
        #expect(json.line == 1)
        do {
            _ = try Linter.lint(path: "/nonexistent/dir/openapi.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.description.hasSuffix("no such file"))
        }
    }

    @Test func multiFileReferences() throws {
        let result = try Linter.lint(path: TestData.fixture("multi/openapi.yaml"))
        // Each file is loaded once, and findings land in the file that holds them.
        #expect(Set(result.files.map { ($0 as NSString).lastPathComponent }) == [
            "openapi.yaml", "parameters.yaml", "pet.yaml", "owner.yaml", "node.yaml", "responses.json",
        ])
        let example = try #require(result.with("oas3-valid-schema-example").first)
        #expect(example.file.hasSuffix("schemas/pet.yaml"))
        #expect(example.pointer == "/Pet/properties/id/example")
        #expect(example.line == 7)
        let required = try #require(result.with("schema-required-properties").first)
        #expect(required.file.hasSuffix("common/responses.json"))
        #expect(result.with("invalid-ref").isEmpty)
        #expect(result.with("path-params").isEmpty, "the path parameter comes from parameters.yaml")
        // The typed model sees through the files too.
        let ws = try Workspace(path: TestData.fixture("multi/openapi.yaml"))
        let model = APIDescription(workspace: ws)
        let op = try #require(model.operations().first { $0.operationId == "getPet" })
        #expect(op.parameters.first?.name == "petId")
        #expect(op.parameters.first?.node.file.path.hasSuffix("parameters.yaml") == true)
        #expect(op.responses.map(\.status) == [.code(200), .default])
        #expect(op.responses[1].node.file.path.hasSuffix("responses.json"))
        // The lint lets go of the references' targets before its last step (its peak of
        // memory); a model built afterwards resolves them again to the same nodes.
        let before = model.operations().flatMap { $0.parameters.map { $0.node.key } + $0.responses.map { $0.node.key } }
        let loaded = ws.files.count
        ws.forgetResolvedReferences()
        let again = APIDescription(workspace: ws).operations()
        #expect(again.flatMap { $0.parameters.map { $0.node.key } + $0.responses.map { $0.node.key } } == before)
        #expect(ws.files.count == loaded, "loaded files stay, none is read twice")
        // The schema compiler finds loaded files by their URIs (and only those).
        for file in ws.files {
            #expect(ws.loadedDocument(forURI: file.uri) === file.document, "\(file.path)")
            #expect(ws.document(forURI: file.uri) === file.document)
        }
        #expect(ws.loadedDocument(forURI: ws.root.uri + "#/paths") == nil)
        #expect(ws.loadedDocument(forURI: "file:///nowhere/openapi.yaml") == nil)
    }

    /// OAS 3.0 allows no Reference Object in place of an Operation, but bundlers accept one
    /// (DigitalOcean writes all its operations so): the `$ref` is reported, and what it names
    /// is still checked as an Operation, in its own file, with the files it references in turn.
    @Test func aRefWhereNoneIsAllowedIsReportedAndItsTargetStillChecked() throws {
        let root = api("""
            paths:
              /pets:
                get:
                  $ref: ops/list.yaml
                  summary: ignored beside the $ref, but the $ref is the error here
                put:
                  $ref: ops/missing.yaml
              /self:
                post:
                  $ref: "#/paths/~1self/post"
            """)
        let list = """
            operationId: listPets
            colour: blue
            responses:
              "200":
                $ref: ../responses/ok.yaml
            """
        let ok = """
            description: OK
            content:
              application/json:
                schema: {type: integer}
                example: not a number
            """
        let result = try lintText(root, extra: ["ops/list.yaml": list, "responses/ok.yaml": ok])
        let refs = result.findings.filter { $0.message.hasPrefix("a $ref is not allowed here") }
        #expect(refs.map(\.pointer) == ["/paths/~1pets/get/$ref", "/paths/~1pets/put/$ref", "/paths/~1self/post/$ref"])
        #expect(refs.allSatisfy { $0.file.hasSuffix("openapi.yaml") && $0.rule == "oas3-schema" })
        #expect(result.with("no-$ref-siblings").isEmpty, "the whole $ref is the error, not its siblings")
        // What the reference names is linted as the Operation it stands for, and so are the
        // files that one references.
        let field = try #require(result.findings.first { $0.message.contains("'colour'") })
        #expect(field.file.hasSuffix("ops/list.yaml"))
        #expect(field.pointer == "/colour")
        let example = try #require(result.with("oas3-valid-media-example").first)
        #expect(example.file.hasSuffix("responses/ok.yaml"))
        // A reference that does not resolve is reported as such; one that names itself stops.
        #expect(result.with("invalid-ref").map(\.pointer) == ["/paths/~1pets/put/$ref"])
        #expect(result.files.count == 3)
    }

    @Test func circularReferencesTerminate() throws {
        let result = try Linter.lint(path: TestData.fixture("cycle/openapi.yaml"))
        // The schema cycle A → B → A is fine; the response that is only references is not a response.
        #expect(result.files.count == 2)
        #expect(!result.findings.contains { $0.rule == "oas3-schema" && $0.message.contains("'A'") })
        let ws = try Workspace(path: TestData.fixture("cycle/openapi.yaml"))
        let loop = try #require(ws.root.root["components"]?["responses"]?["Loop"])
        guard case .failure(let problem) = ws.deref(loop) else {
            Issue.record("a cycle of references must not resolve")
            return
        }
        #expect(problem.kind == .circular)
        // Recursive schemas compile (the engine jumps back instead of expanding).
        let compiler = SchemaCompiler(workspace: ws)
        let a = try #require(ws.root.root["components"]?["schemas"]?["A"])
        let validator = try compiler.validator(for: a).get()
        let doc = try JSONDocument.parse(#"{"b": {"a": {"b": {}}}}"#)
        #expect(validator.isValid(doc.root))
    }

    @Test func longReferenceChainsDoNotExhaustTheStack() throws {
        var text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        let count = 20_000
        for i in 0..<count {
            text += "    S\(i): {type: object, properties: {next: {$ref: '#/components/schemas/S\((i + 1) % count)'}}}\n"
        }
        let r = try lintText(text)
        #expect(r.with("oas3-unused-component").isEmpty)
        #expect(r.findings.isEmpty, "\(r.findings.prefix(3))")
    }

    @Test func refRootGuard() throws {
        let path = TestData.fixture("outside/api/openapi.yaml")
        let refused = try Linter.lint(path: path)
        let finding = try #require(refused.with("invalid-ref").first)
        #expect(finding.message.contains("leaves the root folder"))
        #expect(refused.files.count == 1, "the outside file must not even be read")
        let allowed = try Linter.lint(
            path: path, options: LintOptions(load: LoadOptions(refRoot: TestData.fixture("outside"))))
        #expect(allowed.with("invalid-ref").isEmpty)
        #expect(allowed.files.count == 2)
    }

    @Test func remoteRefsNeedPermission() throws {
        let r = try lintText(api("""
            paths:
              /a:
                get:
                  responses:
                    "200": {$ref: "https://example.com/responses.yaml#/Ok"}
            """))
        let finding = try #require(r.with("invalid-ref").first)
        #expect(finding.message.contains("--allow-remote-refs"))
    }

    @Test func everyNodeKeepsItsLocation() throws {
        let ws = try Workspace(path: TestData.fixture("multi/openapi.yaml"))
        let model = APIDescription(workspace: ws)
        let tree = try #require(model.operations().first { $0.operationId == "getTree" })
        #expect(tree.node.line == 22)
        #expect(tree.node.pointer == "/paths/~1trees/get")
        let schema = try #require(tree.responses.first?.content.first?.schema)
        let target = try #require(ws.target(schema))
        #expect(target.file.path.hasSuffix("node.yaml"))
        #expect(target.pointer == "")
    }
}
