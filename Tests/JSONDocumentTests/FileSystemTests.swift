import Foundation
import JSONDocument
import Testing

/// `FileSystem.read` skips the `stat` before opening and the read that confirms the end: the
/// answers for missing files, folders, empty and size-less files must stay what they were.
@Suite struct FileSystemTests {
    func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "oav-fs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func failure(_ path: String) -> String? {
        do {
            _ = try FileSystem.read(path)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func readsWholeFiles() throws {
        let dir = try folder()
        // Sizes around the old 64 KB buffer and the empty file.
        for size in [0, 1, 65_535, 65_536, 200_001] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = dir + "/f\(size)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(try FileSystem.read(path) == bytes)
        }
    }

    @Test func explainsWhatCannotBeRead() throws {
        let dir = try folder()
        #expect(failure(dir + "/missing.yaml") == "no such file")
        #expect(failure(dir) == "is a directory, expected a file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/plain"))
        // A path through a file is missing too (ENOTDIR), as `stat` said before.
        #expect(failure(dir + "/plain/inside.yaml") == "no such file")
    }

    /// Large regular files are mapped, not read; smaller ones, and every file `read` returns,
    /// are arrays. Either way the bytes are the file's, at every size around a page boundary.
    @Test func mapsLargeFiles() throws {
        let dir = try folder()
        let minimum = FileSystem.mapMinimum
        for size in [4095, 4096, 4097, minimum - 1, minimum, minimum + 4096] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
            let path = dir + "/m\(size)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let input = try FileSystem.readInput(path)
            #expect(input.isMapped == (size >= minimum), "size \(size)")
            #expect(input.count == size)
            #expect(input.array == bytes)
            let forced = try FileSystem.readInput(path, mapMinimum: 1)
            #expect(forced.isMapped)
            #expect(forced.array == bytes)
            #expect(try FileSystem.read(path) == bytes)
        }
        #expect(try FileSystem.readInput(dir + "/m4096", mapMinimum: 1).withUnsafeBufferPointer { $0.last } == bytesLast(4096))
        // Empty files are never mapped (a zero-length mapping is refused).
        try Data().write(to: URL(fileURLWithPath: dir + "/empty"))
        #expect(try FileSystem.readInput(dir + "/empty", mapMinimum: 0).count == 0)
    }

    func bytesLast(_ size: Int) -> UInt8 { UInt8(truncatingIfNeeded: (size - 1) &* 13 &+ 1) }

    /// A document parsed from a mapped file reads its strings from the mapping, which it keeps
    /// alive; a file that ends exactly at a page boundary is read to its last byte and no further.
    @Test func documentsFromMappedFiles() throws {
        let dir = try folder()
        // JSON of exactly two pages, its last byte the closing brace.
        let prefix = "{\"name\": \"mapped\", \"pad\": \""
        let padding = 8192 - prefix.utf8.count - 2
        let json = prefix + String(repeating: "x", count: padding) + "\"}"
        #expect(json.utf8.count == 8192)
        try Data(json.utf8).write(to: URL(fileURLWithPath: dir + "/page.json"))
        var document: JSONDocument? = try JSONDocument.parse(
            FileSystem.readInput(dir + "/page.json", mapMinimum: 1), sourceName: "page.json")
        #expect(document?.root["name"]?.string == "mapped")
        #expect(document?.root["pad"]?.string?.utf8.count == padding)
        document = nil

        // A JSON syntax error in a mapped file keeps its line and column.
        try Data("{\n  \"a\": 1,\n  \"b\" 2\n}".utf8).write(to: URL(fileURLWithPath: dir + "/bad.json"))
        #expect(throws: JSONParseError.self) {
            try JSONDocument.parse(FileSystem.readInput(dir + "/bad.json", mapMinimum: 1))
        }
        let input = try FileSystem.readInput(dir + "/bad.json", mapMinimum: 1)
        do {
            _ = try JSONDocument.parse(input)
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 7)
        }

        // YAML large enough to be parsed in two parts, ending at a page boundary without a line break.
        var yaml = "openapi: 3.0.3\npaths:\n"
        var n = 0
        while yaml.utf8.count < 300_000 {
            yaml += "  /items/i\(n):\n    get:\n      description: item \(n)\n"
            n += 1
        }
        yaml += "tail: "
        let pad = (4096 - (yaml.utf8.count % 4096)) % 4096
        yaml += String(repeating: "z", count: max(pad, 1))
        if yaml.utf8.count % 4096 != 0 { yaml += String(repeating: "z", count: 4096 - yaml.utf8.count % 4096) }
        #expect(yaml.utf8.count % 4096 == 0)
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: dir + "/big.yaml"))
        let big = try FileSystem.readInput(dir + "/big.yaml")
        #expect(big.isMapped)
        let mapped = try JSONDocument.parseYAML(big, sourceName: "big.yaml")
        let copied = try JSONDocument.parseYAML(Array(yaml.utf8), sourceName: "big.yaml")
        #expect(mapped.nodeCount == copied.nodeCount)
        #expect(mapped.root.json == copied.root.json)
        #expect(mapped.root["tail"]?.string?.utf8.count == copied.root["tail"]?.string?.utf8.count)
        let last = mapped.root["paths"]?["/items/i\(n - 1)"]
        #expect(last?["get"]?["description"]?.string == "item \(n - 1)")
        #expect(last.map { mapped.location(ofNode: Int($0.index)) }?.line == copied.root["paths"]?["/items/i\(n - 1)"].map { copied.location(ofNode: Int($0.index)) }?.line)
    }

    #if os(Linux)
        /// /proc files report size 0 but have content: they are read to their end.
        @Test func readsFilesThatDoNotKnowTheirSize() throws {
            let status = try FileSystem.read("/proc/self/status")
            #expect(String(decoding: status, as: UTF8.self).contains("Name:"))
        }
    #endif
}
