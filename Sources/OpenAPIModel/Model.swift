import JSONDocument
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A typed view of an API description (2.0, 3.0, 3.1). Every element keeps its `Node`
/// (file, pointer, line, column); references are followed, so `node` is where the
/// definition is written, which may be another file.
public struct APIDescription: Sendable {
    public var version: SpecVersion
    public var root: Node
    public var servers: [Server] = []
    public var paths: [PathItem] = []
    public var webhooks: [PathItem] = []
    public var securitySchemes: [SecurityScheme] = []
    /// Top-level `security` (nil when absent).
    public var security: [SecurityRequirement]?
    /// Reusable objects by section (`schemas`, `responses`, … or 2.0's `definitions`, `parameters`, …).
    public var components: [String: [(name: String, node: Node)]] = [:]

    /// Every operation of `paths` (and of `webhooks` when asked).
    public func operations(includingWebhooks: Bool = false) -> [Operation] {
        (paths + (includingWebhooks ? webhooks : [])).flatMap(\.operations)
    }
}

public struct Server: Sendable {
    public var url: String
    public var node: Node
    public var variables: [ServerVariable]
}

extension Server {
    /// The Server Objects of a `servers` array.
    public static func list(_ list: Node) -> [Server] {
        guard list.kind == .array else { return [] }
        return list.elements.filter(\.isObject).map { s in
            let vars = (s["variables"]?.members ?? []).map { m in
                ServerVariable(
                    name: m.key, defaultValue: m.node["default"]?.string,
                    enumValues: m.node["enum"].map { $0.elements.compactMap(\.string) }, node: m.node)
            }
            return Server(url: s["url"]?.string ?? "", node: s, variables: vars)
        }
    }
}

public struct ServerVariable: Sendable {
    public var name: String
    public var defaultValue: String?
    public var enumValues: [String]?
    public var node: Node
}

public struct PathItem: Sendable {
    /// The path template (`/pets/{id}`) or the webhook name.
    public var template: String
    /// Where the key is written (the member of `paths`).
    public var node: Node
    public var isWebhook: Bool
    public var parameters: [Parameter]
    public var operations: [Operation]
}

public struct Operation: Sendable {
    public static let methods30 = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
    public static let methods20 = ["get", "put", "post", "delete", "options", "head", "patch"]

    public var method: String
    public var path: String
    public var node: Node
    public var operationId: String?
    /// Path-level parameters merged with the operation's (the operation wins on name + in).
    public var parameters: [Parameter]
    /// The operation's own parameters only.
    public var ownParameters: [Parameter]
    public var requestBody: RequestBody?
    public var responses: [Response]
    /// `security` of the operation (nil when absent: the top-level one applies).
    public var security: [SecurityRequirement]?
    public var callbacks: [(name: String, paths: [PathItem])]
}

public struct Parameter: Sendable {
    public var name: String?
    public var location: String?
    public var required: Bool
    /// The resolved parameter object.
    public var node: Node
    /// Where it is listed (the reference object when it is a `$ref`).
    public var site: Node
    public var schema: Node?
}

public struct RequestBody: Sendable {
    public var node: Node
    public var required: Bool
    public var content: [MediaType]
}

public struct MediaType: Sendable {
    public var name: String
    public var node: Node
    public var schema: Node?
}

public struct Response: Sendable {
    public enum Status: Sendable, Equatable {
        case code(Int)
        /// `2XX` → range(2).
        case range(Int)
        case `default`
        case invalid
    }

    public var key: String
    public var status: Status
    public var node: Node
    public var headers: [(name: String, node: Node)]
    public var content: [MediaType]

    public static func status(of key: String) -> Status {
        if key == "default" { return .default }
        var key = key
        return key.withUTF8 { u -> Status in
            guard u.count == 3, (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(u[0]) else { return .invalid }
            let hundreds = Int(u[0] - 48)
            if u[1] == UInt8(ascii: "X") && u[2] == UInt8(ascii: "X") { return .range(hundreds) }
            let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
            guard digits.contains(u[1]), digits.contains(u[2]) else { return .invalid }
            return .code(hundreds * 100 + Int(u[1] - 48) * 10 + Int(u[2] - 48))
        }
    }

    public var isSuccess: Bool {
        switch status {
        case .code(let c): (200..<400).contains(c)
        case .range(let r): r == 2 || r == 3
        default: false
        }
    }
}

public struct SecurityScheme: Sendable {
    public var name: String
    public var type: String?
    public var node: Node
    /// Scopes an oauth2 scheme defines (all flows); nil for other types.
    public var scopes: Set<String>?
}

public struct SecurityRequirement: Sendable {
    public var node: Node
    public var entries: [(scheme: String, scopes: [String], node: Node)]
}

extension APIDescription {
    /// Slots: in, name, required, schema.
    static let parameterFields = KeyList(["in", "name", "required", "schema"])
    /// Slots: the methods in `Operation.methods…` order, then `parameters`.
    static let pathItemFields20 = KeyList(Operation.methods20 + ["parameters"])
    static let pathItemFields30 = KeyList(Operation.methods30 + ["parameters"])
    enum OperationField: Int, CaseIterable {
        case parameters, requestBody, responses, callbacks, operationId, security
    }
    static let operationFields = KeyList(OperationField.allCases.map { String(describing: $0) })
    /// With this many path items or more, `init(workspace:)` builds them on two threads.
    static let parallelPathItems = 64

    /// Builds the model. Unresolvable references are skipped here (the linter reports them).
    public init(workspace: Workspace) {
        let builder = Builder(workspace: workspace)
        if builder.pathItemCount >= APIDescription.parallelPathItems {
            // Following the path items' references loads most files of a multi-file description.
            let helper = BackgroundTask { builder.help() }
            self = builder.build()
            helper.wait()
        } else {
            self = builder.build()
        }
    }

    /// Builds a model with the path items taken one at a time by any number of threads: each
    /// calls `help()`, and one calls `build()`, which helps too and then waits for the items
    /// the others took. (The linter's walkers help once their walks are done: the model's
    /// `$ref`s load files too, and on a description of 1,000 files it was the last to finish.)
    public final class Builder: @unchecked Sendable {
        private let reader: Reader
        private let entries: [(key: String, node: Node)]
        /// The path items by entry, each written once by the thread that took the entry.
        private let items: UnsafeMutablePointer<PathItem?>
        private let next = Atomic<Int>(0)
        private let done = Atomic<Int>(0)
        /// Asked before each path item: true leaves the rest unread (a linter that stops at its
        /// first error has no use for the model).
        private let stopWhen: (@Sendable () -> Bool)?

        public init(workspace: Workspace, stopWhen: (@Sendable () -> Bool)? = nil) {
            self.stopWhen = stopWhen
            reader = Reader(workspace: workspace)
            var entries: [(key: String, node: Node)] = []
            if let paths = workspace.root.root["paths"], paths.isObject {
                entries.reserveCapacity(paths.value.count)
                paths.forEachMember { key, node in if !key.hasPrefix("x-") { entries.append((key, node)) } }
            }
            self.entries = entries
            items = .allocate(capacity: max(entries.count, 1))
            items.initialize(repeating: nil, count: entries.count)
        }

        deinit {
            items.deinitialize(count: entries.count)
            items.deallocate()
        }

        public var pathItemCount: Int { entries.count }

        /// Builds path items until none is left to take.
        public func help() {
            let memo = Reader.Memo()
            while true {
                let n = next.add(1, ordering: .relaxed).oldValue
                guard n < entries.count else { return }
                if stopWhen?() != true {
                    items[n] = reader.pathItem(entries[n].key, entries[n].node, webhook: false, memo: memo)
                }
                done.add(1, ordering: .releasing)
            }
        }

        /// Helps, waits for the path items other threads took, and assembles the model.
        public func build() -> APIDescription {
            help()
            // Each other helper has at most the one item it took left to finish: yield, not sleep.
            while done.load(ordering: .acquiring) < entries.count { sched_yield() }
            let paths = (0..<entries.count).compactMap { items[$0] }
            return APIDescription(reader: reader, paths: paths)
        }
    }

    /// Reads path items, operations and the objects they use, following references.
    struct Reader: Sendable {
        let ws: Workspace
        let v2: Bool
        let methods: [String]
        let pathItemFields: KeyList

        init(workspace: Workspace) {
            ws = workspace
            v2 = workspace.version.isSwagger2
            methods = v2 ? Operation.methods20 : Operation.methods30
            pathItemFields = v2 ? APIDescription.pathItemFields20 : APIDescription.pathItemFields30
        }

        func deref(_ n: Node?) -> Node? { n.flatMap { ws.target($0) } }

        /// What one thread has read of objects that many operations reference (large multi-file
        /// descriptions point every operation at the same few response files, each with the
        /// same headers): read once per thread, by the target's identity.
        final class Memo {
            var responses: [UInt64: (headers: [(name: String, node: Node)], content: [MediaType])] = [:]
            /// Callback objects whose path items are being read: one that leads back to itself
            /// (`$ref: '#/paths'` inside a path item) is read once, not forever.
            var callbacksOpen: [UInt64] = []
        }

        // Built member by member: `members` and `elements` build arrays the model would copy.
        func requirements(_ n: Node?) -> [SecurityRequirement]? {
            guard let n, n.kind == .array else { return nil }
            var result: [SecurityRequirement] = []
            result.reserveCapacity(n.value.count)
            n.forEachElement { _, req in
                guard req.isObject else { return }
                var entries: [(scheme: String, scopes: [String], node: Node)] = []
                entries.reserveCapacity(req.value.count)
                req.forEachMember { scheme, scopes in
                    var names: [String] = []
                    scopes.value.forEachElement { _, scope in if let name = scope.string { names.append(name) } }
                    entries.append((scheme, names, scopes))
                }
                result.append(SecurityRequirement(node: req, entries: entries))
            }
            return result
        }

        func mediaTypes(_ content: Node?) -> [MediaType] {
            guard let content = deref(content), content.isObject else { return [] }
            var result: [MediaType] = []
            result.reserveCapacity(content.value.count)
            content.forEachMember { name, site in
                guard let node = deref(site), node.isObject else { return }
                result.append(MediaType(name: name, node: node, schema: node["schema"]))
            }
            return result
        }

        // Objects read field by field are scanned once for all their fields (`KeyedMembers`).
        func parameters(_ list: Node?) -> [Parameter] {
            guard let list, list.kind == .array else { return [] }
            var result: [Parameter] = []
            list.forEachElement { _, site in
                guard let p = ws.target(site), p.isObject else { return }
                let fields = KeyedMembers(p.value, APIDescription.parameterFields)
                result.append(Parameter(
                    name: fields[1]?.string, location: fields[0]?.string, required: fields[2]?.bool ?? false,
                    node: p, site: site, schema: fields[3].map { p.node($0) }))
            }
            return result
        }

        func pathItem(_ key: String, _ site: Node, webhook: Bool, memo: Memo = Memo()) -> PathItem? {
            guard let item = deref(site), item.isObject else { return nil }
            let itemFields = KeyedMembers(item.value, pathItemFields)
            // A 2.0/3.0 Path Item may also carry `$ref` beside its operations.
            let shared = parameters(itemFields[methods.count].map { item.node($0) })
            var ops: [Operation] = []
            for (slot, method) in methods.enumerated() {
                // An operation written as a $ref is not allowed (the linter says so), but follow it
                // so the other rules still see the operation.
                guard let opNode = deref(itemFields[slot].map { item.node($0) }), opNode.isObject else { continue }
                let opFields = KeyedMembers(opNode.value, APIDescription.operationFields)
                func field(_ f: OperationField) -> Node? { opFields[f.rawValue].map { opNode.node($0) } }
                let own = parameters(field(.parameters))
                var merged = own
                for p in shared where !own.contains(where: { $0.name == p.name && $0.location == p.location }) {
                    merged.append(p)
                }
                var body: RequestBody?
                if v2 {
                    if let b = merged.first(where: { $0.location == "body" }) {
                        body = RequestBody(node: b.node, required: b.required, content: [
                            MediaType(name: "application/json", node: b.node, schema: b.schema)
                        ])
                    }
                } else if let rb = deref(field(.requestBody)), rb.isObject {
                    body = RequestBody(node: rb, required: rb["required"]?.bool ?? false, content: mediaTypes(rb["content"]))
                }
                var responses: [Response] = []
                if let rs = field(.responses), rs.isObject {
                    responses.reserveCapacity(rs.value.count)
                    rs.forEachMember { key, site in
                        guard !key.hasPrefix("x-"), let r = deref(site), r.isObject else { return }
                        let read = memo.responses[r.key.word] ?? {
                            var headers: [(name: String, node: Node)] = []
                            if let list = r["headers"], list.isObject {
                                headers.reserveCapacity(list.value.count)
                                list.forEachMember { name, header in headers.append((name, ws.target(header) ?? header)) }
                            }
                            let content: [MediaType] = v2
                                ? (r["schema"].map { [MediaType(name: "application/json", node: r, schema: $0)] } ?? [])
                                : mediaTypes(r["content"])
                            memo.responses[r.key.word] = (headers, content)
                            return (headers, content)
                        }()
                        responses.append(Response(key: key, status: Response.status(of: key), node: r, headers: read.headers, content: read.content))
                    }
                }
                var callbacks: [(String, [PathItem])] = []
                if let cbs = field(.callbacks), cbs.isObject {
                    for cb in cbs.members {
                        guard let c = deref(cb.node), c.isObject, !memo.callbacksOpen.contains(c.key.word) else { continue }
                        memo.callbacksOpen.append(c.key.word)
                        callbacks.append((cb.key, c.members.filter { !$0.key.hasPrefix("x-") }.compactMap { pathItem($0.key, $0.node, webhook: true, memo: memo) }))
                        memo.callbacksOpen.removeLast()
                    }
                }
                ops.append(Operation(
                    method: method, path: key, node: opNode, operationId: opFields[OperationField.operationId.rawValue]?.string,
                    parameters: merged, ownParameters: own, requestBody: body, responses: responses,
                    security: requirements(field(.security)), callbacks: callbacks))
            }
            return PathItem(template: key, node: site, isWebhook: webhook, parameters: shared, operations: ops)
        }
    }

    private init(reader: Reader, paths: [PathItem]) {
        let ws = reader.ws
        let v2 = reader.v2
        version = ws.version
        root = ws.root.root
        self.paths = paths
        if let hooks = root["webhooks"], hooks.isObject {
            webhooks = hooks.members.compactMap { reader.pathItem($0.key, $0.node, webhook: true) }
        }
        security = reader.requirements(root["security"])

        if v2 {
            if let host = root["host"]?.string {
                let scheme = root["schemes"]?[0]?.string ?? "https"
                servers = [Server(url: "\(scheme)://\(host)\(root["basePath"]?.string ?? "")", node: root["host"]!, variables: [])]
            }
            for section in ["definitions", "parameters", "responses", "securityDefinitions"] {
                if let s = root[section], s.isObject { components[section] = s.members.map { ($0.key, $0.node) } }
            }
        } else {
            if let list = root["servers"] { servers = Server.list(list) }
            if let c = root["components"], c.isObject {
                for s in c.members where s.node.isObject && !s.key.hasPrefix("x-") {
                    components[s.key] = s.node.members.map { ($0.key, $0.node) }
                }
            }
        }
        let schemeSection = v2 ? root["securityDefinitions"] : root["components"]?["securitySchemes"]
        if let schemes = schemeSection, schemes.isObject {
            securitySchemes = schemes.members.map { m in
                let s = ws.target(m.node) ?? m.node
                var scopes: Set<String>?
                let type = s["type"]?.string
                if type == "oauth2" {
                    var all = Set<String>()
                    if v2 {
                        for k in s["scopes"]?.members ?? [] { all.insert(k.key) }
                    } else {
                        for flow in s["flows"]?.members ?? [] {
                            for k in flow.node["scopes"]?.members ?? [] { all.insert(k.key) }
                        }
                    }
                    scopes = all
                }
                return SecurityScheme(name: m.key, type: type, node: s, scopes: scopes)
            }
        }
    }
}
