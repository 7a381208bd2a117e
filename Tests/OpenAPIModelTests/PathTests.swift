import Foundation
import Testing

@testable import OpenAPIModel

@Suite("Path normalization")
struct PathTests {
    @Test(arguments: [
        ("/a/b/../c", "/a/c"), ("/../a", "/a"), ("a/../../b", "../b"), ("./a/./b/", "a/b"), ("", "."),
        ("/", "/"), ("a/..", "."), ("../x", "../x"), ("/a//b", "/a/b"), ("/dé/./ü/../x.yaml", "/dé/x.yaml"),
        ("a/b/../../..", ".."), ("/a/.../b", "/a/.../b"), ("..a/b", "..a/b"),
        ("../../a/../b", "../../b"), ("/a/b/c/../../../..", "/"), ("a/./../.", "."), ("//a///b/..//", "/a"),
        ("x/../../y/./z/..", "../y"), ("/ab/cd/../ef", "/ab/ef"), (".", "."), ("..", ".."), ("/..", "/"),
    ])
    func normalize(input: String, expected: String) {
        #expect(Workspace.normalize(input) == expected)
    }

    /// A folder and a relative path are normalized as their join would be.
    @Test(arguments: [
        ("/a/b", "../c.yaml"), ("/a", "./x/../y.yaml"), ("", "a/b"), ("/", "../../z"), ("rel/dir", "../../.."),
        ("/dé", "ü/./v.yaml"), ("/a/b/", "c"), ("a", ""),
    ])
    func normalizeJoined(folder: String, relative: String) {
        #expect(Workspace.normalize(folder, then: relative) == Workspace.normalize(folder + "/" + relative))
    }

    @Test(arguments: [
        ("HTTPS://x", "https://", true), ("http://x", "https://", false), ("File:///a", "file://", true),
        ("htt", "http://", false), ("hTtP://", "http://", true), ("http:/", "http://", false),
    ])
    func schemePrefixIgnoresCase(text: String, prefix: String, expected: Bool) {
        let result: Bool
        switch prefix {
        case "https://": result = text.hasPrefixIgnoringCase("https://")
        case "http://": result = text.hasPrefixIgnoringCase("http://")
        default: result = text.hasPrefixIgnoringCase("file://")
        }
        #expect(result == expected)
    }

    struct Unresolved: Error { let ref: String }

    /// Files of one folder share a reference scope (their relative `$ref`s resolve alike), the
    /// root's is 0, and files of other folders (or shown under other folders) get their own.
    @Test func filesOfAFolderShareAScope() throws {
        let dir = NSTemporaryDirectory() + "oav-scope-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = [
            "api.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "same.yaml": "type: string\n", "a/x.yaml": "type: string\n", "a/y.yaml": "type: string\n",
            "b/z.yaml": "type: string\n", "b/w.yaml": "type: string\n",
        ]
        for (name, text) in files {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let workspace = try Workspace(path: dir + "/api.yaml")
        func scope(_ ref: String) throws -> Int {
            guard case .success(let node) = workspace.resolve(ref, from: workspace.root) else {
                throw Unresolved(ref: ref)
            }
            return node.file.referenceScope
        }
        #expect(workspace.root.referenceScope == 0)
        #expect(try scope("same.yaml") == 0)
        #expect(try scope("a/x.yaml") == scope("a/./y.yaml"))
        #expect(try scope("a/x.yaml") != 0)
        #expect(try scope("b/z.yaml") == scope("b/c/../w.yaml"))
        #expect(try scope("b/z.yaml") != scope("a/x.yaml"))
        // The same folder shown under another path (a `..` through a sibling) is its own scope
        // only when the shown folder differs; here both normalize to `b`.
        #expect(try scope("a/../b/z.yaml") == scope("b/z.yaml"))
    }

    /// File URIs: unreserved bytes kept (the common case returns the path itself), others escaped.
    @Test(arguments: [
        ("/a/b-c_d.e~f/X9.yaml", "/a/b-c_d.e~f/X9.yaml"), ("/with space/a#b.yaml", "/with%20space/a%23b.yaml"),
        ("/dé.yaml", "/d%C3%A9.yaml"), ("", ""), ("/100%", "/100%25"),
    ])
    func percentEncodedPath(input: String, expected: String) {
        #expect(Workspace.percentEncodedPath(input) == expected)
    }
}
