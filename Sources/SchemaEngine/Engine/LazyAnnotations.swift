import JSONDocument

/// The annotations of an instance that `validate` found valid, collected by the exhaustive
/// evaluator on first read. A valid instance needs no error walk, so `validate` answers it with
/// the fast path and defers the annotation walk (and its strings) to whoever reads them.
final class LazyAnnotations: Sendable {
    let program: Program
    let document: JSONDocument
    let root: Int
    private let cache = Locked<[SchemaAnnotation]?>(nil)

    init(program: Program, document: JSONDocument, root: Int) {
        self.program = program
        self.document = document
        self.root = root
    }

    var value: [SchemaAnnotation] {
        if let done = cache.withLock({ $0 }) { return done }
        let computed = document.withReader { program.run($0, root: root, collect: true).annotations }
        cache.withLock { $0 = computed }
        return computed
    }
}
