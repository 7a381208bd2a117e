// libFuzzer entry point for the YAML loader. Build and run with ../run.sh.
// Every input that loads must serialize to JSON that parses back to an equal document
// (see FuzzChecks); errors must carry a message and a position. On top of that, the
// hand-written fast path must agree with libyaml: whenever it does not give up, libyaml
// accepts the input too and builds the identical tape, scalar text and positions.

import FuzzChecks

@testable import JSONDocument

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    FuzzChecks.fuzzYAML(bytes)
    checkFastPathAgreesWithLibYAML(bytes)
    return 0
}

func checkFastPathAgreesWithLibYAML(_ bytes: [UInt8]) {
    guard let fast = JSONDocument.parseYAMLFast(bytes) else { return }
    let reference: JSONDocument
    do {
        reference = try JSONDocument.parseYAMLWithLibYAML(bytes)
    } catch {
        preconditionFailure("the fast YAML path accepted an input libyaml rejects: \(error)")
    }
    precondition(
        fast.nodeCount == reference.nodeCount, "fast path: \(fast.nodeCount) nodes, libyaml: \(reference.nodeCount)")
    for i in 0..<fast.nodeCount {
        precondition(fast.tape[i] == reference.tape[i], "tape node \(i) differs from libyaml's")
        precondition(
            fast.location(ofNode: i) == reference.location(ofNode: i),
            "node \(i) at \(fast.location(ofNode: i)), libyaml says \(reference.location(ofNode: i))")
    }
    precondition(fast.storage == reference.storage, "scalar text differs from libyaml's")
    var fastJSON: [UInt8] = []
    var referenceJSON: [UInt8] = []
    fast.withReader { JSONWriter.write(reader: $0, index: 0, into: &fastJSON) }
    reference.withReader { JSONWriter.write(reader: $0, index: 0, into: &referenceJSON) }
    precondition(fastJSON == referenceJSON, "JSON output differs from libyaml's")
}
