import JSONDocument
import Testing

@testable import OpenAPIModel

@Suite("ShardedCache")
struct ShardedCacheTests {
    /// A key whose hash the test chooses: equal hashes for different keys must still be told apart.
    struct Colliding: CacheKey {
        var id: Int
        var hash: UInt64
        var cacheHash: UInt64 { hash }
    }

    /// Against a Dictionary, through many growths, on node identities and on text keys.
    @Test(arguments: [1, 100, 20_000])
    func agreesWithDictionary(size: Int) {
        var generator = SystemRandomNumberGenerator()
        let nodes = ShardedCache<NodeKey, Int>()
        var nodeReference: [NodeKey: Int] = [:]
        let texts = ShardedCache<Workspace.LocateKey, String>()
        var textReference: [Workspace.LocateKey: String] = [:]
        for n in 0..<size {
            let key = NodeKey(file: Int.random(in: 0..<4, using: &generator), index: Int32.random(in: 0..<Int32(size + 1), using: &generator))
            if nodes[key] == nil { nodes[key] = n }  // the caches only learn: first answer kept
            if nodeReference[key] == nil { nodeReference[key] = n }
            let text = Workspace.LocateKey(file: n % 3, location: "folder/file\(n % (size / 2 + 1)).yaml#/components/schemas/S\(n)")
            texts[text] = text.location
            textReference[text] = text.location
        }
        for (key, value) in nodeReference { #expect(nodes[key] == value) }
        for (key, value) in textReference { #expect(texts[key] == value) }
        #expect(nodes[NodeKey(file: 9, index: 0)] == nil)
        #expect(texts[Workspace.LocateKey(file: 0, location: "missing")] == nil)
    }

    @Test func removeAllForgetsEveryEntryAndLearnsAgain() {
        let cache = ShardedCache<NodeKey, Int>()
        for n in 0..<5_000 { cache[NodeKey(file: n % 7, index: Int32(n))] = n }
        cache.removeAll()
        for n in 0..<5_000 { #expect(cache[NodeKey(file: n % 7, index: Int32(n))] == nil) }
        cache[NodeKey(file: 1, index: 1)] = 42
        #expect(cache[NodeKey(file: 1, index: 1)] == 42)
    }

    @Test func equalHashesStayApart() {
        let cache = ShardedCache<Colliding, Int>()
        for id in 0..<200 { cache[Colliding(id: id, hash: UInt64(id % 3) << 40)] = id }
        for id in 0..<200 { #expect(cache[Colliding(id: id, hash: UInt64(id % 3) << 40)] == id) }
        #expect(cache[Colliding(id: 500, hash: 0)] == nil)
        cache[Colliding(id: 7, hash: UInt64(7 % 3) << 40)] = 70  // a new answer replaces the old
        #expect(cache[Colliding(id: 7, hash: UInt64(7 % 3) << 40)] == 70)
    }

    /// Four threads filling and reading one cache (the walkers do): every entry is found.
    @Test func concurrentFillAndRead() {
        let cache = ShardedCache<NodeKey, Int>()
        let tasks = (0..<4).map { thread in
            BackgroundTask { () -> Int in
                var found = 0
                for i in 0..<5_000 {
                    let key = NodeKey(file: thread, index: Int32(i))
                    cache[key] = i * 10 + thread
                    if cache[NodeKey(file: thread, index: Int32(i / 2))] == (i / 2) * 10 + thread { found += 1 }
                }
                return found
            }
        }
        #expect(tasks.map { $0.wait() } == [5_000, 5_000, 5_000, 5_000])
        for thread in 0..<4 {
            for i in stride(from: 0, to: 5_000, by: 97) { #expect(cache[NodeKey(file: thread, index: Int32(i))] == i * 10 + thread) }
        }
    }

    @Test func textKeysCompareText() {
        #expect(TextKey("/a/b.yaml") == TextKey("/a/b.yaml"))
        #expect(TextKey("/a/b.yaml") != TextKey("/a/c.yaml"))
        var table: [TextKey: Int] = [:]
        for n in 0..<1_000 { table[TextKey("/some/long/folder/name/file\(n).yaml")] = n }
        #expect(table[TextKey("/some/long/folder/name/file537.yaml")] == 537)
        #expect(table[TextKey("/some/long/folder/name/file1000.yaml")] == nil)
    }
}
