#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes a document is parsed from, which its strings and numbers keep pointing into:
/// an array, or a file mapped read-only from the page cache (`FileSystem.readInput`).
///
/// Reading a 3 MB file into an array copies it and takes a page fault for each 4 KiB of the
/// new buffer: about 3 ms on the test machine, on the lint's critical path. Mapping it costs a
/// few faults that map sixteen cached pages each, and no copy.
public struct InputBytes: @unchecked Sendable {
    @usableFromInline enum Owner {
        case array([UInt8])
        case mapping(MappedFile)
    }

    @usableFromInline let owner: Owner

    public init(_ bytes: [UInt8]) { owner = .array(bytes) }

    init(mapping: MappedFile) { owner = .mapping(mapping) }

    public var count: Int {
        switch owner {
        case .array(let bytes): bytes.count
        case .mapping(let file): file.count
        }
    }

    /// True when the bytes are a mapped file (tests).
    public var isMapped: Bool {
        if case .mapping = owner { return true }
        return false
    }

    /// The bytes, valid inside `body` only.
    @inlinable
    public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        switch owner {
        case .array(let bytes):
            let result: Result<R, E> = bytes.withUnsafeBufferPointer { buffer in
                do throws(E) { return .success(try body(buffer)) } catch { return .failure(error) }
            }
            return try result.get()
        case .mapping(let file):
            return try body(UnsafeBufferPointer(start: file.base, count: file.count))
        }
    }

    /// A copy as an array (error paths that need one).
    public var array: [UInt8] {
        switch owner {
        case .array(let bytes): bytes
        case .mapping(let file): Array(UnsafeBufferPointer(start: file.base, count: file.count))
        }
    }
}

/// A regular file mapped read-only (private) into memory; unmapped when released.
///
/// If another process truncates the file while it is mapped, reading the lost pages raises
/// SIGBUS, as it does for every tool that maps its inputs (ripgrep, compilers); only files
/// above `FileSystem.mapMinimum` are mapped.
@usableFromInline final class MappedFile: @unchecked Sendable {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let count: Int

    /// Maps `count` (> 0) bytes of `fd`; nil when the system refuses.
    init?(fd: Int32, count: Int) {
        guard count > 0 else { return nil }
        let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != MAP_FAILED else { return nil }
        base = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
        self.count = count
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), count) }
}
