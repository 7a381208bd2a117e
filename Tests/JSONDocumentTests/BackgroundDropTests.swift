import Testing

@testable import JSONDocument

/// `dropInBackground` frees on a thread of its own; after `keepDroppedObjectsUntilExit` it keeps
/// what it is given instead (the command-line tool's last lint). The switch is process-wide and
/// one-way, so this suite only checks the state after it; everything dropped later in this test
/// process is kept too, which costs nothing but memory.
@Suite struct BackgroundDropTests {
    final class Payload {
        var values = [Int](repeating: 7, count: 1000)
    }

    @Test func droppedObjectsAreKeptOnceAsked() {
        keepDroppedObjectsUntilExit()
        weak var watched: Payload?
        let keptBefore = keptUntilExit.withLock { $0?.count ?? -1 }
        #expect(keptBefore >= 0)
        do {
            let payload = Payload()
            watched = payload
            dropInBackground(payload)
        }
        // Kept synchronously, in the list the exit reclaims: no thread was started to free it.
        #expect(keptUntilExit.withLock { $0?.count ?? -1 } >= keptBefore + 1)
        #expect(watched != nil)
        #expect(watched?.values.count == 1000)
        // Asking again changes nothing and drops nothing already kept.
        keepDroppedObjectsUntilExit()
        #expect(watched != nil)
    }
}
