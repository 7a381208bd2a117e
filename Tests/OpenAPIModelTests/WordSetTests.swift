import OpenAPIModel
import Testing

@Suite("WordSet")
struct WordSetTests {
    /// Against Swift's Set on keys shaped like node identities (clustered tape indices in a few
    /// files, several type tags), through many growths.
    @Test(arguments: [1, 7, 1000, 50_000])
    func agreesWithSet(size: Int) {
        var generator = SystemRandomNumberGenerator()
        var set = WordSet()
        var reference = Set<UInt64>()
        for _ in 0..<size {
            let key = NodeKey(file: Int.random(in: 0..<5, using: &generator), index: Int32.random(in: 0..<Int32(size * 2 + 1), using: &generator))
                .word(tag: Int.random(in: 0..<4, using: &generator))
            let added = set.insert(key)
            let expected = reference.insert(key).inserted
            #expect(added == expected)
        }
        #expect(set.count == reference.count)
        #expect(Set(set.keys) == reference)
        for probe in 0..<UInt64(200) {
            let key = probe * 0x1_0000_0001
            #expect(set.contains(key) == reference.contains(key))
        }
    }

    @Test func zeroAndLargeKeysAndUnion() {
        var a = WordSet()
        let first = a.insert(0), again = a.insert(0), large = a.insert(UInt64.max - 1)
        #expect(first && !again && large)
        #expect(a.contains(0) && a.contains(UInt64.max - 1))
        #expect(!a.contains(UInt64.max))
        var b = WordSet(capacity: 100)
        #expect(b.isEmpty)
        b.insert(5)
        b.formUnion(a)
        #expect(b.count == 3)
        #expect(b.contains(5) && b.contains(0))
    }

    @Test func wordsKeepFileIndexAndTagApart() {
        let keys = [
            NodeKey(file: 0, index: 1).word(tag: 0), NodeKey(file: 1, index: 0).word(tag: 0),
            NodeKey(file: 0, index: 0).word(tag: 1), NodeKey(file: 0, index: 1).word(tag: 1),
            NodeKey(file: 0, index: 1).word, NodeKey(file: 1, index: 1).word,
        ]
        #expect(Set(keys.prefix(4)).count == 4)
        #expect(Set(keys.suffix(2)).count == 2)
    }
}
