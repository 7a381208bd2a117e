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
}
