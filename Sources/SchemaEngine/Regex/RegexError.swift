/// Why a JSON Schema regular expression could not be compiled or run.
///
/// Compile errors name the pattern, say what is wrong and where, counting Unicode scalars
/// from the start of the ECMA-262 pattern the user wrote (not the translated PCRE2 text):
/// `invalid regular expression '(': missing closing parenthesis at offset 1`.
public struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The pattern is not valid ECMA-262 (with the `u` flag) or PCRE2 rejected it.
        case invalidPattern
        /// Valid ECMA-262 that PCRE2 cannot run (e.g. a variable-length lookbehind on PCRE2 < 10.43).
        case unsupported
        /// The match limit, depth limit or heap limit was hit: the pattern backtracks catastrophically.
        case matchLimitExceeded
        /// The subject bytes are not valid UTF-8.
        case invalidSubject
        /// Any other negative return code of `pcre2_match`.
        case matchFailed(code: Int32)
    }

    public var kind: Kind
    /// The ECMA-262 pattern as written in the schema.
    public var pattern: String
    /// A human-readable reason (from the translator or from PCRE2).
    public var message: String
    /// Offset of the problem in Unicode scalars of `pattern`, when known.
    public var offset: Int?

    public init(kind: Kind, pattern: String, message: String, offset: Int? = nil) {
        self.kind = kind
        self.pattern = pattern
        self.message = message
        self.offset = offset
    }

    public var description: String {
        switch kind {
        case .invalidPattern, .unsupported:
            let prefix = kind == .unsupported ? "unsupported regular expression" : "invalid regular expression"
            if let offset {
                return "\(prefix) '\(pattern)': \(message) at offset \(offset)"
            }
            return "\(prefix) '\(pattern)': \(message)"
        case .matchLimitExceeded:
            return "regular expression '\(pattern)' exceeded its match limit (catastrophic backtracking?)"
        case .invalidSubject:
            return "regular expression '\(pattern)': subject is not valid UTF-8: \(message)"
        case .matchFailed(let code):
            return "regular expression '\(pattern)': match failed with PCRE2 error \(code): \(message)"
        }
    }
}
