import Testing

@testable import SchemaEngine

/// The shortcut for absolute references must give exactly what full RFC 3986 resolution gives.
@Suite("URI resolution")
struct URITests {
    static let base = "file:///srv/api/openapi.json"

    @Test(arguments: [
        "file:///srv/api/openapi.json#/paths/~1pets/get",
        "https://example.com/schemas/pet",
        "https://example.com/schemas/pet#/properties/name",
        "urn:uuid:deadbeef-1234",
        "HTTPS://Example.com/a",  // upper-case scheme: lower-cased by the full parse
        "https://example.com/a/./b",
        "https://example.com/a/../b#x",
        "urn:./x",
        "file:/a/b/../c?q=/./#/./",
        "pet.json#/a",
        "#/components/schemas/Pet",
        "../other.yaml#/x",
        "//host/path",
        "a:b:c",
    ])
    func shortcutAgreesWithFullResolution(reference: String) {
        let full = URIReference(Self.base).resolving(URIReference(reference)).text
        #expect(URI.resolve(reference, against: Self.base) == full)
    }

    @Test func shortcutOnlyForAbsoluteWithoutDotSegments() {
        #expect(URI.isAbsoluteWithoutDotSegments("https://x/y#/a/./b"))
        #expect(!URI.isAbsoluteWithoutDotSegments("https://x/./y"))
        #expect(!URI.isAbsoluteWithoutDotSegments("Https://x/y"))
        #expect(!URI.isAbsoluteWithoutDotSegments("x/y:z"))
        #expect(!URI.isAbsoluteWithoutDotSegments("#/a"))
    }
    /// RFC 3986 §3: the first `#` starts the fragment, the first `?` before it the query.
    @Test func splitsIntoComponents() {
        let u = URIReference("HTTPS://h:80/p/q?x=1?y#f?g#h")
        #expect(u.scheme == "https" && u.authority == "h:80" && u.path == "/p/q")
        #expect(u.query == "x=1?y" && u.fragment == "f?g#h")
        let file = URIReference("file:///a/é b")
        #expect(file.scheme == "file" && file.authority == "" && file.path == "/a/é b" && file.query == nil && file.fragment == nil)
        let relative = URIReference("1:x/y#")  // not a scheme (starts with a digit); empty fragment
        #expect(relative.scheme == nil && relative.path == "1:x/y" && relative.fragment == "")
    }

    /// RFC 3986 §5.4: the normal and abnormal examples, against base `http://a/b/c/d;p?q`.
    @Test(arguments: [
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"),
        (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"), ("g;x?y#s", "http://a/b/c/g;x?y#s"),
        ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"),
        ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../", "http://a/"),
        ("../../g", "http://a/g"),
        ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"), ("/./g", "http://a/g"), ("/../g", "http://a/g"),
        ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."), ("..g", "http://a/b/c/..g"),
        ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"),
        ("g/../h", "http://a/b/c/h"), ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"),
        ("g?y/./x", "http://a/b/c/g?y/./x"), ("g?y/../x", "http://a/b/c/g?y/../x"), ("g#s/./x", "http://a/b/c/g#s/./x"),
        ("g#s/../x", "http://a/b/c/g#s/../x"), ("http:g", "http:g"),
        // Not in the RFC: non-ASCII text passes through, an upper-case scheme is lower-cased.
        ("schémas/é.json#/ä", "http://a/b/c/schémas/é.json#/ä"), ("HTTP://x/./y", "http://x/y"),
    ])
    func resolvesTheRFCExamples(reference: String, expected: String) {
        #expect(URI.resolve(reference, against: "http://a/b/c/d;p?q") == expected)
    }
}
