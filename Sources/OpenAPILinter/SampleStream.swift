#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import JSONDocument
import OpenAPIModel

/// Examples, defaults and other samples handed over by the walkers while they walk, compiled on
/// a thread of their own as they arrive and validated once the walks are over.
///
/// Compiling the schemas the samples need is a third of a large lint; done after the walks it
/// ran on one core while the other idled. The walkers push batches; the compiling thread takes
/// whatever has arrived, drops pairs another walker already queued, and adds the rest to a
/// `SchemaCompiler.SampleValidation`, whose answers do not depend on the order of arrival.
/// Call `finish()` once every walker has pushed its last batch: until then the compiling thread
/// waits for more (and keeps the stream alive).
final class SampleStream: @unchecked Sendable {
    private let ready = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var queue: [Walker.PendingSample] = []
    private var closed = false
    private var task: BackgroundTask<[Finding]>?
    /// Set when the samples are compiled by `finish()` on the caller's thread instead.
    private var later: (compiler: SchemaCompiler, stale: (() -> Bool)?)?
    /// `--fail-fast`: once set, samples are no longer compiled, and none is validated.
    private let stop: LintStop?

    /// - Parameters:
    ///   - stale: see `SchemaCompiler.SampleValidation`.
    ///   - concurrent: compile on a thread of its own as samples arrive; false: all of them in
    ///     `finish()`, on the thread that calls it.
    ///   - stop: `--fail-fast`'s signal, when the lint has one.
    init(compiler: SchemaCompiler, stale: (() -> Bool)?, concurrent: Bool = true, stop: LintStop? = nil) {
        self.stop = stop
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(ready, nil)
        if concurrent {
            task = BackgroundTask { [self] in consume(compiler, stale: stale) }
        } else {
            later = (compiler, stale)
        }
    }

    deinit {
        pthread_cond_destroy(ready)
        pthread_mutex_destroy(mutex)
        ready.deallocate()
        mutex.deallocate()
    }

    /// Queued samples that wake the compiling thread (`finish` wakes it for the rest).
    static let wakeThreshold = 32

    func push(_ batch: [Walker.PendingSample]) {
        guard !batch.isEmpty else { return }
        pthread_mutex_lock(mutex)
        queue += batch
        // The compiling thread keeps up with the walkers and mostly waits: woken for every
        // batch of 8 it was ~500 futex wake-ups on DigitalOcean, each a cross-CPU interrupt.
        if queue.count >= Self.wakeThreshold { pthread_cond_signal(ready) }
        pthread_mutex_unlock(mutex)
    }

    /// No more samples: waits for the compilation and returns the findings of every sample.
    func finish() -> [Finding] {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_signal(ready)
        pthread_mutex_unlock(mutex)
        if let later {
            self.later = nil
            return consume(later.compiler, stale: later.stale)
        }
        let findings = task!.wait()
        task = nil
        return findings
    }

    /// The next batch, waiting for one; nil once the stream is closed and drained.
    private func take() -> [Walker.PendingSample]? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while queue.isEmpty && !closed { pthread_cond_wait(ready, mutex) }
        if queue.isEmpty { return nil }
        let batch = queue
        queue = []
        return batch
    }

    private func consume(_ compiler: SchemaCompiler, stale: (() -> Bool)?) -> [Finding] {
        let validation = SchemaCompiler.SampleValidation(compiler, stale: stale)
        var seen = Set<Walker.PairKey>()
        var accepted: [Walker.PendingSample] = []
        while let batch = take() {
            for item in batch where seen.insert(Walker.PairKey(schema: item.schema.key, sample: item.sample.key)).inserted {
                if let stop, stop.isSet { break }  // (the rest is drained: pushes never wait)
                accepted.append(item)
                validation.add(SchemaCompiler.Sample(schema: item.schema, value: item.sample.value, direction: item.direction))
            }
        }
        if let stop, stop.isSet {
            dropInBackground(consume validation)
            return []
        }
        let findings = Walker.findings(of: accepted, validation.finish())
        // The compiler's tables take a while to free, and the lint is waiting for these findings.
        dropInBackground(consume validation)
        return findings
    }
}
