/// Reads JSON Lines / NDJSON: one document per non-blank line.
///
/// Each document shares the input buffer (no copy); errors carry the line number.
public struct JSONLines: Sequence {
    /// One line's outcome.
    public struct Entry {
        /// 1-based line number in the input.
        public var line: Int
        public var result: Result<JSONDocument, JSONParseError>
    }

    let bytes: [UInt8]
    let options: JSONParseOptions
    let sourceName: String?

    public init(_ bytes: [UInt8], options: JSONParseOptions = .default, sourceName: String? = nil) {
        self.bytes = bytes
        self.options = options
        self.sourceName = sourceName
    }

    public struct Iterator: IteratorProtocol {
        let lines: JSONLines
        var position = 0
        var line = 0

        public mutating func next() -> Entry? {
            let bytes = lines.bytes
            while position < bytes.count {
                let start = position
                // memchr finds the line end far faster than a byte loop on large files.
                let end = bytes.withUnsafeBufferPointer { buffer -> Int in
                    let base = buffer.baseAddress!
                    guard let hit = memchr(base + start, 0x0A, buffer.count - start) else { return buffer.count }
                    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                }
                position = end + 1
                line += 1
                var stop = end
                if stop > start, bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                // Blank lines are allowed between records.
                var blank = true
                for k in start..<stop where bytes[k] != 0x20 && bytes[k] != 0x09 {
                    blank = false
                    break
                }
                if blank { continue }
                do {
                    let document = try JSONDocument.parse(
                        bytes, in: start..<stop, options: lines.options, sourceName: lines.sourceName)
                    return Entry(line: line, result: .success(document))
                } catch {
                    return Entry(line: line, result: .failure(error))
                }
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(lines: self) }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
