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

    /// File URIs: unreserved bytes kept (the common case returns the path itself), others escaped.
    @Test(arguments: [
        ("/a/b-c_d.e~f/X9.yaml", "/a/b-c_d.e~f/X9.yaml"), ("/with space/a#b.yaml", "/with%20space/a%23b.yaml"),
        ("/dé.yaml", "/d%C3%A9.yaml"), ("", ""), ("/100%", "/100%25"),
    ])
    func percentEncodedPath(input: String, expected: String) {
        #expect(Workspace.percentEncodedPath(input) == expected)
    }
}
