import Testing

@testable import OpenAPIModel

@Suite("Path normalization")
struct PathTests {
    @Test(arguments: [
        ("/a/b/../c", "/a/c"), ("/../a", "/a"), ("a/../../b", "../b"), ("./a/./b/", "a/b"), ("", "."),
        ("/", "/"), ("a/..", "."), ("../x", "../x"), ("/a//b", "/a/b"), ("/dé/./ü/../x.yaml", "/dé/x.yaml"),
        ("a/b/../../..", ".."), ("/a/.../b", "/a/.../b"), ("..a/b", "..a/b"),
    ])
    func normalize(input: String, expected: String) {
        #expect(Workspace.normalize(input) == expected)
    }
}
