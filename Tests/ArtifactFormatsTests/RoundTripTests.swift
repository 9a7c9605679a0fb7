import Foundation
import Testing
@testable import ArtifactFormats

/// Values written by one format and read back by the same format, fed in 7-byte chunks.
@Suite("Round trips through JSON Lines and CSV")
struct RoundTripTests {
    static let formats = ["json", "csv"]

    /// A two-column batch (a row number and the value), so that no row is blank in CSV.
    private func numbered(_ values: [ArtifactValue]) throws -> RowBatch {
        try makeBatch(["n", "v"], values.enumerated().map { [.int(Int64($0.offset)), $0.element] })
    }

    private func values(_ batch: RowBatch, _ column: String = "v") throws -> [ArtifactValue] {
        let index = try #require(batch.existingIndex(of: column))
        return rows(batch).map { $0[index] }
    }

    @Test("integers keep their value and stay integers", arguments: formats)
    func integers(name: String) async throws {
        let written: [ArtifactValue] = [0, 7, -1, 42, 1_000_000_007, .int(Int64.max), .int(Int64.max - 1), .int(Int64.min + 1), nil]
        let batch = try await roundTrip(numbered(written), as: format(name))
        #expect(try values(batch) == written)
    }

    @Test("Int64.min keeps its value and stays an integer", arguments: formats)
    func smallestInteger(name: String) async throws {
        let written: [ArtifactValue] = [.int(Int64.min), 1]
        let batch = try await roundTrip(numbered(written), as: format(name))
        #expect(try values(batch) == written)
    }

    @Test("doubles keep their value and stay doubles, including whole numbers", arguments: formats)
    func doubles(name: String) async throws {
        let written: [ArtifactValue] = [1.0, 0.1, 1e-7, -2.5, 0.0, 1e20, 123_456.789, .double(.leastNonzeroMagnitude), .double(.greatestFiniteMagnitude), nil]
        let batch = try await roundTrip(numbered(written), as: format(name))
        #expect(try values(batch) == written)
        #expect(batch.schema.columns[1].type == .double)
    }

    @Test("decimals keep every digit", arguments: formats)
    func decimals(name: String) async throws {
        let texts = ["12345678901234567890.123456789", "-0.000001", "42", "0"]
        let written = try texts.map { ArtifactValue.decimal(try decimal($0)) } + [nil]
        let batch = try await roundTrip(numbered(written), as: format(name))
        let read = try values(batch)
        #expect(read == written)
        #expect(read.dropLast().map(\.text) == texts)
    }

    @Test("booleans and nulls keep their value", arguments: formats)
    func booleans(name: String) async throws {
        let written: [ArtifactValue] = [true, false, nil, true]
        let batch = try await roundTrip(numbered(written), as: format(name))
        #expect(try values(batch) == written)
        #expect(batch.schema.columns[1].type == .bool)
    }

    static let awkwardStrings = [
        "plain", #"with "quotes""#, "comma, separated", "line\nbreak", "crlf\r\nline", "lone\rreturn",
        "tab\there", #"back\slash \n not a newline"#, "emoji 😀 👩‍👩‍👧 🇨🇭", "unicode é ñ 中文 ℵ ​", "",
        "  padded  ", "\u{1}\u{1F}control", "123", "1.5", "true", "null", #"{"not":"nested"}"#, #"""#,
        #""""#, ",", "\n", "trailing newline\n", "\r",
    ]

    @Test("strings with quotes, delimiters, line breaks, escapes and unicode are kept exactly", arguments: formats)
    func strings(name: String) async throws {
        let written = Self.awkwardStrings.map(ArtifactValue.string) + [nil]
        let batch = try await roundTrip(numbered(written), as: format(name))
        #expect(try values(batch) == written)
    }

    @Test("a row whose only column is null is not lost", arguments: formats)
    func singleNullColumn(name: String) async throws {
        let written: [[ArtifactValue]] = [["a"], [nil], [""], ["b"]]
        let batch = try await roundTrip(makeBatch(["s"], written), as: format(name))
        #expect(rows(batch) == written)
    }

    @Test("timestamps keep their microseconds", arguments: formats)
    func timestamps(name: String) async throws {
        let micros: [Int64] = [0, 1_738_315_800_123_456, 1_709_208_000_000_001, -1, -14_182_940_500_000, 951_868_799_999_999]
        let batch = try await roundTrip(numbered(micros.map { .timestamp(date(micros: $0)) }), as: format(name))
        let read = try values(batch).map { value -> Int64? in
            if case .timestamp(let date) = value { Timestamp.microseconds(date) } else { nil }
        }
        #expect(read == micros)
    }

    static let nestedType = ColumnType.object([
        Column(name: "id", type: .int),
        Column(name: "label", type: .string),
        Column(name: "at", type: .timestamp),
        Column(name: "price", type: .decimal(precision: 1, scale: 1)),
        Column(name: "points", type: .array(.object([Column(name: "x", type: .double)]))),
        Column(name: "empty", type: .object([])),
    ])

    static func nestedValue(_ id: Int64, label: String) throws -> ArtifactValue {
        .object(ArtifactObject(
            keys: ["id", "label", "at", "price", "points", "empty"],
            values: [
                .int(id), .string(label), .timestamp(date(micros: 1_738_315_800_000_001)), .decimal(try decimal("0.10")),
                .array([.object(ArtifactObject(keys: ["x"], values: [1.5])), .object(ArtifactObject(keys: ["x"], values: [nil]))]),
                .object(ArtifactObject()),
            ]))
    }

    @Test("nested structs, arrays, empty objects and empty arrays come back nested", arguments: formats)
    func nested(name: String) async throws {
        let written: [[ArtifactValue]] = [
            [try Self.nestedValue(1, label: "a \"quoted\", line\n"), .array([1, 2, 3]), .object(ArtifactObject()), .array([])],
            [nil, .array([]), .object(ArtifactObject(keys: ["k"], values: [.array([])])), .array([.array([]), .array([1])])],
        ]
        let batch = try makeBatch(["record", "numbers", "bag", "mixed"], written)
        let schema = Schema(columns: [
            Column(name: "record", type: Self.nestedType), Column(name: "numbers", type: .array(.int)),
            Column(name: "bag", type: .object([Column(name: "k", type: .array(.null))])),
            Column(name: "mixed", type: .array(.array(.int))),
        ])
        #expect(rows(try await roundTrip(batch, as: format(name), schema: schema)) == rows(batch))
    }

    @Test("many rows read in several batches come back complete and in order", arguments: formats)
    func manyRows(name: String) async throws {
        let written = (0..<5_000).map { ArtifactValue.string("row \($0), \"quoted\"\nsecond line") }
        let batch = try numbered(written)
        let bytes = try await encoded(batch, as: try format(name))
        #expect(bytes.count > 1 << 17)
        let read = try await readBack(bytes, as: format(name), schema: batch.schema, chunkSize: 7, batchRows: 100)
        #expect(rows(read) == rows(batch))
    }

    @Test("an empty artifact reads as no batches", arguments: formats)
    func emptyInput(name: String) async throws {
        let reader = try await format(name).makeReader(MemorySource([]), schema: nil, options: ReadOptions(), columns: nil, batchRows: 100)
        #expect(try await reader.next() == nil)
    }
}
