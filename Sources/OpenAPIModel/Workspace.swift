import JSONDocument
import SchemaEngine

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

    init(path: String, absolutePath: String, uri: String, document: JSONDocument, id: Int) {
        directory = Workspace.dirname(absolutePath)
        displayDirectory = Workspace.dirname(path)
        self.path = path
        self.absolutePath = absolutePath
        self.uri = uri
        self.document = document
        self.id = id
    }

    public var root: Node { Node(file: self, value: document.root, pointer: "") }

    var isRemote: Bool { uri.hasPrefix("http://") || uri.hasPrefix("https://") }
}

/// A value in a file together with its JSON Pointer there. Cheap to copy: a child keeps its
/// parent's pointer and its own key, and joins them only when `pointer` is read.
public struct Node: Sendable {
    public let file: SourceFile
    public let value: JSONValue
    /// The parent's pointer (or this node's own when `step` is `.none`).
    private let base: String
    private let step: Step

    private enum Step: Sendable {
        case none
        case key(String)
        case index(Int)
    }

    public init(file: SourceFile, value: JSONValue, pointer: String) {
        self.file = file
        self.value = value
        self.base = pointer
        self.step = .none
    }

    private init(file: SourceFile, value: JSONValue, parent: String, step: Step) {
        self.file = file
        self.value = value
        self.base = parent
        self.step = step
    }

    /// Pointer from the root of `file`.
    public var pointer: String {
        switch step {
        case .none: base
        case .key(let key): base + "/" + JSONPointer.escape(key)
        case .index(let i): base + "/" + String(i)
        }
    }

    /// The same node with its pointer built once (for a node whose children are all read).
    public var materialized: Node {
        if case .none = step { return self }
        return Node(file: file, value: value, pointer: pointer)
    }

    public var kind: JSONKind { value.kind }
    public var string: String? { value.string }
    public var bool: Bool? { value.bool }
    public var location: SourceLocation { value.location }
    public var line: Int { location.line }
    public var column: Int { location.column }
    public var isObject: Bool { value.kind == .object }

    public subscript(key: String) -> Node? {
        value[key].map { Node(file: file, value: $0, parent: pointer, step: .key(key)) }
    }

    public subscript(position: Int) -> Node? {
        value[position].map { Node(file: file, value: $0, parent: pointer, step: .index(position)) }
    }

    /// Members in document order (duplicates included).
    public var members: [(key: String, node: Node)] {
        let parent = pointer
        let file = file
        return value.members.map { ($0.key, Node(file: file, value: $0.value, parent: parent, step: .key($0.key))) }
    }

    public var elements: [Node] {
        let parent = pointer
        let file = file
        return value.elements.enumerated().map { Node(file: file, value: $1, parent: parent, step: .index($0)) }
    }

    /// The `$ref` string when this is a reference object.
    public var ref: String? { value.kind == .object ? value["$ref"]?.string : nil }

    /// Identity of the node (file + tape index).
    public var key: NodeKey { NodeKey(file: file.id, index: value.index) }
}

public struct NodeKey: Hashable, Sendable {
    public var file: Int
    public var index: Int32
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

    public init(allowRemoteRefs: Bool = false, refRoot: String? = nil) {
        self.allowRemoteRefs = allowRemoteRefs
        self.refRoot = refRoot
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
    private var refRootPrefix: String { refRoot.hasSuffix("/") ? refRoot : refRoot + "/" }
    private var filesByPath: [String: Result<SourceFile, RefProblem>] = [:]
    private var locateCache: [LocateKey: Result<SourceFile, RefProblem>] = [:]
    private var memberIndex: [IndexKey: [String: JSONValue]] = [:]
    private var resolveCache: [LocateKey: Result<Node, RefProblem>] = [:]
    public private(set) var files: [SourceFile] = []
    private let lock = Lock()

    /// Loads the root document and detects its version. Other files load on demand.
    public init(path: String, options: LoadOptions = LoadOptions()) throws(LoadError) {
        self.options = options
        let absolute = Workspace.absolute(path)
        let document = try Workspace.readDocument(display: path, absolute: absolute)
        let file = SourceFile(path: path, absolutePath: absolute, uri: Workspace.fileURI(absolute), document: document, id: 0)
        version = try SpecVersion.detect(document.root, path: path)
        root = file
        refRoot = options.refRoot.map(Workspace.absolute) ?? FileSystem.directory(of: absolute)
        files = [file]
        filesByPath[absolute] = .success(file)
    }

    /// Builds a workspace from an in-memory document (tests, stdin). Relative file refs resolve from `directory`.
    public init(document: JSONDocument, path: String, options: LoadOptions = LoadOptions()) throws(LoadError) {
        self.options = options
        let absolute = Workspace.absolute(path)
        let file = SourceFile(path: path, absolutePath: absolute, uri: Workspace.fileURI(absolute), document: document, id: 0)
        version = try SpecVersion.detect(document.root, path: path)
        root = file
        refRoot = options.refRoot.map(Workspace.absolute) ?? FileSystem.directory(of: absolute)
        files = [file]
        filesByPath[absolute] = .success(file)
    }

    // MARK: Files

    static func absolute(_ path: String) -> String {
        let full = FileSystem.absolute(path)
        return normalize(full)
    }

    /// Everything before the last `/` ("" when there is none; "/" for a file in the root).
    static func dirname(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        if slash == path.utf8.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// Collapses `.` and `..` segments (no symlink resolution).
    static func normalize(_ path: String) -> String {
        var out: [Substring] = []
        let absolute = path.hasPrefix("/")
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = out.last, last != ".." { out.removeLast(); continue }
            if part == "..", absolute { continue }
            out.append(part)
        }
        let joined = out.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    static func fileURI(_ absolute: String) -> String {
        var out = "file://"
        for byte in absolute.utf8 {
            let c = Character(UnicodeScalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "/-._~".contains(c)) {
                out.append(c)
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                out.append("%")
                out.append(Character(UnicodeScalar(hex[Int(byte >> 4)])))
                out.append(Character(UnicodeScalar(hex[Int(byte & 15)])))
            }
        }
        return out
    }

    static func readDocument(display: String, absolute: String) throws(LoadError) -> JSONDocument {
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(absolute) } catch {
            throw LoadError(path: display, kind: .unreadable, message: error.message)
        }
        return try parse(bytes, display: display)
    }

    static func parse(_ bytes: [UInt8], display: String) throws(LoadError) -> JSONDocument {
        let lower = display.lowercased()
        var json = lower.hasSuffix(".json")
        if !json && !lower.hasSuffix(".yaml") && !lower.hasSuffix(".yml") {
            let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
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
        lock.lock()
        defer { lock.unlock() }
        if let known = filesByPath[absolute] { return known }
        let result: Result<SourceFile, RefProblem>
        if absolute.hasPrefix("http://") || absolute.hasPrefix("https://") {
            result = fetchRemote(absolute)
        } else {
            do {
                let document = try Workspace.readDocument(display: display, absolute: absolute)
                let file = SourceFile(
                    path: display, absolutePath: absolute, uri: Workspace.fileURI(absolute), document: document, id: files.count)
                files.append(file)
                result = .success(file)
            } catch {
                let kind: RefProblem.Kind = error.kind == .unreadable ? .fileMissing : .fileUnreadable
                result = .failure(RefProblem(kind: kind, message: "cannot load '\(display)': \(error.line.map { "line \($0): " } ?? "")\(error.message)"))
            }
        }
        filesByPath[absolute] = result
        return result
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
            let file = SourceFile(path: url, absolutePath: url, uri: url, document: document, id: files.count)
            files.append(file)
            return .success(file)
        } catch {
            return .failure(RefProblem(kind: .fileUnreadable, message: "cannot load '\(url)': \(error.description)"))
        }
    }

    /// Every file loaded so far, by id.
    public func file(id: Int) -> SourceFile? {
        lock.lock()
        defer { lock.unlock() }
        return id < files.count ? files[id] : nil
    }

    /// A loaded file by its URI (for the schema engine's resolver).
    public func document(forURI uri: String) -> JSONDocument? {
        guard let (file, _) = try? locate(uri, from: root).get() else { return nil }
        return file.document
    }

    // MARK: References

    /// Splits a reference into target file and fragment, applying the remote / ref-root guards.
    func locate(_ ref: String, from file: SourceFile) -> Result<(SourceFile, String), RefProblem> {
        let hash = ref.firstIndex(of: "#")
        let location = hash.map { String(ref[..<$0]) } ?? ref
        let fragment = hash.map { String(ref[ref.index(after: $0)...]) } ?? ""
        if location.isEmpty { return .success((file, fragment)) }
        let cacheKey = LocateKey(file: file.id, location: location)
        lock.lock()
        let cached = locateCache[cacheKey]
        lock.unlock()
        if let cached { return cached.map { ($0, fragment) } }
        let located = locateFile(location, ref: ref, from: file)
        lock.lock()
        locateCache[cacheKey] = located
        lock.unlock()
        return located.map { ($0, fragment) }
    }

    struct LocateKey: Hashable {
        var file: Int
        var location: String
    }

    private func locateFile(_ location: String, ref: String, from file: SourceFile) -> Result<SourceFile, RefProblem> {
        let lower = location.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || (file.isRemote && !location.hasPrefix("/")) {
            let absolute = lower.hasPrefix("http") ? location : Workspace.resolveURL(location, against: file.absolutePath)
            guard options.allowRemoteRefs else {
                return .failure(RefProblem(kind: .remoteNotAllowed,
                    message: "remote reference '\(absolute)' not followed (pass --allow-remote-refs to allow it)"))
            }
            return self.file(absolute: absolute, display: absolute)
        }
        var pathPart = location
        if lower.hasPrefix("file://") { pathPart = String(location.dropFirst(7)) }
        else if let colon = location.firstIndex(of: ":"), !location[..<colon].contains("/"), location[..<colon].count > 1 {
            return .failure(RefProblem(kind: .malformed, message: "unsupported reference '\(ref)' (only relative files and http(s) URLs)"))
        }
        guard let decoded = JSONPointer.percentDecode(pathPart) else {
            return .failure(RefProblem(kind: .malformed, message: "malformed percent-encoding in reference '\(ref)'"))
        }
        let baseDir = file.directory
        let absolute = Workspace.normalize(decoded.hasPrefix("/") ? decoded : baseDir + "/" + decoded)
        if !(absolute == refRoot || absolute.hasPrefix(refRootPrefix)) {
            return .failure(RefProblem(kind: .outsideRoot,
                message: "reference '\(ref)' leaves the root folder '\(refRoot.split(separator: "/").last.map(String.init) ?? "/")' (pass --ref-root DIR to allow it)"))
        }
        let displayDir = file.displayDirectory
        let display = decoded.hasPrefix("/") ? decoded : Workspace.normalize(displayDir.isEmpty ? decoded : displayDir + "/" + decoded)
        return self.file(absolute: absolute, display: display)
    }

    static func resolveURL(_ relative: String, against base: String) -> String {
        URI.resolve(relative, against: base)
    }

    /// Resolves one `$ref` (relative to the file it is written in) to the node it names.
    public func resolve(_ ref: String, from file: SourceFile) -> Result<Node, RefProblem> {
        // The same `$ref` text is usually written in many places of a file: resolve it once.
        let key = LocateKey(file: file.id, location: ref)
        lock.lock()
        let known = resolveCache[key]
        lock.unlock()
        if let known { return known }
        let result = resolveUncached(ref, from: file)
        lock.lock()
        resolveCache[key] = result
        lock.unlock()
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
            let simple = !fragment.utf8.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "~") }
            return .success(Node(file: target, value: value, pointer: simple ? fragment : JSONPointer.pointer(tokens)))
        }
    }

    /// Resolves pointer tokens; big objects (components with hundreds of entries) get a hash
    /// index on first use instead of a linear member scan per lookup.
    private func lookup(_ root: JSONValue, _ tokens: [String]) -> JSONValue? {
        var current = root
        for token in tokens {
            switch current.kind {
            case .object where current.count > 16:
                let key = IndexKey(document: ObjectIdentifier(current.document), index: current.index)
                lock.lock()
                var index = memberIndex[key]
                lock.unlock()
                if index == nil {
                    var built: [String: JSONValue] = [:]
                    built.reserveCapacity(current.count)
                    for (k, v) in current.members { built[k] = v }  // the last duplicate wins, as in lookups
                    index = built
                    lock.lock()
                    memberIndex[key] = built
                    lock.unlock()
                }
                guard let next = index![token] else { return nil }
                current = next
            default:
                guard let next = current.resolve(tokens: [token]) else { return nil }
                current = next
            }
        }
        return current
    }

    struct IndexKey: Hashable {
        var document: ObjectIdentifier
        var index: Int32
    }

    /// Follows a chain of reference objects to the first node that is not one.
    /// Circular chains (`a → b → a`) are reported, never looped.
    public func deref(_ node: Node) -> Result<Node, RefProblem> {
        var current = node
        var seen = Set<NodeKey>()
        while let ref = current.ref {
            guard seen.insert(current.key).inserted else {
                return .failure(RefProblem(kind: .circular, message: "'\(ref)' is part of a reference cycle that never reaches a value"))
            }
            switch resolve(ref, from: current.file) {
            case .success(let next): current = next
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(current)
    }

    /// Like `deref`, but nil on any problem.
    public func target(_ node: Node) -> Node? { try? deref(node).get() }
}
