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

    #if os(Linux)
        /// /proc files report size 0 but have content: they are read to their end.
        @Test func readsFilesThatDoNotKnowTheirSize() throws {
            let status = try FileSystem.read("/proc/self/status")
            #expect(String(decoding: status, as: UTF8.self).contains("Name:"))
        }
    #endif
}
