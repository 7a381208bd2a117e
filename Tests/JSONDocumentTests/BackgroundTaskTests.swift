#if canImport(Glibc)
    import Glibc
#endif
import CThreadPlacement
import Testing

@testable import JSONDocument

@Suite struct BackgroundTaskTests {
    /// Several tasks at once each hand back their own result, and their captures are released
    /// once the closures have run (on their threads, not at `wait`).
    @Test func tasksReturnTheirOwnResults() {
        final class Capture: @unchecked Sendable { let n: Int; init(_ n: Int) { self.n = n } }
        weak var watched: Capture?
        var tasks: [BackgroundTask<Int>] = []
        do {
            let capture = Capture(41)
            watched = capture
            for k in 0..<8 {
                tasks.append(BackgroundTask(stackSize: 1 << 20) { (0...k * 1000).reduce(0, +) + capture.n })
            }
        }
        for (k, task) in tasks.enumerated() {
            #expect(task.wait() == (0...k * 1000).reduce(0, +) + 41)
        }
        // Each thread drops its closure before it signals: after the last wait nothing holds it.
        #expect(watched == nil)
    }

    #if os(Linux)
        /// A yielding task's thread runs at nice +10 from the thread's start; ordinary tasks and the
        /// thread that started them keep their priority.
        @Test func yieldingTasksRunAtALowerPriority() {
            func niceness() -> Int32 {
                errno = 0
                return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            }
            let before = niceness()
            let yielding = BackgroundTask(yielding: true) { niceness() }
            let ordinary = BackgroundTask { niceness() }
            #expect(yielding.wait() == min(before + 10, 19))
            #expect(ordinary.wait() == before)
            #expect(niceness() == before)
        }
    #endif

    /// A task runs on a large stack: recursion deeper than a default 8 MB stack allows.
    @Test func deepRecursionRunsOnTheLargeStack() {
        func depth(_ n: Int) -> Int {
            var pad = (n, n, n, n, n, n, n, n)  // ~64 bytes of frame per level
            return withUnsafeMutableBytes(of: &pad) { $0.count } > 0 && n > 0 ? depth(n - 1) + 1 : 0
        }
        #expect(onLargeStack { depth(200_000) } == 200_000)
    }

    #if os(Linux)
        /// With two CPUs or more, a new thread is set to start on one of them, and a thread made by
        /// `BackgroundTask` may run on all of them again once it runs.
        @Test func placedThreadsStartOnOneCPUAndThenMoveFreely() {
            let count = Int(oav_thread_cpu_count())
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            let placed = oav_thread_place(&attributes)
            #expect(placed == (count >= 2 ? 1 : 0))
            if placed == 1 { #expect(oav_thread_attr_cpu_count(&attributes) == 1) }
            let inside = BackgroundTask(stackSize: 1 << 20) { Int(oav_thread_cpu_count()) }.wait()
            #expect(inside == count)
        }
    #endif
}
