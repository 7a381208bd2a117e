import Foundation

/// Locates ../shared (beside the project root), or the directory named by `OAV_SHARED_DIR`.
enum SharedData {
    static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["OAV_SHARED_DIR"] {
            return URL(fileURLWithPath: override)
        }
        // Tests/JSONDocumentTests/SharedData.swift → project root → ../shared
        let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return projectRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    /// A directory under shared/, or a failure that says what is missing and how to point at it.
    static func directory(_ relative: String) throws -> URL {
        let url = root.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MissingSharedData(
                description:
                    "shared test data not found at \(url.path): clone the project beside ../shared or set OAV_SHARED_DIR")
        }
        return url
    }

    struct MissingSharedData: Error, CustomStringConvertible { var description: String }

    static func files(_ relative: String, prefix: String) -> [String] {
        guard let dir = try? directory(relative),
            let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
        else { return ["<missing \(relative): set OAV_SHARED_DIR>"] }
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }
}
