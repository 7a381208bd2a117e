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

/// Work handed to a thread (a class so one pointer carries it through pthread_create).
private class ThreadWork {
    func run() {}
}

private final class ThreadJob<T>: ThreadWork {
    let body: () -> T
    var result: T?
    init(_ body: @escaping () -> T) { self.body = body }
    override func run() { result = body() }
}

/// A closure running on its own thread. The default 512 MB stack is reserved, not committed:
/// compiling and walking recurse along `$ref` chains that can be thousands of schemas long.
public final class BackgroundTask<T> {
    private let job: ThreadJob<T>
    /// Nil once joined, or when no thread could be made.
    private var thread: pthread_t?

    public init(stackSize: Int = 512 << 20, _ body: @escaping () -> T) {
        job = ThreadJob(body)
        thread = startThread(job, stackSize: stackSize, detached: false)
    }

    /// The closure's result: joins the thread, or runs the closure here when no thread could be made.
    public func wait() -> T {
        if let running = thread {
            pthread_join(running, nil)
            thread = nil
        } else if job.result == nil {
            job.run()
        }
        return job.result!
    }
}

/// Runs `body` on a thread with a 512 MB stack and waits for it.
public func onLargeStack<T>(_ body: @escaping () -> T) -> T { BackgroundTask(body).wait() }

/// Starts `work` on a new thread, which holds the one retained reference to it; nil (nothing
/// retained) when no thread could be made.
private func startThread(_ work: ThreadWork, stackSize: Int, detached: Bool) -> pthread_t? {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    if detached { pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
    #if canImport(Darwin)
        var thread: pthread_t?
    #else
        var thread = pthread_t()
    #endif
    let context = Unmanaged.passRetained(work).toOpaque()
    guard pthread_create(&thread, &attributes, threadEntry, context) == 0 else {
        Unmanaged<ThreadWork>.fromOpaque(context).release()
        return nil
    }
    return thread
}

private func threadEntry(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    Unmanaged<ThreadWork>.fromOpaque(raw!).takeRetainedValue().run()
    return nil
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
    if startThread(parcel, stackSize: 512 << 20, detached: true) == nil { parcel.run() }
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
