// Cross-checks the hand-written meta-schemas in `Sources/SchemaEngine/MetaSchemas` against
// the official copies in the shared reference data (`shared/specs`, see its README):
// both texts are parsed with Foundation's JSONSerialization and compared as JSON values
// (object key order irrelevant, numbers compared by value, booleans distinct from numbers).
//
// The shared specs folder is found via the `OAV_SPECS_DIR` environment variable (pointing at
// the `specs` folder itself), else at `../shared/specs` relative to the package root.

import Foundation
import SchemaEngine
import Testing

@Suite("Embedded meta-schemas")
struct MetaSchemaTests {
    /// Official copy of each embedded document, relative to the shared specs folder. The
    /// JSON Schema ones are the "served" copies (not `as-released/`), matching what
    /// json-schema.org hands out today.
    static let officialFiles: [String: String] = [
        "http://json-schema.org/draft-04/schema#": "metaschemas/draft-04/schema.json",
        "http://json-schema.org/draft-06/schema#": "metaschemas/draft-06/schema.json",
        "http://json-schema.org/draft-07/schema#": "metaschemas/draft-07/schema.json",
        "https://json-schema.org/draft/2019-09/schema": "metaschemas/2019-09/schema.json",
        "https://json-schema.org/draft/2019-09/meta/core": "metaschemas/2019-09/meta/core.json",
        "https://json-schema.org/draft/2019-09/meta/applicator": "metaschemas/2019-09/meta/applicator.json",
        "https://json-schema.org/draft/2019-09/meta/validation": "metaschemas/2019-09/meta/validation.json",
        "https://json-schema.org/draft/2019-09/meta/meta-data": "metaschemas/2019-09/meta/meta-data.json",
        "https://json-schema.org/draft/2019-09/meta/format": "metaschemas/2019-09/meta/format.json",
        "https://json-schema.org/draft/2019-09/meta/content": "metaschemas/2019-09/meta/content.json",
        "https://json-schema.org/draft/2020-12/schema": "metaschemas/2020-12/schema.json",
        "https://json-schema.org/draft/2020-12/meta/core": "metaschemas/2020-12/meta/core.json",
        "https://json-schema.org/draft/2020-12/meta/applicator": "metaschemas/2020-12/meta/applicator.json",
        "https://json-schema.org/draft/2020-12/meta/unevaluated": "metaschemas/2020-12/meta/unevaluated.json",
        "https://json-schema.org/draft/2020-12/meta/validation": "metaschemas/2020-12/meta/validation.json",
        "https://json-schema.org/draft/2020-12/meta/meta-data": "metaschemas/2020-12/meta/meta-data.json",
        "https://json-schema.org/draft/2020-12/meta/format-annotation": "metaschemas/2020-12/meta/format-annotation.json",
        "https://json-schema.org/draft/2020-12/meta/format-assertion": "metaschemas/2020-12/meta/format-assertion.json",
        "https://json-schema.org/draft/2020-12/meta/content": "metaschemas/2020-12/meta/content.json",
        "https://spec.openapis.org/oas/3.1/dialect/base": "openapi/schemas/3.1/dialect/base.json",
        "https://spec.openapis.org/oas/3.1/meta/base": "openapi/schemas/3.1/meta/base.json",
    ]

    @Test("embedded text equals the official meta-schema", arguments: MetaSchemas.all.map(\.uri))
    func matchesOfficialCopy(uri: String) throws {
        let relativePath = try #require(
            Self.officialFiles[uri], "no official file mapped for embedded meta-schema \(uri)")
        let ours = try #require(MetaSchemas.text(for: uri))
        let official = try SharedSpecs.read(relativePath)

        let oursJSON = try JSON(parsing: ours, label: "embedded \(uri)")
        let officialJSON = try JSON(parsing: official, label: relativePath)
        var differences: [String] = []
        oursJSON.collectDifferences(from: officialJSON, at: "", into: &differences)
        #expect(
            differences.isEmpty,
            """
            embedded \(uri) differs from \(relativePath) (\(differences.count) difference(s)):
            \(differences.prefix(40).joined(separator: "\n"))
            """)
    }

    @Test("embedded text declares the URI it is registered under", arguments: MetaSchemas.all.map(\.uri))
    func declaresItsOwnID(uri: String) throws {
        let text = try #require(MetaSchemas.text(for: uri))
        guard case .object(let members) = try JSON(parsing: text, label: uri) else {
            Issue.record("\(uri): meta-schema is not a JSON object")
            return
        }
        // draft-04 spells the identifier `id`; later drafts `$id`.
        let declared = members["$id"] ?? members["id"]
        #expect(declared == .string(uri))
    }

    /// Every official meta-schema in the shared data must have an embedded counterpart.
    /// Deliberately not embedded:
    /// - draft-03 (`metaschemas/draft-03`): we don't support draft-03;
    /// - `metaschemas/<draft>/as-released/`: superseded snapshots with the same `$id`s as the
    ///   served copies we embed;
    /// - `metaschemas/<draft>/output/schema.json`: schemas for the *output format*, not
    ///   meta-schemas (no schema declares them as `$schema`).
    /// On the OpenAPI side only the 3.1 `base` dialect/vocabulary meta-schemas are in scope
    /// (that is the dialect id OAS 3.1.x names); dated copies and the 3.2 dialect are not.
    @Test func everyOfficialMetaSchemaIsEmbedded() throws {
        let root = try SharedSpecs.directory()
        let metaschemas = root.appendingPathComponent("metaschemas")
        let enumerator = try #require(
            FileManager.default.enumerator(atPath: metaschemas.path),
            "cannot list \(metaschemas.path)")
        var officialPaths = ["openapi/schemas/3.1/dialect/base.json", "openapi/schemas/3.1/meta/base.json"]
        for case let path as String in enumerator where path.hasSuffix(".json") {
            let components = path.split(separator: "/")
            if components.first == "draft-03" || components.contains("as-released") || components.contains("output") {
                continue
            }
            officialPaths.append("metaschemas/" + path)
        }
        #expect(officialPaths.count >= Self.officialFiles.count, "found only \(officialPaths.sorted())")

        for path in officialPaths {
            guard case .object(let members) = try JSON(parsing: SharedSpecs.read(path), label: path),
                case .string(let id)? = members["$id"] ?? members["id"]
            else {
                Issue.record("\(path): official meta-schema has no string $id/id")
                continue
            }
            #expect(MetaSchemas.text(for: id) != nil, "official meta-schema \(path) (\(id)) is not embedded")
            #expect(Self.officialFiles[id] == path, "\(id) should be cross-checked against \(path)")
        }
    }

    @Test func lookupIgnoresTrailingEmptyFragment() {
        let draft07 = MetaSchemas.text(for: "http://json-schema.org/draft-07/schema#")
        #expect(draft07 != nil)
        #expect(MetaSchemas.text(for: "http://json-schema.org/draft-07/schema") == draft07)
        let draft2020 = MetaSchemas.text(for: "https://json-schema.org/draft/2020-12/schema")
        #expect(draft2020 != nil)
        #expect(MetaSchemas.text(for: "https://json-schema.org/draft/2020-12/schema#") == draft2020)
        #expect(MetaSchemas.text(for: "https://json-schema.org/draft/2020-12/schema#/$defs/x") == nil)
        #expect(MetaSchemas.text(for: "https://example.com/schema") == nil)
    }

    @Test func embeddedURIsAreUniqueAndResolvable() {
        let uris = MetaSchemas.all.map(\.uri)
        #expect(Set(uris).count == uris.count)
        for entry in MetaSchemas.all {
            #expect(MetaSchemas.text(for: entry.uri) == entry.text, "\(entry.uri) does not resolve to its own text")
        }
    }
}

// MARK: - Shared reference data

private enum SharedSpecs {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The shared `specs` folder: `$OAV_SPECS_DIR`, else `<package root>/../shared/specs`.
    static func directory() throws -> URL {
        let environment = ProcessInfo.processInfo.environment["OAV_SPECS_DIR"]
        let directory: URL
        if let environment, !environment.isEmpty {
            directory = URL(fileURLWithPath: environment, isDirectory: true)
        } else {
            // <root>/Tests/SchemaEngineTests/MetaSchemaTests.swift -> <root>
            let packageRoot = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent()
                .deletingLastPathComponent()
                .deletingLastPathComponent()
            directory = packageRoot.appendingPathComponent("../shared/specs", isDirectory: true).standardizedFileURL
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw Missing(
                description: """
                    shared specs folder not found at \(directory.path); set OAV_SPECS_DIR to the \
                    folder containing metaschemas/ and openapi/ (the shared reference data)
                    """)
        }
        return directory
    }

    static func read(_ relativePath: String) throws -> String {
        let url = try directory().appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Missing(description: "official file missing: \(url.path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

// MARK: - Semantic JSON comparison

/// A JSON value decoded from JSONSerialization output, with structural equality.
private indirect enum JSON: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    init(parsing text: String, label: String) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw Invalid(description: "\(label) is not valid JSON: \(error)")
        }
        self = try JSON(object, label: label)
    }

    private init(_ value: Any, label: String) throws {
        switch value {
        case is NSNull:
            self = .null
        case let string as String:
            self = .string(string)
        case let number as NSNumber:
            // JSONSerialization hands booleans out as NSNumber too; their objCType is "c"
            // (integers come back as "i"/"q", reals as "d"), so true stays distinct from 1.
            if String(cString: number.objCType) == "c" {
                self = .bool(number.boolValue)
            } else {
                self = .number(number.doubleValue)
            }
        case let array as [Any]:
            self = .array(try array.map { try JSON($0, label: label) })
        case let object as [String: Any]:
            self = .object(try object.mapValues { try JSON($0, label: label) })
        default:
            throw Invalid(description: "\(label): unexpected JSONSerialization value \(type(of: value))")
        }
    }

    /// Appends a line per difference between `self` (ours) and `other` (official), each
    /// located by JSON Pointer.
    func collectDifferences(from other: JSON, at pointer: String, into differences: inout [String]) {
        switch (self, other) {
        case (.object(let ours), .object(let theirs)):
            for key in Set(ours.keys).union(theirs.keys).sorted() {
                let child = pointer + "/" + key.replacingOccurrences(of: "~", with: "~0")
                    .replacingOccurrences(of: "/", with: "~1")
                switch (ours[key], theirs[key]) {
                case (let mine?, let official?):
                    mine.collectDifferences(from: official, at: child, into: &differences)
                case (let mine?, nil):
                    differences.append("\(child): extra in ours: \(mine)")
                case (nil, let official?):
                    differences.append("\(child): missing from ours; official has \(official)")
                case (nil, nil):
                    break
                }
            }
        case (.array(let ours), .array(let theirs)) where ours.count == theirs.count:
            for (index, (mine, official)) in zip(ours, theirs).enumerated() {
                mine.collectDifferences(from: official, at: "\(pointer)/\(index)", into: &differences)
            }
        default:
            if self != other {
                differences.append("\(pointer.isEmpty ? "/" : pointer): ours \(self) != official \(other)")
            }
        }
    }
}

extension JSON: CustomStringConvertible {
    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? "\(Int64(value))" : "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\"\($0)\": \(members[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}
