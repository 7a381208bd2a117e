import Testing
@testable import OpenAPIModel
@Test func placeholder() {}
