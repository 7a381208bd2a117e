// Invariants the fuzzers assert on every input that parses. A broken invariant stops
// the fuzzer through `precondition`, which libFuzzer records as a crash with the input.

import JSONDocument

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum FuzzChecks {
    /// Nodes whose pointer, position and number checks run per input (keeps each run fast
    /// when alias expansion or a large input makes a big document).
    static let nodeBudget = 2_000

    /// Options for re-parsing our own output: the depth limit is not under test there.
    static let reparseOptions = JSONParseOptions(maxDepth: 100_000)

    // MARK: Entry points

    /// JSON: parse, then check the document; also a low depth limit and JSON Lines.
    public static func fuzzJSON(_ bytes: [UInt8]) {
        let parsed: JSONDocument?
        do {
            parsed = try JSONDocument.parse(bytes)
        } catch {
            checkError(error, inputCount: bytes.count)
            parsed = nil
        }
        if let parsed { checkDocument(parsed, json: bytes) }

        // A tighter depth limit may only turn success into failure, never change the result.
        do {
            let shallow = try JSONDocument.parse(bytes, options: JSONParseOptions(maxDepth: 4))
            guard let parsed else { preconditionFailure("accepted with maxDepth 4 but rejected by default") }
            precondition(serialize(shallow) == serialize(parsed), "maxDepth changed the parsed document")
        } catch {
            checkError(error, inputCount: bytes.count)
        }

        // JSON Lines: every line that parses must survive a round trip.
        var lines = 0
        for entry in JSONLines(bytes) {
            precondition(entry.line >= 1, "JSON Lines line number \(entry.line)")
            if case .success(let document) = entry.result { checkRoundTrip(document, mayHoldNaN: false) }
            lines += 1
            if lines == 64 { break }
        }
    }

    /// YAML: load, then check the document (its JSON serialization must be valid JSON).
    public static func fuzzYAML(_ bytes: [UInt8]) {
        do {
            let document = try JSONDocument.parseYAML(bytes)
            checkDocument(document, json: nil)
        } catch {
            precondition(error.line >= 0 && error.column >= 0, "YAML error position \(error.line):\(error.column)")
            precondition(!error.message.isEmpty, "empty YAML error message")
        }
    }

    // MARK: Invariants

    static func checkError(_ error: JSONParseError, inputCount: Int) {
        precondition(error.offset >= 0 && error.offset <= inputCount, "error offset \(error.offset) outside input")
        precondition(error.line >= 1 && error.column >= 1, "error position \(error.line):\(error.column)")
        precondition(!error.message.isEmpty, "empty error message")
    }

    /// Every check on a parsed document. `json` is the input when it was JSON.
    static func checkDocument(_ document: JSONDocument, json: [UInt8]?) {
        precondition(document.nodeCount >= 1, "empty tape")
        let mayHoldNaN = json == nil && containsNaN(document, 0)
        checkRoundTrip(document, mayHoldNaN: mayHoldNaN)
        checkTape(document, json: json)
        var budget = nodeBudget
        checkPointers(root: document.root, value: document.root, tokens: [], budget: &budget)
    }

    /// Serialization → re-parse gives an equal document, with the same hash, and serializing
    /// again gives the same bytes.
    static func checkRoundTrip(_ document: JSONDocument, mayHoldNaN: Bool) {
        let text = serialize(document)
        let again: JSONDocument
        do {
            again = try JSONDocument.parse(text, options: reparseOptions)
        } catch {
            preconditionFailure("serialized document does not parse: \(error)\n\(String(decoding: text, as: UTF8.self))")
        }
        precondition(again.nodeCount == document.nodeCount, "node count changed by a round trip")
        precondition(serialize(again) == text, "serialization is not stable across a round trip")
        // NaN (YAML `.nan`) is written as null and is not equal to itself, so skip equality then.
        guard !mayHoldNaN else { return }
        precondition(document.root == document.root, "document not equal to itself")
        precondition(again.root == document.root, "re-parsed document differs from the original")
        precondition(document.root == again.root, "equality is not symmetric")
        precondition(again.root.hashValue == document.root.hashValue, "equal documents hash differently")
    }

    /// Tape structure, positions, and (for JSON) offsets and number values.
    static func checkTape(_ document: JSONDocument, json: [UInt8]?) {
        document.withReader { r in
            // Container ends are monotonic and within the tape; children counts add up.
            let limit = min(r.nodeCount, nodeBudget)
            for i in 0..<limit {
                let next = r.next(i)
                precondition(next > i && next <= r.nodeCount, "next(\(i)) = \(next)")
                switch r.kind(i) {
                case .array:
                    var seen = 0
                    r.forEachElement(i) { e, position in
                        precondition(e > i && e < next && position == seen, "bad element \(e) of \(i)")
                        seen += 1
                        return true
                    }
                    precondition(seen == r.count(i), "array count mismatch at \(i)")
                case .object:
                    var seen = 0
                    r.forEachMember(i) { k, v in
                        precondition(k > i && v > k && v < next && r.kind(k) == .string, "bad member of \(i)")
                        seen += 1
                        return true
                    }
                    precondition(seen == r.count(i), "object count mismatch at \(i)")
                case .number:
                    checkNumber(r, i, json: json, offset: document.value(at: i).byteOffset ?? 0)
                default:
                    break
                }
                // Line/column scan from the line start, so only a few nodes per input.
                if i < 32 {
                    let location = document.location(ofNode: i)
                    precondition(location.line >= 1 && location.column >= 1, "node \(i) at \(location)")
                    if json != nil {
                        precondition(location.offset == document.value(at: i).byteOffset, "node \(i) offset mismatch")
                    }
                }
                if let json {
                    guard let offset = document.value(at: i).byteOffset else { preconditionFailure("JSON node without offset") }
                    precondition(offset < json.count, "node \(i) offset \(offset) past the input")
                    let c = json[offset]
                    let ok: Bool
                    switch r.kind(i) {
                    case .null: ok = c == UInt8(ascii: "n")
                    case .boolean: ok = c == UInt8(ascii: "t") || c == UInt8(ascii: "f")
                    case .number: ok = c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39)
                    case .string: ok = c == UInt8(ascii: "\"")
                    case .array: ok = c == UInt8(ascii: "[")
                    case .object: ok = c == UInt8(ascii: "{")
                    }
                    precondition(ok, "node \(i) (\(r.kind(i))) starts at byte \(c)")
                }
            }
        }
    }

    /// A number equals itself; for JSON, the Double and Int64 views agree with the standard
    /// library's reading of the literal as written in the input.
    static func checkNumber(_ r: DocumentReader, _ i: Int, json: [UInt8]?, offset: Int) {
        let number = r.number(i)
        precondition(
            number.doubleValue.isNaN || JSONNumber.compare(number, number) == 0, "number not equal to itself")
        guard let json else { return }
        var end = offset
        while end < json.count, json[end] == UInt8(ascii: "-") || json[end] == UInt8(ascii: "+")
            || json[end] == UInt8(ascii: ".") || json[end] | 0x20 == UInt8(ascii: "e")
            || (json[end] >= 0x30 && json[end] <= 0x39)
        {
            end += 1
        }
        let text = String(decoding: json[offset..<end], as: UTF8.self)
        precondition(!text.isEmpty, "JSON number node without a literal at its offset")
        if let expected = Double(text) {
            precondition(r.double(i) == expected, "\(text) read as \(r.double(i)), expected \(expected)")
            precondition(number.doubleValue == expected, "\(text) has doubleValue \(number.doubleValue)")
        }
        let literalIsInteger = !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") })
        if literalIsInteger {
            precondition(r.isInteger(i), "\(text) not reported as an integer")
            if let exact = Int64(text) {
                precondition(r.int64(i) == exact, "\(text) read as \(String(describing: r.int64(i)))")
            }
        }
    }

    /// Builds the pointer of every node (up to the budget) and resolves it back to that node.
    /// Members shadowed by a later duplicate key are not addressable, so only the last
    /// occurrence of a key is followed.
    static func checkPointers(root: JSONValue, value: JSONValue, tokens: [String], budget: inout Int) {
        guard budget > 0 else { return }
        budget -= 1
        let pointer = JSONPointer.pointer(tokens)
        let split = JSONPointer.tokens(pointer)
        precondition(
            split == tokens,
            "pointer \(pointer) splits into \(String(describing: split?.map { Array($0.utf8) })), "
                + "not \(tokens.map { Array($0.utf8) })")
        guard let resolved = root.resolve(pointer: pointer) else {
            preconditionFailure("pointer \(pointer) does not resolve")
        }
        precondition(resolved.index == value.index, "pointer \(pointer) resolves to node \(resolved.index), not \(value.index)")
        switch value.kind {
        case .array:
            for (position, element) in value.elements.enumerated() {
                precondition(value[position]?.index == element.index, "element \(position) lookup")
                checkPointers(root: root, value: element, tokens: tokens + [String(position)], budget: &budget)
                if budget <= 0 { return }
            }
        case .object:
            let members = value.members
            var last: [String: Int32] = [:]
            for member in members { last[member.key] = member.value.index }
            precondition(value.duplicateKeys.count == members.count - last.count, "duplicate key count")
            for member in members where last[member.key] == member.value.index {
                precondition(value[member.key]?.index == member.value.index, "lookup of \(member.key) is not the last")
                checkPointers(root: root, value: member.value, tokens: tokens + [member.key], budget: &budget)
                if budget <= 0 { return }
            }
        default:
            break
        }
    }

    // MARK: Helpers

    public static func serialize(_ document: JSONDocument) -> [UInt8] {
        var out: [UInt8] = []
        document.withReader { JSONWriter.write(reader: $0, index: 0, into: &out) }
        return out
    }

    static func containsNaN(_ document: JSONDocument, _ index: Int) -> Bool {
        document.withReader { r in
            for i in 0..<r.nodeCount where r.kind(i) == .number && r.double(i).isNaN { return true }
            return false
        }
    }
}
