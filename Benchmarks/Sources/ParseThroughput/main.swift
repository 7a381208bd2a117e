// parse-throughput: MB/s of JSONDocument on the shared benchmark inputs, measured with
// the protocol of ../shared/bench/peers/json_parse_bench.py so the numbers compare
// directly with the Python-bound peers (see ../compare_parse.py):
//
//   - the input bytes are read before timing;
//   - per round: 3 untimed warm-up parses, then parses timed one by one until at least
//     0.5 s have passed and at least 10 parses were done; the round keeps the median;
//   - the reported figure is the median of the round medians;
//   - MB/s = input bytes / median seconds / 1e6.
//
// Usage: parse-throughput [--rounds N] [--inputs a,b,...] [--min-seconds S]
// Output (stdout): CSV `input,bytes,median_ns,mb_per_s`, one row per input.

import BenchInputs
import JSONDocument

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

func usage() -> Never {
    BenchInputs.fail(
        "usage: parse-throughput [--rounds N] [--inputs \(BenchInputs.allNames.joined(separator: ","))] "
            + "[--min-seconds S]")
}

var rounds = 1
var inputNames: [String] = []
var minSeconds = 0.5
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--rounds":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), value > 0 else { usage() }
        rounds = value
    case "--inputs":
        guard let value = arguments.popFirst() else { usage() }
        inputNames = value.split(separator: ",").map(String.init)
    case "--min-seconds":
        guard let value = arguments.popFirst().flatMap({ Double($0) }), value >= 0 else { usage() }
        minSeconds = value
    case "-h", "--help":
        usage()
    default:
        usage()
    }
}

@inline(__always) func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

/// Same definition as Python's `statistics.median` (mean of the middle two when even).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Keeps the parse results observable so the optimizer cannot drop the work.
nonisolated(unsafe) var sink = 0

/// One parse of the input as the Python harness defines it (a whole document, or every line).
func parseOnce(_ input: BenchInputs.Input) {
    do {
        switch input.kind {
        case .json(let bytes):
            sink &+= try JSONDocument.parse(bytes).nodeCount
        case .jsonLines(let lines):
            for line in lines { sink &+= try JSONDocument.parse(line).nodeCount }
        case .yaml(let bytes):
            sink &+= try JSONDocument.parseYAML(bytes).nodeCount
        }
    } catch {
        BenchInputs.fail("\(input.name): parse failed: \(error)")
    }
}

func oneRound(_ input: BenchInputs.Input, minSeconds: Double) -> Double {
    for _ in 0..<3 { parseOnce(input) }
    var times: [Double] = []
    let budgetEnd = now() + UInt64(minSeconds * 1e9)
    while times.count < 10 || now() < budgetEnd {
        let start = now()
        parseOnce(input)
        times.append(Double(now() - start))
    }
    return median(times)
}

let inputs = BenchInputs.load(inputNames)
var roundMedians = [[Double]](repeating: [], count: inputs.count)
// Rounds are the outer loop, as in the Python harness's interleaving across parsers.
for _ in 0..<rounds {
    for (i, input) in inputs.enumerated() {
        roundMedians[i].append(oneRound(input, minSeconds: minSeconds))
    }
}

print("input,bytes,median_ns,mb_per_s")
for (i, input) in inputs.enumerated() {
    let ns = median(roundMedians[i])
    let mbPerSecond = Double(input.byteCount) / (ns / 1e9) / 1e6
    let rounded = (mbPerSecond * 10).rounded() / 10
    print("\(input.name),\(input.byteCount),\(Int(ns.rounded())),\(rounded)")
}
if sink == 42 { print("", terminator: "") }
