/// Serializes document values back to compact JSON text.
public enum JSONWriter {
    public static func write(reader r: DocumentReader, index i: Int, into out: inout [UInt8]) {
        let node = r.tape[i]
        switch node.tag {
        case .null: out.append(contentsOf: "null".utf8)
        case .true: out.append(contentsOf: "true".utf8)
        case .false: out.append(contentsOf: "false".utf8)
        case .number:
            let text = r.numberText(i)
            if text.count > 0 {
                out.append(contentsOf: text)
            } else {
                let number = r.number(i)
                if case .double(let d) = number, !d.isFinite {
                    // JSON has no NaN or infinity; these can only come from YAML.
                    out.append(contentsOf: (d.isNaN ? "null" : (d < 0 ? "-1e999" : "1e999")).utf8)
                } else {
                    out.append(contentsOf: number.description.utf8)
                }
            }
        case .string: writeString(r.string(i), into: &out)
        case .array:
            out.append(UInt8(ascii: "["))
            r.forEachElement(i) { e, position in
                if position > 0 { out.append(UInt8(ascii: ",")) }
                write(reader: r, index: e, into: &out)
                return true
            }
            out.append(UInt8(ascii: "]"))
        case .object:
            out.append(UInt8(ascii: "{"))
            var first = true
            r.forEachMember(i) { k, v in
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeString(r.string(k), into: &out)
                out.append(UInt8(ascii: ":"))
                write(reader: r, index: v, into: &out)
                return true
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `bytes` as a quoted, escaped JSON string.
    public static func writeString<C: Collection>(_ bytes: C, into out: inout [UInt8]) where C.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ writeString($0, into: &out) }) { return done }
        writeString(Array(bytes), into: &out)
    }

    /// Copies runs of bytes that need no escape in one go; only `"`, `\` and controls are escaped.
    static func writeString(_ bytes: [UInt8], into out: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { writeString($0, into: &out) }
    }

    static func writeString(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var start = 0
        for i in 0..<bytes.count {
            let c = bytes[i]
            if c >= 0x20 && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
            switch c {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            default:
                out.append(contentsOf: "\\u00".utf8)
                out.append(contentsOf: hexByte(c).utf8)
            }
            start = i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        out.append(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string literal.
    public static func quote(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 2)
            writeString(bytes, into: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }
}
