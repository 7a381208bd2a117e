import JSONDocument
import OpenAPIModel
import Synchronization

/// `--fail-fast`: the lint stops at the first finding the report will keep at or above the
/// fail severity, instead of finding every problem.
///
/// Whoever reports a finding asks `consider`; once it answers yes, the walks return at their
/// next object, and the model, the whole-API rules and the example validation are cut short.
/// The findings made so far are then filtered as usual, so the report holds at least that one.
/// A description with no such finding is linted whole: the exit code is the full lint's.
final class LintStop: Sendable {
    let threshold: Severity
    let config: LintConfig
    let workspace: Workspace
    private let stopped = Atomic<Bool>(false)

    init(threshold: Severity, config: LintConfig, workspace: Workspace) {
        self.threshold = threshold
        self.config = config
        self.workspace = workspace
    }

    /// Read at every object a walker enters: a relaxed load of a flag written once.
    var isSet: Bool { stopped.load(ordering: .relaxed) }

    func consider(_ finding: Finding) {
        if !isSet, keeps(finding) { stopped.store(true, ordering: .relaxed) }
    }

    /// Whether the report's filter (`Linter.lint`) will keep `finding` at or above the
    /// threshold. It must never say yes to a finding the filter drops, or the lint would stop
    /// with nothing to show: where it cannot tell cheaply, it says no and the lint goes on.
    func keeps(_ finding: Finding) -> Bool {
        var severity = finding.severity
        if let setting = config.severities[finding.rule] {
            guard let configured = setting else { return false }
            severity = configured
        }
        guard severity >= threshold else { return false }
        guard let file = workspace.files.first(where: { $0.path == finding.file }) else { return false }
        if config.ignores.contains(where: { ignore in
            (ignore.file == nil || ignore.file == file.absolutePath) && Linter.within(finding.pointer, ignore.pointer ?? "")
                && (ignore.rules?.contains(finding.rule) ?? true)
        }) { return false }
        return !mayBeSuppressed(finding.rule, at: finding.pointer, in: file)
    }

    /// An `x-lint-ignore` on any object along the pointer. The walkers note one only on the
    /// objects they visit as OpenAPI objects: this looks at every object on the way, a
    /// superset, so a "no" here is a "no" for the filter too.
    private func mayBeSuppressed(_ rule: String, at pointer: String, in file: SourceFile) -> Bool {
        guard let tokens = JSONPointer.tokens(pointer) else { return true }
        var value: JSONValue? = file.document.root
        var n = 0
        while let current = value {
            if current.kind == .object, let ignore = current["x-lint-ignore"] {
                switch ignore.kind {
                case .string: if ignore.string == rule || ignore.string == "*" || ignore.string == "all" { return true }
                case .array: if ignore.elements.contains(where: { $0.string == rule }) { return true }
                case .boolean: if ignore.bool == true { return true }
                default: break
                }
            }
            guard n < tokens.count else { break }
            value = current.kind == .array ? JSONPointer.arrayIndex(tokens[n]).flatMap { current[$0] } : current[tokens[n]]
            n += 1
        }
        return false
    }
}
