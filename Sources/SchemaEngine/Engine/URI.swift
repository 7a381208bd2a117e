/// Just enough RFC 3986 for JSON Schema identifiers: split, resolve a reference against a
/// base, and drop fragments. Works on URNs too (no authority, opaque path).
struct URIReference: Equatable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    init(_ text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        // A scheme is letters/digits/+-. before the first ':' that precedes any '/'.
        if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isLetter,
            rest[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        {
            scheme = rest[..<colon].lowercased()
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = String(rest[..<end])
            rest = rest[end...]
        }
        path = String(rest)
    }

    init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    var text: String {
        var out = ""
        if let scheme { out += scheme + ":" }
        if let authority { out += "//" + authority }
        out += path
        if let query { out += "?" + query }
        if let fragment { out += "#" + fragment }
        return out
    }

    /// RFC 3986 §5.2.2.
    func resolving(_ reference: URIReference) -> URIReference {
        if reference.scheme != nil {
            return URIReference(
                scheme: reference.scheme, authority: reference.authority,
                path: Self.removeDotSegments(reference.path), query: reference.query, fragment: reference.fragment)
        }
        if reference.authority != nil {
            return URIReference(
                scheme: scheme, authority: reference.authority, path: Self.removeDotSegments(reference.path),
                query: reference.query, fragment: reference.fragment)
        }
        if reference.path.isEmpty {
            return URIReference(
                scheme: scheme, authority: authority, path: path, query: reference.query ?? query,
                fragment: reference.fragment)
        }
        var merged: String
        if reference.path.hasPrefix("/") {
            merged = reference.path
        } else if authority != nil && path.isEmpty {
            merged = "/" + reference.path
        } else if let slash = path.lastIndex(of: "/") {
            merged = String(path[...slash]) + reference.path
        } else {
            merged = reference.path
        }
        merged = Self.removeDotSegments(merged)
        return URIReference(
            scheme: scheme, authority: authority, path: merged, query: reference.query, fragment: reference.fragment)
    }

    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let absolute = path.hasPrefix("/")
        for (n, segment) in segments.enumerated() {
            if n == 0 && absolute { continue }
            if segment == "." {
                if n == segments.count - 1 { output.append("") }
            } else if segment == ".." {
                if !output.isEmpty { output.removeLast() }
                if n == segments.count - 1 { output.append("") }
            } else {
                output.append(segment)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }
}

/// RFC 3986 reference resolution (public: the OpenAPI layer resolves remote `$ref`s with it).
public enum URI {
    /// `reference` resolved against `base` (both may be relative; an empty base leaves it as is).
    public static func resolve(_ reference: String, against base: String) -> String {
        if base.isEmpty || isAbsoluteWithoutDotSegments(reference) { return reference }
        return URIReference(base).resolving(URIReference(reference)).text
    }

    /// `scheme:` followed by a path with no `.`/`..` segment: resolution leaves it unchanged
    /// (RFC 3986 §5.2.2), so the common absolute `$ref` skips parsing.
    static func isAbsoluteWithoutDotSegments(_ reference: String) -> Bool {
        var utf8 = reference.utf8.makeIterator()
        // Lower-case schemes only: the full parse lower-cases the scheme.
        guard let first = utf8.next(), first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        var sawColon = false
        while let c = utf8.next() {
            if c == UInt8(ascii: ":") { sawColon = true; break }
            let letter = c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")
            let digit = c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
            guard letter || digit || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return false }
        }
        guard sawColon else { return false }
        var previous = UInt8(ascii: "/")  // a path may start with a dot segment right after the colon
        while let c = utf8.next() {
            if c == UInt8(ascii: "#") || c == UInt8(ascii: "?") { return true }
            if previous == UInt8(ascii: "/") && c == UInt8(ascii: ".") { return false }
            previous = c
        }
        return true
    }

    /// The URI without its fragment.
    static func stripFragment(_ uri: String) -> String {
        guard let hash = uri.utf8Index(of: UInt8(ascii: "#")) else { return uri }
        return String(uri[..<hash])
    }

    /// Splits `uri#fragment` into the document part and the (still percent-encoded) fragment.
    static func split(_ uri: String) -> (base: String, fragment: String) {
        guard let hash = uri.utf8Index(of: UInt8(ascii: "#")) else { return (uri, "") }
        return (String(uri[..<hash]), String(uri[uri.index(after: hash)...]))
    }

}
