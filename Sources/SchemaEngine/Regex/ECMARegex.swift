import CPCRE2
import Synchronization

/// A compiled ECMA-262 regular expression (JSON Schema `pattern`, `patternProperties`,
/// `format: regex`), run by PCRE2 (8-bit, UTF mode, JIT when available).
///
/// This file is the only one in the module that calls PCRE2.
///
/// Thread safety: the compiled code and match context are immutable after `init` and PCRE2
/// documents both as safe to share between threads. Each match needs its own match data block;
/// the regex keeps **one cached block in an atomic slot**: a match takes it (atomic exchange
/// with nil), uses it and puts it back. A concurrent match that finds the slot empty allocates
/// a block of its own and frees it afterwards. So the single-threaded hot path does no malloc,
/// and contention costs only an allocation, never a lock.
public final class ECMARegex: @unchecked Sendable {
    /// The ECMA-262 pattern as written.
    public let pattern: String
    /// True when PCRE2's JIT compiled the pattern (false means the interpreter runs it).
    public let isJITCompiled: Bool

    /// Default limit on PCRE2's backtracking work per match. `^(a+)+$` on 31 `a`s and a `!`
    /// would need ~2^31 steps; with this limit it gives up in a few milliseconds.
    public static let defaultMatchLimit: UInt32 = 1_000_000
    /// Default heap limit for the interpreter's backtracking frames, in KiB.
    public static let defaultHeapLimitKiB: UInt32 = 65_536
    /// Default depth limit (nested backtracking points) for the interpreter.
    public static let defaultDepthLimit: UInt32 = 100_000

    private let code: OpaquePointer
    private let matchContext: OpaquePointer
    private let cachedMatchData: Atomic<UnsafeMutableRawPointer?>

    /// Compiles an ECMA-262 pattern.
    /// - Throws: `RegexError` with kind `.invalidPattern` (not ECMA-262, or rejected by PCRE2),
    ///   or `.unsupported` (valid ECMA-262 that PCRE2 cannot run, such as a variable-length lookbehind).
    public convenience init(_ pattern: String) throws(RegexError) {
        try self.init(pattern, matchLimit: Self.defaultMatchLimit)
    }

    /// Compiles an ECMA-262 pattern with an explicit backtracking limit.
    public convenience init(_ pattern: String, matchLimit: UInt32) throws(RegexError) {
        let translated = try ECMATranslator.translate(pattern)
        try self.init(
            pattern: pattern, pcre2: translated.pcre2, offsetMap: translated.offsetMap,
            matchLimit: matchLimit)
    }

    /// Compiles a pattern written directly in PCRE2 syntax (module-internal: the format checkers
    /// use it for Unicode properties the Swift standard library lacks, such as Bidi_Class).
    convenience init(pcre2Pattern: String) throws(RegexError) {
        try self.init(
            pattern: pcre2Pattern, pcre2: Array(pcre2Pattern.utf8), offsetMap: [],
            matchLimit: Self.defaultMatchLimit)
    }

    private init(
        pattern: String, pcre2: [UInt8], offsetMap: [(output: Int, source: Int)], matchLimit: UInt32
    ) throws(RegexError) {
        self.pattern = pattern
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let options = PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_UNSET_BACKREF | PCRE2_NEVER_BACKSLASH_C
        // pcre2_compile copies what it needs; the pattern buffer may go away afterwards.
        let compiled: OpaquePointer? = pcre2.withUnsafeBufferPointer { buffer in
            // A zero-length pattern still needs a non-null pointer.
            var empty: UInt8 = 0
            return withUnsafePointer(to: &empty) { emptyPointer in
                pcre2_compile_8(
                    buffer.baseAddress ?? emptyPointer, buffer.count, options,
                    &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            var message = [UInt8](repeating: 0, count: 256)
            let length = message.withUnsafeMutableBufferPointer { buffer in
                pcre2_get_error_message_8(errorCode, buffer.baseAddress, buffer.count)
            }
            let text = length > 0 ? String(decoding: message[0..<Int(length)], as: UTF8.self) : "error \(errorCode)"
            // Map the byte offset in the translated pattern back to the source: the start of the
            // ECMA term whose translation holds it (PCRE2 often reports the end of that term).
            var sourceOffset = errorOffset
            if !offsetMap.isEmpty {
                sourceOffset = offsetMap.last(where: { $0.output <= errorOffset })?.source ?? 0
            }
            let kind: RegexError.Kind =
                errorCode == PCRE2_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH ? .unsupported : .invalidPattern
            throw RegexError(kind: kind, pattern: pattern, message: text, offset: sourceOffset)
        }
        self.code = compiled
        self.isJITCompiled = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        guard let context = pcre2_match_context_create_8(nil) else {
            pcre2_code_free_8(compiled)
            throw RegexError(kind: .invalidPattern, pattern: pattern, message: "out of memory")
        }
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, Self.defaultDepthLimit)
        pcre2_set_heap_limit_8(context, Self.defaultHeapLimitKiB)
        self.matchContext = context
        self.cachedMatchData = Atomic(nil)
    }

    deinit {
        if let data = cachedMatchData.exchange(nil, ordering: .acquiring) {
            pcre2_match_data_free_8(OpaquePointer(data))
        }
        pcre2_match_context_free_8(matchContext)
        pcre2_code_free_8(code)
    }

    /// Unanchored search (JSON Schema `pattern` semantics) in UTF-8 bytes. The bytes are
    /// checked for valid UTF-8 (`RegexError.Kind.invalidSubject` otherwise).
    public func matches(_ bytes: UnsafeBufferPointer<UInt8>) throws(RegexError) -> Bool {
        try search(bytes, options: 0)
    }

    /// Unanchored search in UTF-8 bytes already known to be valid UTF-8 (skips PCRE2's check;
    /// invalid UTF-8 here is undefined behaviour in PCRE2).
    public func matches(validUTF8 bytes: UnsafeBufferPointer<UInt8>) throws(RegexError) -> Bool {
        try search(bytes, options: PCRE2_NO_UTF_CHECK)
    }

    /// Unanchored search in a string.
    public func matches(_ string: String) throws(RegexError) -> Bool {
        var string = string
        let result = string.withUTF8 { buffer in
            Result { () throws(RegexError) -> Bool in try self.search(buffer, options: PCRE2_NO_UTF_CHECK) }
        }
        return try result.get()
    }

    private func search(_ bytes: UnsafeBufferPointer<UInt8>, options: UInt32) throws(RegexError) -> Bool {
        let taken = cachedMatchData.exchange(nil, ordering: .acquiring)
        let matchData: OpaquePointer
        if let taken {
            matchData = OpaquePointer(taken)
        } else {
            // One ovector pair is enough: we only ask whether there is a match.
            guard let fresh = pcre2_match_data_create_8(1, nil) else {
                throw RegexError(kind: .matchFailed(code: PCRE2_ERROR_NOMEMORY), pattern: pattern, message: "out of memory")
            }
            matchData = fresh
        }
        defer {
            let raw = UnsafeMutableRawPointer(matchData)
            let (stored, _) = cachedMatchData.compareExchange(
                expected: nil, desired: raw, successOrdering: .releasing, failureOrdering: .relaxed)
            if !stored { pcre2_match_data_free_8(matchData) }
        }
        var empty: UInt8 = 0
        let rc = withUnsafePointer(to: &empty) { emptyPointer in
            pcre2_match_8(code, bytes.baseAddress ?? emptyPointer, bytes.count, 0, options, matchData, matchContext)
        }
        if rc >= 0 { return true }
        if rc == PCRE2_ERROR_NOMATCH { return false }
        switch rc {
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_JIT_STACKLIMIT:
            throw RegexError(kind: .matchLimitExceeded, pattern: pattern, message: Self.message(for: rc))
        case PCRE2_ERROR_UTF8_ERR21...PCRE2_ERROR_UTF8_ERR1:
            throw RegexError(kind: .invalidSubject, pattern: pattern, message: Self.message(for: rc))
        default:
            throw RegexError(kind: .matchFailed(code: rc), pattern: pattern, message: Self.message(for: rc))
        }
    }

    private static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer { pcre2_get_error_message_8(code, $0.baseAddress, $0.count) }
        return length > 0 ? String(decoding: buffer[0..<Int(length)], as: UTF8.self) : "error \(code)"
    }

    /// The PCRE2 text an ECMA-262 pattern translates to (for diagnostics and tests).
    public static func translatedPattern(_ pattern: String) throws(RegexError) -> String {
        String(decoding: try ECMATranslator.translate(pattern).pcre2, as: UTF8.self)
    }
}
