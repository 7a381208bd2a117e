// One closure on its own POSIX thread, joined by `wait()`. The layers above use it to run
// independent work on both cores (the linter's walks, the sample compiler, the two halves of a
// large YAML parse); a thread per job, not a pool: jobs are few and long.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import CThreadPlacement

/// Work handed to a thread (a class so one pointer carries it through pthread_create).
private class ThreadWork {
    /// Started on a chosen CPU: the thread lets itself move again first.
    var placed = false
    /// Runs below the normal priority (`BackgroundTask.init(yielding:)`).
    var yielding = false
    func run() {}
}

/// A closure's run and its result, which `wait` receives as soon as the closure returns.
private final class ThreadJob<T>: ThreadWork, @unchecked Sendable {
    private var body: (() -> T)?
    private var value: T?
    private var done = false
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let finished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(_ body: @escaping () -> T) {
        self.body = body
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(finished, nil)
    }

    deinit {
        pthread_cond_destroy(finished)
        pthread_mutex_destroy(mutex)
        finished.deallocate()
        mutex.deallocate()
    }

    override func run() {
        let value = body!()
        pthread_mutex_lock(mutex)
        body = nil
        self.value = value
        done = true
        pthread_cond_signal(finished)
        pthread_mutex_unlock(mutex)
    }

    /// Waits for `run` to finish on its thread, and takes the result.
    func waitForResult() -> T {
        pthread_mutex_lock(mutex)
        while !done { pthread_cond_wait(finished, mutex) }
        let value = self.value.take()!
        pthread_mutex_unlock(mutex)
        return value
    }
}

/// A closure running on its own thread. The default 512 MB stack is reserved, not committed:
/// compiling and walking recurse along `$ref` chains that can be thousands of schemas long.
///
/// The thread is detached: `wait` returns when the closure does, not when the thread has exited.
/// A thread's exit unmaps the stack pages it touched (a deep walk touches megabytes), which took
/// 1-2 ms on the lint's critical path for every join.
public final class BackgroundTask<T> {
    private let job: ThreadJob<T>
    private var waited = false

    /// - Parameter yielding: the thread runs at a lower priority (`lowerThreadPriority()`):
    ///   for work that is not on the critical path while another thread's work is, when there
    ///   are more threads to run than cores.
    public init(stackSize: Int = 512 << 20, yielding: Bool = false, _ body: @escaping () -> T) {
        job = ThreadJob(body)
        job.yielding = yielding
        if !startThread(job, stackSize: stackSize) { job.run() }
    }

    /// The closure's result (call once): waits for the closure to return on its thread (when no
    /// thread could be made, it ran in `init`).
    public func wait() -> T {
        precondition(!waited, "BackgroundTask.wait() called twice")
        waited = true
        return job.waitForResult()
    }
}

/// Runs `body` on a thread with a 512 MB stack and waits for it.
public func onLargeStack<T>(_ body: @escaping () -> T) -> T { BackgroundTask(body).wait() }

/// Starts `work` on a new detached thread, which holds the one retained reference to it; false
/// (nothing retained) when no thread could be made. The thread starts on another CPU than this
/// one when there is a choice (`oav_thread_place`).
private func startThread(_ work: ThreadWork, stackSize: Int) -> Bool {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    work.placed = oav_thread_place(&attributes) != 0
    #if canImport(Darwin)
        var thread: pthread_t?
    #else
        var thread = pthread_t()
    #endif
    let context = Unmanaged.passRetained(work).toOpaque()
    guard pthread_create(&thread, &attributes, threadEntry, context) == 0 else {
        Unmanaged<ThreadWork>.fromOpaque(context).release()
        return false
    }
    return true
}

private func threadEntry(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let work = Unmanaged<ThreadWork>.fromOpaque(raw!).takeRetainedValue()
    if work.placed { oav_thread_unpin() }
    if work.yielding { lowerThreadPriority() }
    work.run()
    return nil
}

/// Lowers the calling thread's priority for the rest of its life (nice +10 on Linux, where the
/// nice value is per thread; nothing elsewhere). Only for threads made for one job: an
/// unprivileged thread cannot raise its priority again, and threads it starts afterwards
/// inherit the lower priority (lower it after starting those that must keep theirs).
///
/// The linter's walkers use it so that the thread compiling the examples' schemas, which the
/// lint waits for at the end, gets a core whenever it has work: with both cores shared evenly
/// among six threads it fell 10 ms behind on the largest description.
public func lowerThreadPriority() {
    #if os(Linux)
        // Relative to what the thread inherited (a tool run under `nice` stays lower still).
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let current = getpriority(which, 0)
        if errno == 0 { _ = setpriority(which, 0, min(current + 10, 19)) }
    #endif
}

/// Holds the reference `dropInBackground` hands to its thread.
private final class Parcel: ThreadWork {
    var contents: AnyObject?
    init(_ contents: consuming AnyObject) { self.contents = contents }
    override func run() { contents = nil }
}

/// Drops `object` on a detached thread: tearing down a large object graph (a compiler's tables,
/// thousands of small arrays) is work nobody waits for, so it should not sit on the critical
/// path. Pass the last reference (`dropInBackground(consume x)`); with other references left,
/// this only gives up one of them. Runs here when no thread can be made.
public func dropInBackground(_ object: consuming AnyObject) {
    let parcel = Parcel(consume object)
    let kept = keptUntilExit.withLock { kept -> Bool in
        guard kept != nil else { return false }
        kept!.append(parcel)
        return true
    }
    if kept { return }
    release(parcel)
}

/// Lets `parcel` go on a detached thread, or here when no thread can be made.
private func release(_ parcel: Parcel) {
    if !startThread(parcel, stackSize: 512 << 20) { parcel.run() }
}

/// Objects `dropInBackground` keeps for the process's exit to reclaim (nil: it frees them).
let keptUntilExit = Locked<[AnyObject]?>(nil)

/// From now on `dropInBackground` keeps what it is given until the process exits, instead of
/// freeing it on a thread of its own. For a command-line tool about to finish: freeing a large
/// description's tables object by object is millions of instructions that compete for the cores
/// with the work the user waits for, and the exit reclaims the memory at once.
public func keepDroppedObjectsUntilExit() {
    keptUntilExit.withLock { kept in
        if kept == nil { kept = [] }
    }
}

/// Holds a value (a struct with large arrays, say) for `dropInBackground`.
private final class ValueBox<Value> {
    var value: Value
    init(_ value: consuming Value) { self.value = value }
}

/// `dropInBackground` for values that are not class instances (structs or arrays holding a large
/// object graph): moved into a box whose last reference goes to the detached thread.
public func dropInBackground<Value>(_ value: consuming Value) {
    dropInBackground(ValueBox(value) as AnyObject)
}

/// Like `dropInBackground`, but freed now (on a detached thread) even after
/// `keepDroppedObjectsUntilExit`: for memory given back while the work goes on, to lower its peak.
public func freeInBackground<Value>(_ value: consuming Value) {
    release(Parcel(ValueBox(value) as AnyObject))
}
