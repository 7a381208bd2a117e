import Foundation
import JSONDocument
import Testing

/// Runs ../shared/JSONTestSuite/test_parsing: every y_ file parses, every n_ file is rejected
/// with a located error, and each i_ file gets the behaviour documented below.
@Suite struct JSONTestSuiteTests {
    static let directory = "JSONTestSuite/test_parsing"

    static func load(_ name: String) throws -> [UInt8] {
        let dir = try SharedData.directory(directory)
        return try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
    }

    @Test(arguments: SharedData.files(directory, prefix: "y_"))
    func accepts(_ name: String) throws {
        let bytes = try Self.load(name)
        #expect(throws: Never.self) { try JSONDocument.parse(bytes) }
    }

    @Test(arguments: SharedData.files(directory, prefix: "n_"))
    func rejects(_ name: String) throws {
        let bytes = try Self.load(name)
        let error = #expect(throws: JSONParseError.self) { try JSONDocument.parse(bytes) }
        // Every rejection names a position inside (or just past) the input.
        if let error {
            #expect(error.offset >= 0 && error.offset <= bytes.count)
            #expect(error.line >= 1 && error.column >= 1)
            #expect(!error.message.isEmpty)
        }
    }

    /// Our choice for each implementation-defined file (RFC 8259 leaves these open).
    static let implementationDefined: [String: Bool] = [
        // Numbers beyond Double's range: accepted, kept as exact literals (1e400 stays 1e400).
        "i_number_double_huge_neg_exp.json": true,
        "i_number_huge_exp.json": true,
        "i_number_neg_int_huge_exp.json": true,
        "i_number_pos_double_huge_exp.json": true,
        "i_number_real_neg_overflow.json": true,
        "i_number_real_pos_overflow.json": true,
        "i_number_real_underflow.json": true,
        "i_number_too_big_neg_int.json": true,
        "i_number_too_big_pos_int.json": true,
        "i_number_very_big_negative_int.json": true,
        // Unpaired UTF-16 surrogates in \u escapes cannot become valid UTF-8 strings: rejected.
        "i_object_key_lone_2nd_surrogate.json": false,
        "i_string_1st_surrogate_but_2nd_missing.json": false,
        "i_string_1st_valid_surrogate_2nd_invalid.json": false,
        "i_string_incomplete_surrogate_and_escape_valid.json": false,
        "i_string_incomplete_surrogate_pair.json": false,
        "i_string_incomplete_surrogates_escape_valid.json": false,
        "i_string_invalid_lonely_surrogate.json": false,
        "i_string_invalid_surrogate.json": false,
        "i_string_inverted_surrogates_U+1D11E.json": false,
        "i_string_lone_second_surrogate.json": false,
        // Invalid UTF-8 and non-UTF-8 encodings: rejected (RFC 8259 §8.1 requires UTF-8).
        "i_string_UTF-16LE_with_BOM.json": false,
        "i_string_UTF-8_invalid_sequence.json": false,
        "i_string_UTF8_surrogate_U+D800.json": false,
        "i_string_invalid_utf-8.json": false,
        "i_string_iso_latin_1.json": false,
        "i_string_lone_utf8_continuation_byte.json": false,
        "i_string_not_in_unicode_range.json": false,
        "i_string_overlong_sequence_2_bytes.json": false,
        "i_string_overlong_sequence_6_bytes.json": false,
        "i_string_overlong_sequence_6_bytes_null.json": false,
        "i_string_truncated-utf-8.json": false,
        "i_string_utf16BE_no_BOM.json": false,
        "i_string_utf16LE_no_BOM.json": false,
        // 500 levels is within the default depth limit of 1,000.
        "i_structure_500_nested_arrays.json": true,
        // A UTF-8 byte order mark is skipped (RFC 8259 §8.1 allows ignoring it).
        "i_structure_UTF-8_BOM_empty_object.json": true,
    ]

    @Test(arguments: SharedData.files(directory, prefix: "i_"))
    func implementationDefined(_ name: String) throws {
        let expected = try #require(Self.implementationDefined[name], "no documented choice for \(name)")
        let bytes = try Self.load(name)
        let accepted = (try? JSONDocument.parse(bytes)) != nil
        #expect(accepted == expected, "\(name): expected \(expected ? "accept" : "reject")")
    }

    @Test func everyImplementationDefinedFileHasAChoice() {
        let files = Set(SharedData.files(Self.directory, prefix: "i_"))
        #expect(files == Set(Self.implementationDefined.keys))
    }
}
