import JSONDocument
import OpenAPIModel

/// Rules over the whole description (the typed model), run after the walk.
extension Walker {
    func semanticRules(_ api: APIDescription) {
        pathRules(api)
        semanticRulesBesidePaths(api)
    }

    /// The whole-API rules other than `pathRules` (the linter runs the two on two threads).
    func semanticRulesBesidePaths(_ api: APIDescription) {
        operationIds(api)
        securityRules(api)
        if !is2 { serverVariables(api) }
        successResponses(api)
    }

    func operationIds(_ api: APIDescription) {
        var seen: [String: Operation] = [:]
        for op in api.operations(includingWebhooks: true) {
            guard let id = op.operationId, let idNode = op.node["operationId"] else { continue }
            if let first = seen[id] {
                report("operation-operationId-unique", idNode,
                    "operationId '\(id)' is already used by \(first.method.uppercased()) \(first.path) (line \(first.node.line))")
            } else {
                seen[id] = op
            }
        }
    }

    /// Variable names of a path template; nil entries are empty `{}`.
    static func templateVariables(_ path: String) -> [String] {
        // On bytes ({ and } are ASCII; names are copied whole).
        var names: [String] = []
        var path = path
        path.withUTF8 { bytes in
            var start: Int?
            for (i, b) in bytes.enumerated() {
                if b == UInt8(ascii: "{") {
                    start = i + 1
                } else if b == UInt8(ascii: "}") {
                    if let s = start { names.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<i]), as: UTF8.self)) }
                    start = nil
                }
            }
        }
        return names
    }

    /// The template with every variable replaced by `{}`: equivalent paths have the same shape.
    static func templateShape(_ path: String) -> String {
        var path = path
        return path.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var inVariable = false
            for b in bytes {
                if b == UInt8(ascii: "{") {
                    inVariable = true
                    out.append(b)
                    out.append(UInt8(ascii: "}"))
                } else if b == UInt8(ascii: "}") {
                    inVariable = false
                } else if !inVariable {
                    out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    func pathRules(_ api: APIDescription) {
        var shapes: [String: PathItem] = [:]
        for item in api.paths {
            let keyNode = item.node
            let variables = Self.templateVariables(item.template)
            var seenVars = Set<String>()
            for v in variables {
                if v.isEmpty { report("path-params", keyNode, "path '\(item.template)' has an empty template variable '{}'") }
                else if !seenVars.insert(v).inserted {
                    report("path-params", keyNode, "path '\(item.template)' uses the variable '{\(v)}' more than once")
                }
            }
            // Equivalent templates: `/a/{x}` and `/a/{y}`.
            let shape = Self.templateShape(item.template)
            if let other = shapes[shape] {
                report("path-params", keyNode, "path '\(item.template)' is equivalent to '\(other.template)' (line \(other.node.line)): they differ only in variable names")
            } else {
                shapes[shape] = item
            }
            // Duplicates among the path-level parameters.
            duplicateParameters(item.parameters, where_: "path item '\(item.template)'")
            for op in item.operations {
                duplicateParameters(op.ownParameters, where_: "\(op.method.uppercased()) \(item.template)")
                let declared = op.parameters.filter { $0.location == "path" }
                for v in Set(variables) where !v.isEmpty && !declared.contains(where: { $0.name == v }) {
                    report("path-params", op.node, "\(op.method.uppercased()) \(item.template) does not declare the path parameter '\(v)' (add a parameter with name '\(v)' and in: path)")
                }
                for p in declared where p.name.map({ !variables.contains($0) }) ?? false {
                    // Report once for path-level parameters (at their site), per operation otherwise.
                    if op.ownParameters.contains(where: { $0.site.key == p.site.key }) || op.method == item.operations.first?.method {
                        report("path-params", p.site, "path parameter '\(p.name!)' is not in the path template '\(item.template)'")
                    }
                }
                if is2 {
                    let bodies = op.parameters.filter { $0.location == "body" }
                    if bodies.count > 1 {
                        report("operation-parameters", bodies[1].site, "\(op.method.uppercased()) \(item.template) has more than one body parameter")
                    }
                    if !bodies.isEmpty, let form = op.parameters.first(where: { $0.location == "formData" }) {
                        report("operation-parameters", form.site, "\(op.method.uppercased()) \(item.template) has both body and formData parameters")
                    }
                }
            }
        }
    }

    func duplicateParameters(_ list: [Parameter], where_: @autoclosure () -> String) {
        guard list.count > 1 else { return }  // most operations: no key to build
        var seen = Set<String>()
        for p in list {
            guard let name = p.name, let location = p.location else { continue }
            // Header names are case-insensitive.
            let key = location + ":" + (location == "header" ? name.lowercased() : name)
            if !seen.insert(key).inserted {
                report("operation-parameters", p.site, "\(where_()) declares the \(location) parameter '\(name)' more than once")
            }
        }
    }

    func securityRules(_ api: APIDescription) {
        let rule = is2 ? "oas2-operation-security-defined" : "oas3-operation-security-defined"
        let schemes = Dictionary(api.securitySchemes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let section = is2 ? "securityDefinitions" : "components.securitySchemes"
        var lists: [[SecurityRequirement]] = []
        if let s = api.security { lists.append(s) }
        for op in api.operations(includingWebhooks: true) { if let s = op.security { lists.append(s) } }
        for list in lists {
            for requirement in list {
                for entry in requirement.entries {
                    guard let scheme = schemes[entry.scheme] else {
                        report(rule, entry.node, "security scheme '\(entry.scheme)' is not defined in \(section)")
                        continue
                    }
                    guard let defined = scheme.scopes else { continue }
                    for (i, scope) in entry.scopes.enumerated() where !defined.contains(scope) {
                        report(rule, entry.node[i] ?? entry.node, "scope '\(scope)' is not defined by the oauth2 scheme '\(entry.scheme)'")
                    }
                }
            }
        }
    }

    func serverVariables(_ api: APIDescription) {
        var servers = api.servers
        for item in api.paths {
            if let target = ws.target(item.node), let list = target["servers"], list.kind == .array {
                servers += serversIn(list)
            }
            for op in item.operations { if let list = op.node["servers"], list.kind == .array { servers += serversIn(list) } }
        }
        for server in servers {
            let used = Self.templateVariables(server.url)
            for name in Set(used) where !server.variables.contains(where: { $0.name == name }) {
                report("oas3-server-variables", server.node["url"] ?? server.node, "server URL '\(server.url)' uses '{\(name)}' but 'variables' does not define it")
            }
            for variable in server.variables {
                if !used.contains(variable.name) {
                    report("oas3-server-variables", variable.node, "server variable '\(variable.name)' is not used in the URL '\(server.url)'", severity: .warning)
                }
                if let values = variable.enumValues, let d = variable.defaultValue, !values.isEmpty, !values.contains(d) {
                    report("oas3-server-variables", variable.node["default"] ?? variable.node, "default '\(d)' of server variable '\(variable.name)' is not one of its enum values: \(values.joined(separator: ", "))")
                }
            }
        }
    }

    func serversIn(_ list: Node) -> [Server] { Server.list(list) }

    func successResponses(_ api: APIDescription) {
        for op in api.operations(includingWebhooks: false) {
            guard let responses = op.node["responses"], responses.isObject else { continue }
            if !op.responses.contains(where: \.isSuccess) {
                report("operation-success-response", responses, "\(op.method.uppercased()) \(op.path) has no 2XX or 3XX response")
            }
        }
    }

    // MARK: Unused components

    func unusedComponents(_ api: APIDescription) {
        let rule = is2 ? "oas2-unused-definition" : "oas3-unused-component"
        for (section, entries) in api.components where section != "securitySchemes" && section != "securityDefinitions" {
            for entry in entries where !referenced.contains(entry.node.key.word) {
                report(rule, entry.node, "\(is2 ? section : "components.\(section)") '\(entry.name)' is never referenced")
            }
        }
    }

    // MARK: Duplicate keys

    /// Every file loaded: objects with the same key twice (JSON and YAML parsers keep both).
    /// Duplicate keys in the loaded files whose ids `include` accepts (all by default).
    func duplicateKeys(include: (Int) -> Bool = { _ in true }) {
        for file in ws.files where include(file.id) {
            // Found as the file loaded when the workspace was asked to (`scanDuplicateKeys`).
            for keyIndex in file.duplicateKeys ?? file.document.duplicateKeyNodes() {
                let name = file.document.withReader { String(decoding: $0.string(keyIndex), as: UTF8.self) }
                let loc = file.document.location(ofNode: keyIndex)
                findings.append(Finding(
                    rule: "duplicate-key", severity: .error,
                    message: "key '\(name)' appears more than once in this mapping; only the last one counts",
                    file: file.path, pointer: file.document.pointer(ofNode: keyIndex), line: loc.line, column: loc.column))
                stop?.consider(findings[findings.count - 1])
            }
        }
    }
}
