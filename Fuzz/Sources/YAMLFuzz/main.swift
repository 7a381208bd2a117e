// libFuzzer entry point for the YAML loader. Build and run with ../run.sh.
// Every input that loads must serialize to JSON that parses back to an equal document
// (see FuzzChecks); errors must carry a message and a position.

import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzChecks.fuzzYAML(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
