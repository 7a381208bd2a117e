import JSONDocument

/// A key of a `ShardedCache`: equality plus a cheap 64-bit hash of its own.
protocol CacheKey: Equatable {
    /// Mixes every bit of the key (the cache takes its shard from the top bits and its first
    /// slot from the middle ones).
    var cacheHash: UInt64 { get }
}

/// A hash table split into shards, each under a lock of its own.
///
/// The workspace's `$ref` caches are read and written by every walker thread at once. Behind
/// one lock the threads queued for each other, and a table growing held that lock while it
/// rehashed every entry: on a description of 2,907 files a third of a thread's time went to
/// waiting. Each shard is an open-addressing table keyed by the key's own hash: a `Dictionary`
/// ran SipHash twice per lookup (once for the shard, once for the table), which was most of a
/// cache hit's cost. Keys come from the description's structure, not from an adversary
/// choosing collisions, so a multiplicative hash is enough.
final class ShardedCache<Key: CacheKey, Value>: @unchecked Sendable {
    fileprivate final class Shard {
        let lock = Lock()
        /// Per slot: the key's hash with its lowest bit set, 0 for an empty slot.
        var hashes = [UInt64](repeating: 0, count: 16)
        var keys = [Key?](repeating: nil, count: 16)
        var values = [Value?](repeating: nil, count: 16)
        var count = 0

        /// The slot holding `key`, or the empty slot where it would go (never full).
        @inline(__always)
        func probe(_ key: Key, _ stored: UInt64) -> (slot: Int, found: Bool) {
            let mask = hashes.count - 1
            var i = Int(truncatingIfNeeded: stored >> 20) & mask
            while true {
                let h = hashes[i]
                if h == 0 { return (i, false) }
                if h == stored, keys[i]! == key { return (i, true) }
                i = (i + 1) & mask
            }
        }

        func grow() {
            let oldHashes = hashes, oldKeys = keys, oldValues = values
            let size = oldHashes.count * 2
            hashes = [UInt64](repeating: 0, count: size)
            keys = [Key?](repeating: nil, count: size)
            values = [Value?](repeating: nil, count: size)
            for i in oldHashes.indices where oldHashes[i] != 0 {
                let (slot, _) = probe(oldKeys[i]!, oldHashes[i])
                hashes[slot] = oldHashes[i]
                keys[slot] = oldKeys[i]
                values[slot] = oldValues[i]
            }
        }
    }

    private static var shardBits: UInt64 { 4 }
    fileprivate let shards: [Shard]

    init() {
        shards = (0..<(1 << Self.shardBits)).map { _ in Shard() }
    }

    subscript(key: Key) -> Value? {
        get {
            let stored = key.cacheHash | 1
            let shard = shards[Int(truncatingIfNeeded: stored >> (64 - Self.shardBits))]
            shard.lock.lock()
            defer { shard.lock.unlock() }
            let (slot, found) = shard.probe(key, stored)
            return found ? shard.values[slot] : nil
        }
        set {
            let stored = key.cacheHash | 1
            let shard = shards[Int(truncatingIfNeeded: stored >> (64 - Self.shardBits))]
            shard.lock.lock()
            defer { shard.lock.unlock() }
            var (slot, found) = shard.probe(key, stored)
            if found {
                // (No entry is ever removed: the caches only learn.)
                if let newValue { shard.values[slot] = newValue }
                return
            }
            guard let newValue else { return }
            // Up to 7/8 full: the caches hold an entry per `$ref` of a description (~2 MB of
            // tables for DigitalOcean's) and a miss is rare, so a longer probe costs little.
            if (shard.count + 1) * 8 > shard.hashes.count * 7 {
                shard.grow()
                slot = shard.probe(key, stored).slot
            }
            shard.hashes[slot] = stored
            shard.keys[slot] = key
            shard.values[slot] = newValue
            shard.count += 1
        }
    }
}

extension ShardedCache {
    /// Forgets every entry and gives the tables' memory back.
    func removeAll() {
        for shard in shards {
            shard.lock.lock()
            shard.hashes = [UInt64](repeating: 0, count: 16)
            shard.keys = [Key?](repeating: nil, count: 16)
            shard.values = [Value?](repeating: nil, count: 16)
            shard.count = 0
            shard.lock.unlock()
        }
    }
}

/// Fibonacci hashing: the product's high bits depend on every bit of `word`.
@inline(__always)
func mixedHash(_ word: UInt64) -> UInt64 {
    let h = word &* 0x9E37_79B9_7F4A_7C15
    return h ^ (h >> 29)
}

/// A String dictionary key hashed by one multiply per eight bytes (`ByteDigest`)
/// instead of SipHash over every byte: the workspace's file tables are keyed by absolute paths,
/// looked up under the lock every `$ref` lookup takes.
struct TextKey: Hashable {
    let text: String
    let digest: UInt64

    init(_ text: String) {
        var text = text
        digest = text.withUTF8(ByteDigest.digest)
        self.text = text
    }

    func hash(into hasher: inout Hasher) { hasher.combine(digest) }
    static func == (a: TextKey, b: TextKey) -> Bool { a.digest == b.digest && a.text == b.text }
}
