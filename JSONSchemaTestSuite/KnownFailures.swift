/// Optional suite tests that are known to fail, each with the reason. The optional test fails
/// when a test not listed here fails, and when a listed test starts passing.
enum KnownFailures {
    static let optional: [String: String] = [:]
}
