import Testing

@testable import JSONDocument

/// `KeyedMembers` against plain lookups: objects with few and with many named members (more
/// than fit inline), duplicate keys (the last wins), slots past 64, and non-objects.
@Suite struct KeyedMembersTests {
    static let names = (0..<80).map { "k\($0)" }
    static let keys = KeyList(names)

    func check(_ json: String) throws {
        let document = try JSONDocument.parse(json)
        let members = KeyedMembers(document.root, Self.keys)
        for (slot, name) in Self.names.enumerated() {
            let expected = document.root[name]
            #expect(members[slot]?.json == expected?.json, "\(name) in \(json.prefix(60))")
            #expect(members.has(slot) == (expected != nil), "\(name) in \(json.prefix(60))")
        }
    }

    @Test func findsWhatALookupFinds() throws {
        try check("{}")
        try check("[1, 2]")
        try check(#"{"k0": 1, "other": 2, "k5": "x", "k79": [3]}"#)
        try check(#"{"k3": 1, "k3": 2, "k70": 5, "k70": 6}"#)
        for count in [15, 16, 17, 40, 80] {
            let members = (0..<count).map { #""k\#(($0 * 7) % 80)": \#($0)"# }
            try check("{" + members.joined(separator: ", ") + "}")
            // Duplicates after the inline pairs are full: the last still wins.
            try check("{" + (members + members.prefix(5).map { $0.replacingOccurrences(of: ": ", with: ": -") }).joined(separator: ", ") + "}")
        }
    }
}

/// `MemberIndex` against a member scan: present, absent and duplicate keys (the last wins),
/// keys that share a digest prefix, and the empty key.
@Suite struct MemberIndexTests {
    @Test(arguments: [0, 1, 17, 100, 1000])
    func findsWhatAScanFinds(count: Int) throws {
        var members = (0..<count).map { #""key\#($0)": \#($0)"# }
        members += (0..<min(count, 5)).map { #""key\#($0)": "again \#($0)""# }  // duplicates
        members.append(#""": "empty""#)
        members.append(#""a-fairly-long-key-of-more-than-eight-bytes": 1"#)
        let document = try JSONDocument.parse("{" + members.joined(separator: ", ") + "}")
        let probes = (0..<(count + 10)).map { "key\($0)" } + ["", "a-fairly-long-key-of-more-than-eight-bytes", "a-fairly-long-key", "missing"]
        document.withReader { r in
            let index = MemberIndex(r, object: 0)
            for probe in probes {
                var text = probe
                text.withUTF8 { key in
                    #expect(index.value(r, key) == r.member(0, key), "\(probe)")
                }
            }
        }
    }
}

/// `followUnescapedPointer`: the node a pointer names through objects, nil for what it leaves to
/// the general path (escapes, arrays, missing members, not a pointer).
@Suite struct FollowPointerTests {
    @Test func followsObjectsOnly() throws {
        let document = try JSONDocument.parse(#"{"a": {"b": {"": 1}, "b": {"c": 2}}, "l": [0, {"d": 3}], "x/y": 4, "e": 5}"#)
        func follow(_ pointer: String) -> String? {
            var pointer = pointer
            return pointer.withUTF8 { text in
                document.withReader { r in
                    r.followUnescapedPointer(text, from: 0) { object, token in r.member(object, token) }
                }
            }.map { document.value(at: $0).json }
        }
        #expect(follow("/a/b/c") == "2")  // the last of duplicate keys
        #expect(follow("/a/b") == #"{"c":2}"#)
        #expect(follow("/e") == "5")
        #expect(follow("/a/b/") == nil)  // the empty key is not in the last "b"
        #expect(follow("/l/1/d") == nil)  // arrays: the general path
        #expect(follow("/x~1y") == nil)  // escapes: the general path
        #expect(follow("/missing") == nil)
        #expect(follow("/e/f") == nil)  // through a number
        #expect(follow("a") == nil)
    }
}
