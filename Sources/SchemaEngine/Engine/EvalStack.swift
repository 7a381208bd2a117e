/// A growable stack of trivial values for the evaluator's per-call state (marks, dynamic scope,
/// instance path, `$ref` trail). Unlike `Array` it is itself trivial: the evaluator holding it
/// is created and dropped per instance with no reference counting and no value-witness calls.
/// It allocates on first push only; the evaluator's owner calls `free()`.
struct EvalStack<Element: BitwiseCopyable>: Sequence {
    private(set) var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private var capacity = 0

    init() {}

    var isEmpty: Bool { count == 0 }
    var last: Element? { count > 0 ? base![count &- 1] : nil }

    @inline(__always)
    subscript(_ n: Int) -> Element { base![n] }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: count &+ 1) }
        base![count] = element
        count &+= 1
    }

    mutating func append(contentsOf elements: [Element]) {
        for element in elements { append(element) }
    }

    @inline(__always) @discardableResult
    mutating func removeLast() -> Element {
        precondition(count > 0, "removeLast on an empty EvalStack")
        count &-= 1
        return base![count]
    }

    /// Drops everything from position `range.lowerBound` on.
    @inline(__always)
    mutating func removeSubrange(_ range: PartialRangeFrom<Int>) {
        if range.lowerBound < count { count = range.lowerBound }
    }

    @inline(never)
    private mutating func grow(to minimum: Int) {
        let newCapacity = Swift.max(16, capacity &* 2, minimum)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let base {
            newBase.update(from: base, count: count)
            base.deallocate()
        }
        base = newBase
        capacity = newCapacity
    }

    func makeIterator() -> UnsafeBufferPointer<Element>.Iterator {
        UnsafeBufferPointer(start: base, count: count).makeIterator()
    }

    /// Releases the storage (the stack must not be used afterwards).
    func free() { base?.deallocate() }
}
