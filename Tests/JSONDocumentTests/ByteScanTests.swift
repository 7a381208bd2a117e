import CByteScan
import JSONDocument
import Testing

/// The vector scans against plain loops, at every length and alignment around the vector width.
struct ByteScanTests {
    struct Scan: CustomTestStringConvertible, Sendable {
        let name: String
        let run: @Sendable (UnsafeBufferPointer<UInt8>) -> Int
        /// Bytes that end the scan, and bytes that do not.
        let stoppers: [UInt8]
        let passing: [UInt8]
        var testDescription: String { name }
    }

    static let scans = [
        Scan(
            name: "printable ASCII prefix", run: { oav_printable_ascii_prefix($0.baseAddress, $0.count) },
            stoppers: [0x00, 0x09, 0x0D, 0x1F, 0x7F, 0x80, 0xC3, 0xFF], passing: [0x20, 0x0A, 0x41, 0x7E, 0x3A]),
        Scan(
            name: "JSON string run", run: { oav_json_string_run($0.baseAddress, $0.count) },
            stoppers: [0x22, 0x5C, 0x00, 0x0A, 0x1F, 0x80, 0xC3, 0xFF], passing: [0x20, 0x21, 0x41, 0x7E, 0x7F, 0x5B]),
        Scan(
            name: "YAML plain scalar stop", run: { oav_yaml_plain_stop($0.baseAddress, $0.count) },
            stoppers: [0x3A, 0x23, 0x0A, 0x0D, 0x00], passing: [0x20, 0x09, 0x41, 0x2D, 0x3B, 0x22, 0x7B, 0xC3, 0xA9]),
    ]

    @Test(arguments: scans)
    func matchesAPlainLoop(_ scan: Scan) {
        // Every stopping byte at every offset of buffers from 0 to 40 bytes, at three alignments.
        var checked = 0
        for length in 0...40 {
            for start in 0..<3 {
                var buffer = [UInt8](repeating: 0, count: start + length)
                for n in buffer.indices { buffer[n] = scan.passing[n % scan.passing.count] }
                #expect(buffer[start...].withUnsafeBufferPointer(scan.run) == length)
                for position in 0..<length {
                    for stopper in scan.stoppers {
                        var copy = buffer
                        copy[start + position] = stopper
                        // A second stopper further on must not matter.
                        if start + position + 5 < copy.count { copy[start + position + 5] = stopper }
                        #expect(copy[start...].withUnsafeBufferPointer(scan.run) == position)
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 3 * scan.stoppers.count * (0...40).reduce(0, +))
    }

    @Test(arguments: ["", "$", "$ref", "$reg", "$re", "$refs", "x-lint-ignore", "x-lint-ignorE", "responses", "résumé"])
    func spellsAgreesWithStringEquality(_ text: String) {
        var bytes = text
        bytes.withUTF8 { bytes in
            for word: StaticString in ["", "$ref", "x-lint-ignore", "responses", "résumé"] {
                #expect(bytes.spells(word) == (text == word.description), "\(text) vs \(word)")
            }
        }
    }

    /// The `memchr` search within a range agrees with a plain scan, at every start and end.
    @Test func firstOffsetWithinARangeAgreesWithAPlainScan() {
        var text = "a#b?c#é?/x"
        text.withUTF8 { bytes in
            for byte in [UInt8(ascii: "#"), UInt8(ascii: "?"), UInt8(ascii: "/"), UInt8(ascii: "z")] {
                for start in 0...bytes.count {
                    for end in start...bytes.count {
                        let plain = (start..<end).first { bytes[$0] == byte }
                        #expect(bytes.firstOffset(of: byte, in: start..<end) == plain, "\(byte) in \(start)..<\(end)")
                    }
                }
            }
        }
        #expect(text.utf8Offset(of: UInt8(ascii: "?")) == 3)
    }
}
