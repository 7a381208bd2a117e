#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file-system calls the tools need, on the C library directly: linking Foundation
/// for them costs the command-line tool ~10 ms and ~12 MB at every start.
public enum FileSystem {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public enum Kind: Sendable { case missing, file, directory, other }

    public static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    public static func fileExists(_ path: String) -> Bool { kind(path) == .file }

    /// The whole file, or a failure that says why ("no such file", "is a directory", ...).
    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        try readInput(path, mapMinimum: .max).array
    }

    /// Regular files at least this long are mapped by `readInput` instead of read.
    public static let mapMinimum = 256 << 10

    /// The whole file, mapped into memory when it is a regular file of at least `mapMinimum`
    /// bytes (no copy, and a few page faults instead of one per 4 KiB), else read.
    public static func readInput(_ path: String, mapMinimum: Int = FileSystem.mapMinimum) throws(Failure) -> InputBytes {
        // open + fstat + read + close: a description of a thousand files pays for every system
        // call, so there is no `stat` before the open.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR || errno == ELOOP { throw Failure(message: "no such file") }
            throw Failure(message: "cannot read file (\(errorText()))")
        }
        defer { close(fd) }
        return try readAll(fd, mapMinimum: mapMinimum)
    }

    /// Everything on standard input.
    public static func readStandardInput() throws(Failure) -> [UInt8] { try readAll(0, mapMinimum: .max).array }

    /// Reads a descriptor to its end. A regular file is read into a buffer of its size, not
    /// zero-filled first, and without the zero-length read that would confirm the end.
    static func readAll(_ fd: Int32, mapMinimum: Int) throws(Failure) -> InputBytes {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return InputBytes(try readToEnd(fd)) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw Failure(message: "is a directory, expected a file")
        case S_IFREG where info.st_size > 0: break
        default: return InputBytes(try readToEnd(fd))  // pipes, and files that do not know their size (/proc)
        }
        let size = Int(info.st_size)
        if size >= mapMinimum, let mapping = MappedFile(fd: fd, count: size) { return InputBytes(mapping: mapping) }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, initialized in
            var count = 0
            while count < size {
                let n = posixRead(fd, buffer.baseAddress! + count, size - count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failed = true }
                if n <= 0 { break }  // shorter than it was: what was there
                count += n
            }
            initialized = count
        }
        if failed { throw Failure(message: "cannot read (\(errorText()))") }
        return InputBytes(bytes)
    }

    /// Reads a pipe or another stream until it ends.
    private static func readToEnd(_ fd: Int32) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 64 * 1024)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let n = bytes.withUnsafeMutableBytes { raw in
                posixRead(fd, raw.baseAddress! + count, raw.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot read (\(errorText()))")
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    public static var currentDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` made absolute against the current directory (no `.`/`..` clean-up).
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : currentDirectory + "/" + path
    }

    /// Everything before the last `/` ("" when there is none; "/" for a file in the root).
    public static func directory(of path: String) -> String {
        var path = path
        return path.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[..<directoryLength(of: $0)]), as: UTF8.self) }
    }

    /// How many leading bytes of `path` are `directory(of:)`: for callers that compare folders
    /// without making their Strings.
    public static func directoryLength(of path: UnsafeBufferPointer<UInt8>) -> Int {
        // On the bytes: the UTF-8 view's generic `lastIndex(of:)` steps back one index at a time.
        var slash = path.count - 1
        while slash >= 0 && path[slash] != UInt8(ascii: "/") { slash -= 1 }
        return slash < 0 ? 0 : max(slash, 1)
    }

    /// `directory/name`, without doubling the slash.
    public static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    public static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}

/// The C `read` (inside `FileSystem`, `read` names the static method).
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
