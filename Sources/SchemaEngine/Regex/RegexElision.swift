extension ECMARegex {
    /// The literal text when `pattern` is exactly `^literal` with no metacharacters, so a
    /// compiler can replace the regex by a byte-prefix comparison. Escaped syntax characters
    /// (`^\/api\.v1`) count as literal. Returns nil for anything else, including `^abc$`
    /// (see ``exactLiteral(_:)``) and patterns without a leading `^`.
    public static func literalPrefix(_ pattern: String) -> String? {
        guard pattern.hasPrefix("^") else { return nil }
        return literalText(pattern.unicodeScalars.dropFirst())
    }

    /// The literal text when `pattern` is exactly `^literal$`: the regex is an equality test.
    public static func exactLiteral(_ pattern: String) -> String? {
        let scalars = pattern.unicodeScalars
        guard scalars.count >= 2, scalars.first == "^", scalars.last == "$" else { return nil }
        let body = scalars.dropFirst().dropLast()
        // `^a\$` ends with an escaped dollar, which is not an anchor.
        var trailingBackslashes = 0
        for c in body.reversed() {
            if c == "\\" { trailingBackslashes += 1 } else { break }
        }
        guard trailingBackslashes % 2 == 0 else { return nil }
        return literalText(body)
    }

    private static func literalText(_ body: Substring.UnicodeScalarView) -> String? {
        var result = String.UnicodeScalarView()
        var iterator = body.makeIterator()
        while let c = iterator.next() {
            if c == "\\" {
                // Only escapes of ECMA syntax characters are literal (`\d`, `\b`, `\u…` are not).
                guard let e = iterator.next(), "^$\\.*+?()[]{}|/-".unicodeScalars.contains(e) else { return nil }
                result.append(e)
                continue
            }
            if "^$.*+?()[]{}|".unicodeScalars.contains(c) { return nil }
            result.append(c)
        }
        return String(result)
    }
}
