// libFuzzer entry point for the JSON parser. Build and run with ../run.sh.
// Every input that parses must satisfy the invariants in FuzzChecks (round trip through
// serialization, equality and hashing, JSON Pointer addressing, tape and number views).

import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzChecks.fuzzJSON(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
