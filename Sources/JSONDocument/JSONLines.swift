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
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                position = end + 1
                line += 1
                var stop = end
                if stop > start, bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                // Blank lines are allowed between records.
                if bytes[start..<stop].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
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
