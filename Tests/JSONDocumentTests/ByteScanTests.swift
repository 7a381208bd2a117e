import CByteScan
import Testing

/// The vector scans against plain loops, at every length and alignment around the vector width.
struct ByteScanTests {
    static func reference(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.firstIndex { !(($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A) }.map { $0 - bytes.startIndex } ?? bytes.count
    }

    @Test func printableASCIIPrefixMatchesAPlainLoop() {
        // Every byte value that stops the scan, placed at every offset of buffers from 0 to 40 bytes.
        let stoppers: [UInt8] = [0x00, 0x09, 0x0D, 0x1F, 0x7F, 0x80, 0xC3, 0xFF]
        let allowed: [UInt8] = [0x20, 0x0A, 0x41, 0x7E, 0x3A]
        var checked = 0
        for length in 0...40 {
            for start in 0..<3 {
                var buffer = [UInt8](repeating: 0x61, count: start + length)
                for n in buffer.indices { buffer[n] = allowed[n % allowed.count] }
                let slice = buffer[start...]
                #expect(slice.withUnsafeBufferPointer { oav_printable_ascii_prefix($0.baseAddress, $0.count) } == length)
                for position in 0..<length {
                    for stopper in stoppers {
                        var copy = buffer
                        copy[start + position] = stopper
                        let got = copy[start...].withUnsafeBufferPointer { oav_printable_ascii_prefix($0.baseAddress, $0.count) }
                        #expect(got == Self.reference(copy[start...]))
                        #expect(got == position)
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 3 * 8 * (0...40).reduce(0, +))
    }
}
