import JSONDocument
import SchemaEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The version an API description declares.
public enum SpecVersion: Sendable, Equatable, CustomStringConvertible {
    /// Swagger / OpenAPI 2.0.
    case swagger2
    /// OpenAPI 3.0.x (the full version string).
    case openapi30(String)
    /// OpenAPI 3.1.x.
    case openapi31(String)

    public var isSwagger2: Bool { self == .swagger2 }
    public var isOpenAPI31: Bool { if case .openapi31 = self { return true } else { return false } }
    public var isOpenAPI30: Bool { if case .openapi30 = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .swagger2: "Swagger 2.0"
        case .openapi30(let v): "OpenAPI \(v)"
        case .openapi31(let v): "OpenAPI \(v)"
        }
    }

    /// Detects the version from the root object (`swagger: "2.0"`, `openapi: 3.0.x / 3.1.x`).
    public static func detect(_ root: JSONValue, path: String) throws(LoadError) -> SpecVersion {
        guard root.kind == .object else {
            throw LoadError(path: path, location: root.location, kind: .notOpenAPI,
                message: "not an OpenAPI document: the top level is \(root.kind), expected an object")
        }
        if let asyncapi = root["asyncapi"] {
            throw LoadError(path: path, location: asyncapi.location, kind: .unsupported,
                message: "AsyncAPI is not supported yet (found asyncapi: \(asyncapi.string ?? asyncapi.json))")
        }
        if let swagger = root["swagger"] {
            if swagger.string == "2.0" { return .swagger2 }
            throw LoadError(path: path, location: swagger.location, kind: .unknownVersion,
                message: "unknown version swagger: \(swagger.json); the only Swagger version is \"2.0\"")
        }
        if let openapi = root["openapi"] {
            guard let text = openapi.string else {
                throw LoadError(path: path, location: openapi.location, kind: .unknownVersion,
                    message: "'openapi' must be a version string such as \"3.1.0\", found \(openapi.kind) \(openapi.json)")
            }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 3, parts[0] == "3", parts[2].allSatisfy(\.isNumber) || parts[2].contains("-") {
                if parts[1] == "0" { return .openapi30(text) }
                if parts[1] == "1" { return .openapi31(text) }
            }
            throw LoadError(path: path, location: openapi.location, kind: .unknownVersion,
                message: "unsupported OpenAPI version \"\(text)\"; supported: swagger 2.0, openapi 3.0.x and 3.1.x")
        }
        throw LoadError(path: path, location: SourceLocation(line: 1, column: 1), kind: .notOpenAPI,
            message: "not an OpenAPI document: no 'openapi' or 'swagger' field at the top level")
    }
}

/// Why a description could not be loaded at all (exit code 2 in the CLI).
public struct LoadError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case unreadable, syntax, notOpenAPI, unknownVersion, unsupported }
    public var path: String
    public var line: Int?
    public var column: Int?
    public var kind: Kind
    public var message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, kind: Kind, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.kind = kind
        self.message = message
    }

    init(path: String, location: SourceLocation, kind: Kind, message: String) {
        self.init(path: path, line: location.line, column: location.column, kind: kind, message: message)
    }

    public var description: String {
        var s = path
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s + ": " + message
    }
}

/// One loaded file of a (possibly multi-file) description.
public final class SourceFile: Sendable {
    /// The path as shown to users (relative when the root was given relative).
    public let path: String
    /// Absolute, normalized path (or the URL of a remote document).
    public let absolutePath: String
    /// `file://` URI (or the remote URL), used as the base for `$ref`s.
    public let uri: String
    public let document: JSONDocument
    /// Load order (0 = the root document).
    public let id: Int

    /// Folders of `absolutePath` and of `path`, for resolving relative references.
    let directory: String
    let displayDirectory: String
    /// Local files in the same folder, shown under the same folder, resolve a relative `$ref`
    /// to the same file: they share this key, which caches the lookup (a remote file has its own).
    let referenceScope: Int
    /// Tape indices of the keys that repeat an earlier key of their object, when the workspace
    /// scanned for them as the file loaded (`LoadOptions.scanDuplicateKeys`); else nil.
    public let duplicateKeys: [Int]?

    /// `folders`: `directory` and `displayDirectory` when another file of the same scope already
    /// made them (files of one folder share the strings: 2,849 files, ~60 folders on DigitalOcean).
    init(
        path: String, absolutePath: String, uri: String, document: JSONDocument, id: Int, referenceScope: Int,
        folders: (directory: String, display: String)? = nil, duplicateKeys: [Int]? = nil
    ) {
        directory = folders?.directory ?? FileSystem.directory(of: absolutePath)
        displayDirectory = folders?.display ?? FileSystem.directory(of: path)
        self.path = path
        self.absolutePath = absolutePath
        self.uri = uri
        self.document = document
        self.id = id
        self.referenceScope = referenceScope
        self.duplicateKeys = duplicateKeys
    }

    public var root: Node { Node(file: self, value: document.root) }

    var isRemote: Bool { Self.isRemote(uri: uri) }

    /// An http(s) URL, its scheme in either case (how `$ref`s are told apart from file paths).
    static func isRemote(uri: String) -> Bool { uri.hasPrefixIgnoringCase("http://") || uri.hasPrefixIgnoringCase("https://") }
}

extension String {
    /// Starts with `prefix` (lower-case ASCII), its letters matched in either case: URI schemes
    /// checked on the bytes for every file `$ref`, not on a lower-cased copy.
    func hasPrefixIgnoringCase(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard utf8.count >= count else { return false }
        let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: count)
        var index = utf8.startIndex
        for byte in expected {
            let actual = utf8[index]
            let folded = actual >= UInt8(ascii: "A") && actual <= UInt8(ascii: "Z") ? actual | 0x20 : actual
            guard folded == byte else { return false }
            index = utf8.index(after: index)
        }
        return true
    }
}

/// A value in a file. Its JSON Pointer is not stored: `pointer` reads it off the document's tape
/// when asked (findings, sample schemas, a few rules), so a step to a child copies two
/// references and builds no string.
public struct Node: Sendable {
    public let file: SourceFile
    public let value: JSONValue

    /// `value` must be a value of `file`'s document.
    public init(file: SourceFile, value: JSONValue) {
        self.file = file
        self.value = value
    }

    /// Pointer from the root of `file`.
    public var pointer: String { value.document.pointer(ofNode: Int(value.index)) }

    public var kind: JSONKind { value.kind }
    public var string: String? { value.string }
    public var bool: Bool? { value.bool }
    public var location: SourceLocation { value.location }
    public var line: Int { location.line }
    public var column: Int { location.column }
    public var isObject: Bool { value.kind == .object }

    public subscript(key: String) -> Node? {
        value[key].map { Node(file: file, value: $0) }
    }

    public subscript(position: Int) -> Node? {
        value[position].map { Node(file: file, value: $0) }
    }

    /// Members in document order (duplicates included).
    public var members: [(key: String, node: Node)] {
        let file = file
        return value.members.map { ($0.key, Node(file: file, value: $0.value)) }
    }

    /// The node of another value of this node's document (a member or element found on the
    /// tape, e.g. with a `KeyList`).
    public func node(_ value: JSONValue) -> Node {
        Node(file: file, value: value)
    }

    /// Calls `body` with each member in document order (duplicates included), one child at a
    /// time (walks use this instead of `members`, which builds every child first).
    public func forEachMember(_ body: (_ key: String, _ node: Node) -> Void) {
        let file = file
        value.forEachMember { key, child in body(key, Node(file: file, value: child)) }
    }

    /// Calls `body` with each element and its position.
    public func forEachElement(_ body: (_ position: Int, _ node: Node) -> Void) {
        let file = file
        value.forEachElement { position, child in body(position, Node(file: file, value: child)) }
    }

    public var elements: [Node] {
        let file = file
        return value.elements.map { Node(file: file, value: $0) }
    }

    /// The `$ref` string when this is a reference object.
    public var ref: String? { refValue?.string }

    /// The `$ref` member when this is a reference object (its text is not copied).
    public var refValue: JSONValue? {
        guard value.kind == .object, let ref = value["$ref"], ref.kind == .string else { return nil }
        return ref
    }

    /// Identity of the node (file + tape index).
    public var key: NodeKey { NodeKey(file: file.id, index: value.index) }
}

public struct NodeKey: Hashable, Sendable {
    public var file: Int
    public var index: Int32

    public init(file: Int, index: Int32) {
        self.file = file
        self.index = index
    }

    /// One 64-bit word: file ids are small, and the visited sets hash a key per node.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(UInt64(truncatingIfNeeded: file) << 32 | UInt64(UInt32(bitPattern: index)))
    }
}

/// A `$ref` that cannot be followed.
public struct RefProblem: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case remoteNotAllowed, outsideRoot, fileMissing, fileUnreadable, pointerNotFound, malformed, circular }
    public var kind: Kind
    public var message: String
    public var description: String { message }
}

public struct LoadOptions: Sendable {
    /// Follow http(s) `$ref`s.
    public var allowRemoteRefs: Bool
    /// Folder that `$ref`s to files may not leave (default: the root document's folder).
    public var refRoot: String?
    /// Find the duplicate keys of every file but the root as it loads, on the thread that
    /// loads it (`SourceFile.duplicateKeys`): a linter then need not scan ~1,000 files after
    /// its walks, where little else runs beside it.
    public var scanDuplicateKeys: Bool

    public init(allowRemoteRefs: Bool = false, refRoot: String? = nil, scanDuplicateKeys: Bool = false) {
        self.allowRemoteRefs = allowRemoteRefs
        self.refRoot = refRoot
        self.scanDuplicateKeys = scanDuplicateKeys
    }
}

/// All files of one description: the root document and every file its `$ref`s reach,
/// each loaded once.
public final class Workspace: @unchecked Sendable {
    public let root: SourceFile
    public let version: SpecVersion
    public let options: LoadOptions
    /// Absolute folder `$ref`s may not leave.
    public let refRoot: String
    /// `refRoot` with a final slash: a path inside the folder starts with it.
    private let refRootPrefix: String
    private var filesByPath: [TextKey: Result<SourceFile, RefProblem>] = [:]
    private var fileSlots: [TextKey: FileSlot] = [:]
    /// `SourceFile.referenceScope` by folder and display folder (guarded by `lock`).
    private var referenceScopes: [UInt64: [Int]] = [:]
    /// Each local scope's `SourceFile.directory` and `displayDirectory`, by scope (guarded by `lock`).
    private var scopeFolders: [(directory: String, display: String)] = []
    private let locateCache = ShardedCache<LocateKey, Result<SourceFile, RefProblem>>()
    private let memberIndex = ShardedCache<IndexKey, MemberIndex>()
    private let resolveCache = ShardedCache<LocateKey, Result<Node, RefProblem>>()
    /// `resolveRef(of:_:)` by the reference object's identity.
    private let refTargets = ShardedCache<NodeKey, Result<Node, RefProblem>>()
    private var loadedFiles: [SourceFile] = []
    /// `loadedFiles` by URI (guarded by `lock`).
    private var filesByURI: [TextKey: SourceFile] = [:]
    /// Every file loaded so far, root first (a snapshot: the linter loads from several threads).
    public var files: [SourceFile] {
        lock.lock()
        defer { lock.unlock() }
        return loadedFiles
    }
    private let lock = Lock()
    /// OpenAPI 3.1: the `$id`s and `$anchor`s of the loaded files' schemas (guarded by `idLock`).
    private var identifiers = SchemaIdentifiers()
    /// `$id` resources as standalone documents for the schema engine, by URI (guarded by `idLock`).
    private var resourceCopies: [String: JSONDocument] = [:]
    private let idLock = Lock()

    /// Loads the root document and detects its version. Other files load on demand.
    public init(path: String, options: LoadOptions = LoadOptions()) throws(LoadError) {
        self.options = options
        let absolute = Workspace.absolute(path)
        let document = try Workspace.readDocument(display: path, absolute: absolute)
        let file = SourceFile(
            path: path, absolutePath: absolute, uri: Workspace.fileURI(absolute), document: document, id: 0, referenceScope: 0)
        version = try SpecVersion.detect(document.root, path: path)
        root = file
        refRoot = options.refRoot.map(Workspace.absolute) ?? FileSystem.directory(of: absolute)
        refRootPrefix = refRoot.utf8.last == UInt8(ascii: "/") ? refRoot : refRoot + "/"
        loadedFiles = [file]
        filesByURI[TextKey(file.uri)] = file
        filesByPath[TextKey(absolute)] = .success(file)
        _ = referenceScope(absolutePath: absolute, path: path)  // scope 0
    }

    /// Builds a workspace from an in-memory document (tests, stdin). Its relative file refs, and the default
    /// ref root, are the folder `path` would be in (for a bare name such as `<stdin>`, the current folder).
    public init(document: JSONDocument, path: String, options: LoadOptions = LoadOptions()) throws(LoadError) {
        self.options = options
        let absolute = Workspace.absolute(path)
        let file = SourceFile(
            path: path, absolutePath: absolute, uri: Workspace.fileURI(absolute), document: document, id: 0, referenceScope: 0)
        version = try SpecVersion.detect(document.root, path: path)
        root = file
        refRoot = options.refRoot.map(Workspace.absolute) ?? FileSystem.directory(of: absolute)
        refRootPrefix = refRoot.utf8.last == UInt8(ascii: "/") ? refRoot : refRoot + "/"
        loadedFiles = [file]
        filesByURI[TextKey(file.uri)] = file
        filesByPath[TextKey(absolute)] = .success(file)
        _ = referenceScope(absolutePath: absolute, path: path)  // scope 0
    }

    // MARK: Files

    /// `path` made absolute against the current directory, `.` and `..` collapsed (no symlinks).
    public static func absolute(_ path: String) -> String {
        normalize(FileSystem.absolute(path))
    }

    /// Collapses `.` and `..` segments (no symlink resolution).
    static func normalize(_ path: String) -> String {
        var path = path
        return path.withUTF8 { normalize(bytes: $0) }
    }

    /// `normalize(folder + "/" + relative)`, without making the joined String first (a file
    /// `$ref` is normalized twice: its absolute path and the path shown to users).
    static func normalize(_ folder: String, then relative: String) -> String {
        var folder = folder, relative = relative
        return folder.withUTF8 { head in
            relative.withUTF8 { tail in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: head.count + 1 + tail.count) { joined in
                    _ = joined.initialize(fromContentsOf: head)
                    joined[head.count] = UInt8(ascii: "/")
                    _ = UnsafeMutableBufferPointer(rebasing: joined[(head.count + 1)...]).initialize(fromContentsOf: tail)
                    return normalize(bytes: UnsafeBufferPointer(joined))
                }
            }
        }
    }

    private static func normalize(bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Bytes, not Characters: grapheme breaking made this the hottest function on
        // descriptions of thousands of files. The output is written once into the new String
        // (never longer than the input plus a leading slash), a segment at a time (`memchr`
        // finds its end); a segment that `..` removes is cut off the end, found by its separator.
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        let absolute = bytes.first == slash
        return String(unsafeUninitializedCapacity: bytes.count + 1) { out -> Int in
            var n = 0
            var start = 0
            while start <= bytes.count {
                let end = bytes.firstOffset(of: slash, in: start..<bytes.count) ?? bytes.count
                let segment = start, count = end - start
                start = end + 1
                if count == 0 || (count == 1 && bytes[segment] == dot) { continue }
                if count == 2 && bytes[segment] == dot && bytes[segment + 1] == dot {
                    // The last segment kept, unless it is `..` itself, goes.
                    if n > 0 {
                        var separator = n - 1
                        while separator >= 0 && out[separator] != slash { separator -= 1 }
                        let lastStart = separator + 1
                        if !(n - lastStart == 2 && out[lastStart] == dot && out[lastStart + 1] == dot) {
                            n = max(separator, 0)
                            continue
                        }
                    }
                    if absolute { continue }
                }
                if absolute || n > 0 {
                    out[n] = slash
                    n += 1
                }
                _ = UnsafeMutableBufferPointer(rebasing: out[n..<(n + count)]).initialize(
                    fromContentsOf: UnsafeBufferPointer(rebasing: bytes[segment..<end]))
                n += count
            }
            if n == 0 {
                out[0] = absolute ? slash : dot
                n = 1
            }
            return n
        }
    }

    static func fileURI(_ absolute: String) -> String { "file://" + percentEncodedPath(absolute) }

    /// A path as a URI path: every byte but letters, digits and `/-._~` percent-encoded.
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    @inline(__always) private static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }

    public static func percentEncodedPath(_ path: String) -> String {
        // Most paths need no escape: the same string, without building a copy.
        if !path.utf8ContainsByte(where: { !isUnreserved($0) }) { return path }
        let hex = hexDigits
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count + 16)
        for byte in path.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func readDocument(display: String, absolute: String) throws(LoadError) -> JSONDocument {
        let bytes: InputBytes
        do { bytes = try FileSystem.readInput(absolute) } catch {
            throw LoadError(path: display, kind: .unreadable, message: error.message)
        }
        return try parse(bytes, display: display)
    }

    static func parse(_ bytes: [UInt8], display: String) throws(LoadError) -> JSONDocument {
        try parse(InputBytes(bytes), display: display)
    }

    static func parse(_ bytes: InputBytes, display: String) throws(LoadError) -> JSONDocument {
        let lower = display.lowercased()
        var json = lower.hasSuffix(".json")
        if !json && !lower.hasSuffix(".yaml") && !lower.hasSuffix(".yml") {
            let first = bytes.withUnsafeBufferPointer { $0.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } }
            json = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        }
        do {
            if json { return try JSONDocument.parse(bytes, sourceName: display) }
            return try JSONDocument.parseYAML(bytes, sourceName: display)
        } catch let error as JSONParseError {
            throw LoadError(path: display, line: error.line, column: error.column, kind: .syntax, message: error.message)
        } catch let error as YAMLParseError {
            throw LoadError(path: display, line: error.line, column: error.column, kind: .syntax, message: error.message)
        } catch {
            throw LoadError(path: display, kind: .syntax, message: "\(error)")
        }
    }

    /// The file at `absolute` (loaded once; failures are remembered too).
    func file(absolute: String, display: String) -> Result<SourceFile, RefProblem> {
        // Read and parse outside the workspace lock, which every `$ref` lookup takes: a thread
        // waits only for a file it needs that another thread is loading.
        let key = TextKey(absolute)
        lock.lock()
        if let known = filesByPath[key] {
            lock.unlock()
            return known
        }
        let slot: FileSlot
        if let loading = fileSlots[key] {
            slot = loading
        } else {
            slot = FileSlot()
            fileSlots[key] = slot
        }
        lock.unlock()
        slot.lock.lock()
        defer { slot.lock.unlock() }
        if let done = slot.result { return done }
        let result: Result<SourceFile, RefProblem>
        if absolute.hasPrefix("http://") || absolute.hasPrefix("https://") {
            result = fetchRemote(absolute)
        } else {
            do {
                let document = try Workspace.readDocument(display: display, absolute: absolute)
                let duplicates = options.scanDuplicateKeys ? document.duplicateKeyNodes() : nil
                result = .success(register(
                    path: display, absolutePath: absolute, uri: Workspace.fileURI(absolute), document: document,
                    duplicateKeys: duplicates))
            } catch {
                let kind: RefProblem.Kind = error.kind == .unreadable ? .fileMissing : .fileUnreadable
                result = .failure(RefProblem(kind: kind, message: "cannot load '\(display)': \(error.line.map { "line \($0): " } ?? "")\(error.message)"))
            }
        }
        slot.result = result
        // Later callers find the file in `filesByPath`; the slot stays only with those waiting on it.
        lock.lock()
        filesByPath[key] = result
        fileSlots[key] = nil
        lock.unlock()
        return result
    }

    /// A file being loaded, for the threads that need it meanwhile.
    private final class FileSlot {
        let lock = Lock()
        var result: Result<SourceFile, RefProblem>?
    }

    /// Adds a loaded document to `loadedFiles` (its id is its position there).
    private func register(
        path: String, absolutePath: String, uri: String, document: JSONDocument, duplicateKeys: [Int]? = nil
    ) -> SourceFile {
        lock.lock()
        defer { lock.unlock() }
        let id = loadedFiles.count
        var scope = -1 - id  // remote: its own
        var folders: (directory: String, display: String)?
        if !SourceFile.isRemote(uri: uri) {
            scope = referenceScope(absolutePath: absolutePath, path: path)
            folders = scopeFolders[scope]
        }
        let file = SourceFile(
            path: path, absolutePath: absolutePath, uri: uri, document: document, id: id, referenceScope: scope,
            folders: folders, duplicateKeys: duplicateKeys)
        loadedFiles.append(file)
        filesByURI[TextKey(uri)] = file
        return file
    }

    /// The scope of a local file's folders (`SourceFile.referenceScope`), looked up on the
    /// bytes of the two paths: the folder Strings are made only for a new scope (~60 for
    /// DigitalOcean's 2,849 files). Call with `lock` held.
    private func referenceScope(absolutePath: String, path: String) -> Int {
        var absolutePath = absolutePath, path = path
        return absolutePath.withUTF8 { absoluteBytes in
            path.withUTF8 { pathBytes in
                let directory = UnsafeBufferPointer(rebasing: absoluteBytes[..<FileSystem.directoryLength(of: absoluteBytes)])
                let display = UnsafeBufferPointer(rebasing: pathBytes[..<FileSystem.directoryLength(of: pathBytes)])
                let digest = mixedHash(
                    ByteDigest.digest(UnsafeRawBufferPointer(directory))
                        ^ mixedHash(ByteDigest.digest(UnsafeRawBufferPointer(display))))
                func same(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
                    var text = text
                    return text.withUTF8 { $0.count == bytes.count && (bytes.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0) }
                }
                for known in referenceScopes[digest, default: []]
                where same(scopeFolders[known].directory, directory) && same(scopeFolders[known].display, display) {
                    return known
                }
                let scope = scopeFolders.count
                referenceScopes[digest, default: []].append(scope)
                scopeFolders.append((String(decoding: directory, as: UTF8.self), String(decoding: display, as: UTF8.self)))
                return scope
            }
        }
    }

    private func fetchRemote(_ url: String) -> Result<SourceFile, RefProblem> {
        let data: [UInt8]
        switch RemoteFetch.get(url) {
        case .success(let bytes): data = bytes
        case .failure(let failure):
            return .failure(RefProblem(kind: .fileMissing, message: "cannot fetch '\(url)': \(failure.message)"))
        }
        do {
            let document = try Workspace.parse(data, display: url)
            let duplicates = options.scanDuplicateKeys ? document.duplicateKeyNodes() : nil
            return .success(register(path: url, absolutePath: url, uri: url, document: document, duplicateKeys: duplicates))
        } catch {
            return .failure(RefProblem(kind: .fileUnreadable, message: "cannot load '\(url)': \(error.description)"))
        }
    }

    /// Every file loaded so far, by id.
    public func file(id: Int) -> SourceFile? {
        lock.lock()
        defer { lock.unlock() }
        return id < loadedFiles.count ? loadedFiles[id] : nil
    }

    /// A loaded file by its URI (for the schema engine's resolver).
    public func document(forURI uri: String) -> JSONDocument? {
        if version.isOpenAPI31, let copy = schemaResourceDocument(uri) { return copy }
        if let loaded = loadedDocument(forURI: uri) { return loaded }
        guard let (file, _) = try? locate(uri, from: root).get() else { return nil }
        return file.document
    }

    /// The loaded file whose URI is `uri` (no fragment), if any. The schema compiler asks for
    /// each file its schemas reach (~880 on DigitalOcean), and `locate` took ~11,000
    /// instructions a time to find what is already loaded. (A loaded file passed the
    /// reference guards.)
    public func loadedDocument(forURI uri: String) -> JSONDocument? {
        let key = TextKey(uri)
        lock.lock()
        defer { lock.unlock() }
        return filesByURI[key]?.document
    }

    // MARK: References

    /// Splits a reference into target file and fragment, applying the remote / ref-root guards.
    func locate(_ ref: String, from file: SourceFile) -> Result<(SourceFile, String), RefProblem> {
        // UTF-8 view searches: Character-level ones were a tenth of a 2,907-file lint.
        let hash = ref.utf8Index(of: UInt8(ascii: "#"))
        let location = hash.map { String(ref[..<$0]) } ?? ref
        let fragment = hash.map { String(ref[ref.utf8.index(after: $0)...]) } ?? ""
        if location.isEmpty { return .success((file, fragment)) }
        let cacheKey = LocateKey(file: file.referenceScope, location: location)
        if let cached = locateCache[cacheKey] { return cached.map { ($0, fragment) } }
        let located = locateFile(location, ref: ref, from: file)
        locateCache[cacheKey] = located
        return located.map { ($0, fragment) }
    }

    struct LocateKey: Hashable, CacheKey {
        /// `SourceFile.referenceScope` for `locate`; for `resolve`, the file id (times two) or the
        /// scope (times two, plus one).
        var file: Int
        var location: String

        /// Every `$ref` lookup hashes its text: eight bytes per multiply here instead of
        /// SipHash over every byte (then one word for the Hasher's own finish).
        func hash(into hasher: inout Hasher) {
            var location = location
            hasher.combine(UInt64(truncatingIfNeeded: file) ^ location.withUTF8(ByteDigest.digest))
        }

        var cacheHash: UInt64 {
            var location = location
            return mixedHash(UInt64(truncatingIfNeeded: file) ^ location.withUTF8(ByteDigest.digest))
        }
    }

    private func locateFile(_ location: String, ref: String, from file: SourceFile) -> Result<SourceFile, RefProblem> {
        let slash = UInt8(ascii: "/")
        let isURL = SourceFile.isRemote(uri: location)
        if isURL || (file.isRemote && location.utf8.first != slash) {
            let absolute = isURL ? location : Workspace.resolveURL(location, against: file.absolutePath)
            guard options.allowRemoteRefs else {
                return .failure(RefProblem(kind: .remoteNotAllowed,
                    message: "remote reference '\(absolute)' not followed (pass --allow-remote-refs to allow it)"))
            }
            return self.file(absolute: absolute, display: absolute)
        }
        var pathPart = location
        if location.hasPrefixIgnoringCase("file://") {
            pathPart = String(location[location.utf8.index(location.utf8.startIndex, offsetBy: 7)...])
        } else if let colon = location.utf8Index(of: UInt8(ascii: ":")),
            !location.utf8[..<colon].contains(UInt8(ascii: "/")), location.utf8.distance(from: location.utf8.startIndex, to: colon) > 1
        {
            return .failure(RefProblem(kind: .malformed, message: "unsupported reference '\(ref)' (only relative files and http(s) URLs)"))
        }
        guard let decoded = JSONPointer.percentDecode(pathPart) else {
            return .failure(RefProblem(kind: .malformed, message: "malformed percent-encoding in reference '\(ref)'"))
        }
        let isAbsolute = decoded.utf8.first == slash
        let absolute = isAbsolute ? Workspace.normalize(decoded) : Workspace.normalize(file.directory, then: decoded)
        if !(absolute == refRoot || absolute.hasPrefix(refRootPrefix)) {
            return .failure(RefProblem(kind: .outsideRoot,
                message: "reference '\(ref)' leaves the root folder '\(refRoot.split(separator: "/").last.map(String.init) ?? "/")' (pass --ref-root DIR to allow it)"))
        }
        let displayDir = file.displayDirectory
        let display =
            isAbsolute
            ? decoded : displayDir.isEmpty ? Workspace.normalize(decoded) : Workspace.normalize(displayDir, then: decoded)
        // A root given by its absolute path shows absolute paths: one String for both.
        return self.file(absolute: absolute, display: display == absolute ? absolute : display)
    }

    static func resolveURL(_ relative: String, against base: String) -> String {
        URI.resolve(relative, against: base)
    }

    /// Resolves one `$ref` (relative to the file it is written in) to the node it names.
    public func resolve(_ ref: String, from file: SourceFile) -> Result<Node, RefProblem> {
        // The same `$ref` text is usually written in many places of a file, and a reference to
        // another file in many files of one folder (DigitalOcean's 2,907): resolve each once.
        // A found target is shared by the files of a folder; a problem is kept per file, as its
        // message may name the referring file ("this document").
        let namesFile = ref.utf8.first.map { $0 != UInt8(ascii: "#") } ?? false
        let shared = namesFile ? LocateKey(file: file.referenceScope << 1 | 1, location: ref) : nil
        if let shared, let known = resolveCache[shared] { return known }
        let own = LocateKey(file: file.id << 1, location: ref)
        if let known = resolveCache[own] { return known }
        let result = resolveUncached(ref, from: file)
        if let shared, case .success = result {
            resolveCache[shared] = result
        } else {
            resolveCache[own] = result
        }
        return result
    }

    private func resolveUncached(_ ref: String, from file: SourceFile) -> Result<Node, RefProblem> {
        switch locate(ref, from: file) {
        case .failure(let problem): return .failure(problem)
        case .success(let (target, fragment)):
            if fragment.isEmpty { return .success(target.root) }
            guard fragment.hasPrefix("/"), let tokens = JSONPointer.tokens(fragment: fragment) else {
                return .failure(RefProblem(kind: .malformed, message: "'\(ref)': the fragment must be a JSON Pointer such as #/components/schemas/Name"))
            }
            guard let value = lookup(target.document.root, tokens) else {
                let where_ = target.id == file.id ? "this document" : "'\(target.path)'"
                return .failure(RefProblem(kind: .pointerNotFound,
                    message: "'\(ref)' does not resolve: \(where_) has nothing at \(JSONPointer.pointer(tokens))"))
            }
            return .success(Node(file: target, value: value))
        }
    }

    /// Resolves pointer tokens; big objects (components with hundreds of entries) get a hash
    /// index on first use instead of a linear member scan per lookup.
    private func lookup(_ root: JSONValue, _ tokens: [String]) -> JSONValue? {
        var current = root
        for token in tokens {
            switch current.kind {
            case .object where current.count > Self.indexedMembers:
                var token = token
                guard let next = token.withUTF8({ member(of: current, $0) }) else { return nil }
                current = next
            default:
                guard let next = current.resolve(tokens: [token]) else { return nil }
                current = next
            }
        }
        return current
    }

    /// Objects with more members than this get a `MemberIndex` on their first lookup.
    static let indexedMembers = 16

    /// The member of `object` named `key`; through its index when it is large.
    private func member(of object: JSONValue, _ key: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        let document = object.document
        return document.withReader { r in member(document, r, Int(object.index), key).map { document.value(at: $0) } }
    }

    /// Tape index of the value of the member of object `object` named `key`.
    private func member(_ document: JSONDocument, _ r: DocumentReader, _ object: Int, _ key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard r.count(object) > Self.indexedMembers else { return r.member(object, key) }
        let cacheKey = IndexKey(document: ObjectIdentifier(document), index: Int32(object))
        if let index = memberIndex[cacheKey] { return index.value(r, key) }
        let index = MemberIndex(r, object: object)  // two threads may both build it: they are equal
        memberIndex[cacheKey] = index
        return index.value(r, key)
    }

    /// A `#/a/b` reference into the holder's own file with no escapes (nearly all of them),
    /// resolved on the tape: no String, no cache. nil when it is not such a reference or does
    /// not resolve (`resolve` then finds the problem to report).
    private func resolveLocalPointer(_ file: SourceFile, _ ref: JSONValue) -> Node? {
        let document = file.document
        guard ref.document === document, ref.kind == .string else { return nil }
        let target = document.withReader { r -> Int? in
            let text = r.string(Int(ref.index))
            // `#` and an unescaped pointer: no percent-encoding either.
            guard text.count >= 2, text[0] == UInt8(ascii: "#"), !text.contains(UInt8(ascii: "%")) else { return nil }
            return r.followUnescapedPointer(UnsafeBufferPointer(rebasing: text[1...]), from: 0) { object, token in
                member(document, r, object, token)
            }
        }
        return target.map { Node(file: file, value: document.value(at: $0)) }
    }

    struct IndexKey: Hashable, CacheKey {
        var document: ObjectIdentifier
        var index: Int32
        var cacheHash: UInt64 {
            mixedHash(UInt64(UInt(bitPattern: document)) ^ UInt64(UInt32(bitPattern: index)) << 32)
        }
    }

    /// Follows a chain of reference objects to the first node that is not one.
    /// Circular chains (`a → b → a`) are reported, never looped.
    public func deref(_ node: Node) -> Result<Node, RefProblem> {
        // Nearly every chain has one or two links: follow up to 32 without bookkeeping. A longer
        // chain is followed again with a seen-set, which stops a cycle where this pass would loop.
        var current = node
        for _ in 0..<32 {
            guard let ref = current.refValue else { return .success(current) }
            switch resolveRef(of: current, ref) {
            case .success(let next): current = next
            case .failure(let problem): return .failure(problem)
            }
        }
        return derefTrackingCycles(node)
    }

    private func derefTrackingCycles(_ node: Node) -> Result<Node, RefProblem> {
        var current = node
        var seen = WordSet()
        while let ref = current.refValue {
            guard seen.insert(current.key.word) else {
                return .failure(RefProblem(kind: .circular, message: "'\(ref.string ?? "")' is part of a reference cycle that never reaches a value"))
            }
            switch resolveRef(of: current, ref) {
            case .success(let next): current = next
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(current)
    }

    /// Resolves the reference object `holder`, whose `$ref` member is `ref` (a string). A
    /// reference object is resolved by every walk that passes it and by the typed model: the
    /// result is kept by the object's identity, so a repeat neither copies nor hashes the text.
    /// (OpenAPI 3.1 resolves against `$id`s, which files loaded later may add: no shortcut there.)
    public func resolveRef(of holder: Node, _ ref: JSONValue) -> Result<Node, RefProblem> {
        if version.isOpenAPI31 {
            // With no `$id` or `$anchor` known, `#/…` names a place in the holder's own file
            // (`resolve(_:at:)` reads it so too).
            if schemaIdentifiers().isEmpty, let local = resolveLocalPointer(holder.file, ref) { return .success(local) }
            return resolve(ref.string ?? "", at: holder)
        }
        if let local = resolveLocalPointer(holder.file, ref) { return .success(local) }
        let key = holder.key
        if let known = refTargets[key] { return known }
        let result = resolve(ref.string ?? "", from: holder.file)
        refTargets[key] = result
        return result
    }

    /// Forgets which node each `$ref` names (the caches `resolve` and `resolveRef` keep), for a
    /// caller done with most lookups: they are kept per reference, ~2 MB for DigitalOcean's 2,849
    /// files. Later lookups work as before, only slower at first. Loaded files stay.
    public func forgetResolvedReferences() {
        resolveCache.removeAll()
        refTargets.removeAll()
    }

    /// Like `deref`, but nil on any problem.
    public func target(_ node: Node) -> Node? { try? deref(node).get() }
}

// MARK: Schema identifiers (OpenAPI 3.1)

/// A schema found by its `$id` or `$anchor`.
struct SchemaTarget {
    var file: SourceFile
    var value: JSONValue
    var pointer: String

    var node: Node { Node(file: file, value: value) }
}

/// What the Schema Objects of the loaded files declare: `$id` resources, `$anchor`s, and the base
/// URI of every `$ref` with an `$id` above it (OpenAPI 3.1 §4.8.24 and "Relative References in
/// URIs"; JSON Schema 2020-12 §8.2.1). Each file is indexed once, when a lookup first needs it.
struct SchemaIdentifiers {
    /// Resources by absolute URI (without fragment).
    var resources: [String: SchemaTarget] = [:]
    /// Anchor targets by resource URI + "#" + name; schemas with no `$id` above them belong to
    /// their file's resource (the file's URI).
    var anchors: [String: SchemaTarget] = [:]
    /// Base URI of each `$ref` holder inside an `$id` resource; every other `$ref` resolves
    /// against its file's URI.
    var refBases: [NodeKey: String] = [:]
    /// Tape ranges of the resources per file id, to name a schema by its resource.
    var ranges: [Int: [(start: Int32, end: Int32, uri: String, pointer: String)]] = [:]
    /// Ids of the files with a `$schema` keyword somewhere.
    var filesWithMetaSchema = Set<Int>()
    /// Files indexed so far (ids 0..<indexed).
    var indexed = 0

    var isEmpty: Bool { resources.isEmpty && anchors.isEmpty }

    /// Fields whose values map names to objects: an entry called `default` or `example` is not data.
    static let mapFields: Set<String> = [
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies", "schemas",
        "paths", "webhooks", "pathItems", "responses", "parameters", "headers", "content", "callbacks",
        "requestBodies", "securitySchemes", "encoding", "variables",
    ]
    /// Fields whose values are instance data (or links), never Schema Objects.
    static let dataFields: Set<String> = ["example", "examples", "default", "const", "enum", "links"]

    mutating func index(_ file: SourceFile) {
        let (identifies, metaSchema) = Self.scan(file.document)
        if metaSchema { filesWithMetaSchema.insert(file.id) }
        if identifies { walk(file.document.root, file: file, base: file.uri, pointer: "", isMap: false) }
    }

    /// One pass over the tape: does the file use `$id` / `$anchor` / `$dynamicAnchor`, and `$schema`?
    /// Most descriptions do not, and then nothing needs walking.
    static func scan(_ document: JSONDocument) -> (identifies: Bool, metaSchema: Bool) {
        document.withReader { r in
            var identifies = false
            var metaSchema = false
            for i in 0..<r.nodeCount where r.kind(i) == .string {
                let s = r.string(i)
                guard s.count >= 3, s[0] == UInt8(ascii: "$") else { continue }
                switch s.count {
                case 3: identifies = identifies || (s[1] == UInt8(ascii: "i") && s[2] == UInt8(ascii: "d"))
                case 7:
                    identifies = identifies || s.spells("$anchor")
                    metaSchema = metaSchema || s.spells("$schema")
                case 14: identifies = identifies || s.spells("$dynamicAnchor")
                default: break
                }
            }
            return (identifies, metaSchema)
        }
    }

    /// Visits every object outside example data and `x-` extensions. Such an object with a string
    /// `$id` is a Schema Object (no other OpenAPI object has one), so no type information is needed.
    private mutating func walk(_ value: JSONValue, file: SourceFile, base: String, pointer: String, isMap: Bool) {
        switch value.kind {
        case .array:
            for (i, element) in value.elements.enumerated() where element.kind == .object || element.kind == .array {
                walk(element, file: file, base: base, pointer: pointer + "/" + String(i), isMap: false)
            }
        case .object where isMap:
            for (key, entry) in value.members where entry.kind == .object || entry.kind == .array {
                walk(entry, file: file, base: base, pointer: pointer + "/" + JSONPointer.escape(key), isMap: false)
            }
        case .object:
            var base = base
            // A fragment-only `$id` names nothing in 2020-12; one equal to the file's own URI adds nothing.
            if let id = value["$id"]?.string, !id.hasPrefix("#") {
                let uri = Workspace.splitFragment(URI.resolve(id, against: base)).location
                if !uri.isEmpty && uri != file.uri {
                    base = uri
                    if resources[uri] == nil {  // the first declaration wins, as in the engine
                        resources[uri] = SchemaTarget(file: file, value: value, pointer: pointer)
                        let end = value.document.withReader { Int32($0.next(Int(value.index))) }
                        ranges[file.id, default: []].append((value.index, end, uri, pointer))
                    }
                }
            }
            for keyword in ["$anchor", "$dynamicAnchor"] {
                if let name = value[keyword]?.string, anchors[base + "#" + name] == nil {
                    anchors[base + "#" + name] = SchemaTarget(file: file, value: value, pointer: pointer)
                }
            }
            if base != file.uri, value["$ref"] != nil {
                refBases[NodeKey(file: file.id, index: value.index)] = base
            }
            for (key, member) in value.members where member.kind == .object || member.kind == .array {
                if key.hasPrefix("x-") || Self.dataFields.contains(key) { continue }
                walk(member, file: file, base: base, pointer: pointer + "/" + JSONPointer.escape(key), isMap: Self.mapFields.contains(key))
            }
        default:
            break
        }
    }
}

extension Workspace {
    /// `uri` split at its first `#` (the fragment still percent-encoded).
    static func splitFragment(_ uri: String) -> (location: String, fragment: String) {
        guard let hash = uri.utf8Index(of: UInt8(ascii: "#")) else { return (uri, "") }
        return (String(uri[..<hash]), String(uri[uri.utf8.index(after: hash)...]))
    }

    /// OpenAPI 3.1: whether a file loaded so far declares a schema `$id` or `$anchor` (then a
    /// `$ref` can name a schema by it).
    public var hasSchemaIdentifiers: Bool { version.isOpenAPI31 && !schemaIdentifiers().isEmpty }

    /// The identifiers of every file loaded so far (files loaded since the last call are indexed now).
    func schemaIdentifiers() -> SchemaIdentifiers {
        lock.lock()
        let count = loadedFiles.count
        lock.unlock()
        idLock.lock()
        defer { idLock.unlock() }
        if identifiers.indexed < count {
            lock.lock()  // always taken after idLock, never the other way round
            let loaded = loadedFiles
            lock.unlock()
            while identifiers.indexed < loaded.count {
                identifiers.index(loaded[identifiers.indexed])
                identifiers.indexed += 1
            }
        }
        return identifiers
    }

    /// Does `ref` end in a fragment that is not a JSON Pointer (an anchor name)?
    static func namesAnchor(_ ref: String) -> Bool {
        guard let hash = ref.utf8Index(of: UInt8(ascii: "#")) else { return false }
        let next = ref.utf8.index(after: hash)
        return next != ref.utf8.endIndex && ref.utf8[next] != UInt8(ascii: "/")
    }

    /// Resolves the `$ref` of `holder`, the object that has it. In an OpenAPI 3.1 description the
    /// reference is resolved against the base URI the `$id`s above it set, and looked up among the
    /// `$id`s and `$anchor`s of the description's schemas before it is read as a file or URL.
    /// Other versions: `resolve(ref, from: holder.file)`.
    public func resolve(_ ref: String, at holder: Node) -> Result<Node, RefProblem> {
        guard version.isOpenAPI31 else { return resolve(ref, from: holder.file) }
        let ids = schemaIdentifiers()
        let namesAnchor = Workspace.namesAnchor(ref)
        // The common case, a description without `$id`s or anchors: plain (cached) resolution.
        if ids.isEmpty && !namesAnchor { return resolve(ref, from: holder.file) }
        let refLocation = Workspace.splitFragment(ref).location

        let base = ids.refBases[holder.key] ?? holder.file.uri
        let belowID = base != holder.file.uri
        let absolute = URI.resolve(ref, against: base)
        let (location, fragment) = Workspace.splitFragment(absolute)
        if let resource = ids.resources[location] {
            return resolve(ref, fragment: fragment, in: resource, uri: location, ids: ids, base: belowID ? base : nil)
        }
        if namesAnchor {
            // An anchor of a file's own resource (schemas without an `$id` above them).
            let file: SourceFile
            switch locate(belowID ? location : refLocation, from: holder.file) {
            case .success(let (found, _)): file = found
            case .failure(let problem): return .failure(problem)
            }
            let name = JSONPointer.percentDecode(fragment) ?? fragment
            if let target = schemaIdentifiers().anchors[file.uri + "#" + name] { return .success(target.node) }
            let where_ = file.id == holder.file.id ? "this document" : "'\(file.path)'"
            return .failure(RefProblem(kind: .pointerNotFound,
                message: "'\(ref)' does not resolve: no schema in \(where_) declares $anchor '\(name)' (a fragment that is not a JSON Pointer names an anchor)"))
        }
        if !belowID {
            let result = resolve(ref, from: holder.file)
            if case .failure(let problem) = result, !refLocation.isEmpty {
                return .failure(RefProblem(kind: problem.kind,
                    message: "no schema of this description declares $id '\(location)'; \(problem.message)"))
            }
            return result
        }
        // Below an `$id`, a reference no schema declares is a file or URL relative to that `$id`.
        switch resolve(absolute, from: holder.file) {
        case .success(let node): return .success(node)
        case .failure(let problem):
            return .failure(RefProblem(kind: problem.kind,
                message: "'\(ref)' is relative to the enclosing schema's $id '\(base)' and names '\(absolute)', which no schema of this description declares as its $id; \(problem.message)"))
        }
    }

    /// The node `fragment` (empty, a JSON Pointer or an anchor name) selects in an `$id` resource.
    private func resolve(
        _ ref: String, fragment: String, in resource: SchemaTarget, uri: String, ids: SchemaIdentifiers, base: String?
    ) -> Result<Node, RefProblem> {
        let relative = base.map { " (relative to the enclosing schema's $id '\($0)')" } ?? ""
        let declared = "the schema with $id '\(uri)' (\(resource.file.path):\(resource.value.location.line))"
        if fragment.isEmpty { return .success(resource.node) }
        if fragment.hasPrefix("/") {
            guard let tokens = JSONPointer.tokens(fragment: fragment) else {
                return .failure(RefProblem(kind: .malformed, message: "'\(ref)': malformed JSON Pointer fragment '#\(fragment)'"))
            }
            guard let value = lookup(resource.value, tokens) else {
                return .failure(RefProblem(kind: .pointerNotFound,
                    message: "'\(ref)'\(relative) does not resolve: \(declared) has nothing at \(JSONPointer.pointer(tokens))"))
            }
            return .success(Node(file: resource.file, value: value))
        }
        let name = JSONPointer.percentDecode(fragment) ?? fragment
        if let target = ids.anchors[uri + "#" + name] { return .success(target.node) }
        return .failure(RefProblem(kind: .pointerNotFound,
            message: "'\(ref)'\(relative) does not resolve: \(declared) declares no $anchor '\(name)'"))
    }

    /// The URI the schema engine compiles `node` by: inside an `$id` resource (OpenAPI 3.1), that
    /// resource's URI and the pointer from its root, so references in it resolve against the `$id`;
    /// otherwise the file's URI and the node's pointer.
    public func schemaURI(of node: Node) -> String {
        if let uri = identifiedSchemaURI(of: node) { return uri }
        return node.file.uri + "#" + JSONPointer.fragment(node.pointer)
    }

    /// OpenAPI 3.1: the URI of a schema inside an `$id` resource, through that `$id` (nil for a
    /// schema named by its file and pointer, as `schemaURI(of:)` then names it).
    public func identifiedSchemaURI(of node: Node) -> String? {
        guard version.isOpenAPI31, let ranges = schemaIdentifiers().ranges[node.file.id] else { return nil }
        let index = node.value.index
        // The innermost resource holding the node: the one that starts last.
        guard let resource = ranges.filter({ $0.start <= index && index < $0.end }).max(by: { $0.start < $1.start }),
            node.pointer.hasPrefix(resource.pointer)
        else { return nil }
        return resource.uri + "#" + JSONPointer.fragment(String(node.pointer.dropFirst(resource.pointer.count)))
    }

    /// The `$schema` of `node` or of its nearest ancestor that has one (nil: none).
    func metaSchema(of node: Node) -> String? {
        guard schemaIdentifiers().filesWithMetaSchema.contains(node.file.id),
            let tokens = JSONPointer.tokens(node.pointer)
        else { return nil }
        var current = node.file.document.root
        var found = current["$schema"]?.string
        for token in tokens {
            guard let next = current.resolve(tokens: [token]) else { break }
            current = next
            if current.kind == .object, let uri = current["$schema"]?.string { found = uri }
        }
        return found
    }

    /// An `$id` resource of the description as a standalone schema document for the engine, with
    /// its `$id` made absolute (a relative one would resolve differently against its own URI).
    func schemaResourceDocument(_ uri: String) -> JSONDocument? {
        let location = Workspace.splitFragment(uri).location
        guard let resource = schemaIdentifiers().resources[location] else { return nil }
        idLock.lock()
        defer { idLock.unlock() }
        if let copy = resourceCopies[location] { return copy }
        var bytes = Array("{\"$id\":".utf8) + Array(JSONWriter.quote(location).utf8)
        resource.file.document.withReader { r in
            r.forEachMember(Int(resource.value.index)) { key, value in
                if r.string(key).spells("$id") { return true }
                bytes.append(UInt8(ascii: ","))
                JSONWriter.write(reader: r, index: key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                JSONWriter.write(reader: r, index: value, into: &bytes)
                return true
            }
        }
        bytes.append(UInt8(ascii: "}"))
        guard let copy = try? JSONDocument.parse(bytes, sourceName: resource.file.path) else { return nil }
        resourceCopies[location] = copy
        return copy
    }
}
