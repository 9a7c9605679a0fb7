import Foundation
import Testing
@testable import ArtifactFormats

@Suite("Parquet written and read back")
struct ParquetRoundTripTests {
    static let schemaOfEverything = Schema(columns: [
        Column(name: "id", type: .int), Column(name: "name", type: .string), Column(name: "score", type: .double),
        Column(name: "active", type: .bool), Column(name: "at", type: .timestamp), Column(name: "day", type: .date),
        Column(name: "price", type: .decimal(precision: 6, scale: 2)), Column(name: "token", type: .uuid),
        Column(name: "tags", type: .array(.string)),
        Column(name: "address", type: .object([Column(name: "city", type: .string), Column(name: "zip", type: .int)])),
        Column(name: "points", type: .array(.object([Column(name: "x", type: .double), Column(name: "labels", type: .array(.int))]))),
        Column(name: "nothing", type: .null),
    ])

    static func everything() throws -> RowBatch {
        let point = { (x: Double, labels: [ArtifactValue]) in ArtifactValue.object(ArtifactObject(keys: ["x", "labels"], values: [.double(x), .array(labels)])) }
        return try makeBatch(schemaOfEverything.names, [
            [.int(.min), "Ada, \"quoted\"\nline", .double(.nan), .bool(true), .timestamp(date(micros: -1_000_001)),
             .date(-719_162), .decimal(try decimal("-1234.56")), .uuid(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!),
             .array(["a", "", "日本 🚀"]), .object(ArtifactObject(keys: ["city", "zip"], values: ["Zürich", 8000])),
             .array([point(1.5, [1, 2]), point(-0.0, []), .null]), .null],
            [.int(.max), "", .double(.infinity), .bool(false), .timestamp(date(micros: 1_738_315_800_123_456)),
             .date(20_000), .decimal(try decimal("0.01")), .null, .array([]), .object(ArtifactObject(keys: ["city", "zip"], values: [nil, nil])),
             .array([]), .null],
            [nil, nil, .double(-.infinity), nil, nil, nil, nil, nil, nil, nil, nil, nil],
        ])
    }

    @Test("every type, nulls, empty values and nested values come back equal, with every codec", arguments: ArtifactCompression.allCases)
    func everyType(compression: ArtifactCompression) async throws {
        let format = ParquetFormat(compression: compression)
        let batch = try Self.everything()
        let bytes = try await encoded(batch, as: format)
        #expect(bytes.starts(with: Array("PAR1".utf8)) && bytes.suffix(4).elementsEqual("PAR1".utf8))
        let read = try await readBack(bytes, as: format, schema: nil, chunkSize: 1 << 20)
        #expect(read.rowCount == 3)
        for (name, index) in zip(batch.schema.names, 0...) {
            let written = (0..<3).map { batch.value(row: $0, column: index) }
            let back = (0..<3).map { read.value(row: $0, column: read.existingIndex(of: name)!) }
            #expect(written.map(Self.comparable) == back.map(Self.comparable), "column \(name)")
        }
    }

    @Test("a column of one repeated value is dictionary-encoded, a column of distinct values is not, and every chunk has statistics")
    func dictionaryAndStatistics() async throws {
        let rows = (0..<5000).map { index -> [ArtifactValue] in
            [.string("same"), .string("id-\(index)"), .int(Int64(index) - 2500), index % 10 == 0 ? .null : .double(Double(index) / 2)]
        }
        let batch = try makeBatch(["constant", "unique", "number", "maybe"], rows)
        let bytes = try await encoded(batch, as: ParquetFormat())
        let footer = try await ParquetFooter(reading: MemorySource(bytes))
        let chunks = footer.metadata.rowGroups[0].columns.compactMap(\.metaData)
        #expect(chunks[0].encodings.contains(.rleDictionary) && chunks[0].dictionaryPageOffset != nil)
        #expect(!chunks[1].encodings.contains(.rleDictionary) && chunks[1].dictionaryPageOffset == nil)
        #expect(chunks[0].totalCompressedSize < 200)
        #expect(chunks.allSatisfy { $0.statistics?.nullCount != nil && $0.statistics?.min != nil && $0.statistics?.max != nil })
        #expect(chunks[2].statistics?.min == withUnsafeBytes(of: Int64(-2500).littleEndian) { Array($0) })
        #expect(chunks[3].statistics?.nullCount == 500)
        #expect(chunks[1].statistics?.max == Array("id-999".utf8))  // byte order, not numeric
        let back = try await readBack(bytes, as: ParquetFormat(), schema: nil, chunkSize: .max)
        #expect(rows == (0..<5000).map { back.row($0) })
    }

    @Test("row groups hold at most rowGroupRows rows, however the batches arrive")
    func rowGroups() async throws {
        let sink = MemorySink()
        let writer = try await ParquetFormat(rowGroupRows: 1000).makeWriter(schema: Schema(columns: [Column(name: "n", type: .int)]), sink: sink)
        for start in stride(from: 0, to: 2500, by: 300) {
            try await writer.append(try makeBatch(["n"], (start..<min(2500, start + 300)).map { [.int(Int64($0))] }))
        }
        try await writer.finish()
        let footer = try await ParquetFooter(reading: MemorySource(sink.bytes))
        #expect(footer.metadata.rowGroups.map(\.numRows) == [1000, 1000, 500])
        #expect(rows(try await readBack(sink.bytes, as: ParquetFormat(), schema: nil, chunkSize: .max)) == (0..<2500).map { [.int(Int64($0))] })
    }

    @Test("decimals of more than 38 digits are refused with the column's name")
    func decimalTooWide() async throws {
        let batch = try makeBatch(["amount"], [[.decimal(try decimal("1e50"))]])
        let error = await #expect(throws: ArtifactFormatError.self) { try await encoded(batch, as: ParquetFormat()) }
        #expect(error?.message.contains("column 'amount' holds decimals of 51 digits") == true, "\(error?.message ?? "")")
    }

    /// NaN never equals itself; compare its text instead.
    static func comparable(_ value: ArtifactValue) -> String {
        if case .double(let double) = value { return "\(double)" }
        if case .timestamp(let date) = value { return "\(Timestamp.microseconds(date))" }
        if case .array(let items) = value { return "[" + items.map(comparable).joined(separator: ",") + "]" }
        if case .object(let object) = value { return "{" + zip(object.keys, object.values.map(comparable)).map { "\($0):\($1)" }.joined(separator: ",") + "}" }
        return "\(value)"
    }
}
