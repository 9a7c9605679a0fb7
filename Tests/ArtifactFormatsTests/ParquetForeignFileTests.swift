import Foundation
import Testing
@testable import ArtifactFormats

/// The fixtures pyarrow and DuckDB wrote (see Fixtures/README.md).
enum ParquetFixtures {
    static let names = ["pyarrow-v1-snappy", "pyarrow-v2-zstd", "duckdb"]

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/\(name).parquet")
        return Array(try Data(contentsOf: url))
    }

    static func read(_ bytes: [UInt8], columns: [String]? = nil) async throws -> RowBatch {
        let reader = try await ParquetFormat().makeReader(MemorySource(bytes), schema: nil, options: ReadOptions(), columns: columns, batchRows: 50)
        var all: [RowBatch] = []
        while let batch = try await reader.next() { all.append(batch) }
        return try joined(all)
    }
}

@Suite("Parquet files from pyarrow and DuckDB")
struct ParquetForeignFileTests {
    @Test("every row and type of the fixture comes back, whatever wrote it", arguments: ParquetFixtures.names)
    func reads(name: String) async throws {
        let batch = try await ParquetFixtures.read(try ParquetFixtures.bytes(name))
        #expect(batch.rowCount == 200)
        #expect(batch.schema.names == ["id", "name", "ratio", "flag", "day", "price", "tags", "point"])
        for id in [0, 1, 5, 199] {
            let row = batch.row(id)
            #expect(row[0] == .int(Int64(id)))
            #expect(row[1] == .string("name \(id % 7)"))
            #expect(row[2] == .double(Double(id) / 8))
            #expect(row[3] == (id % 5 == 0 ? .null : .bool(id % 3 == 0)))
            #expect(row[4] == .date(Int32(CalendarDate(year: 1960, month: 1, day: 1)!.daysSince1970) + Int32(id)))
            #expect(row[5] == .decimal(Decimal(id) / 100))
            #expect(row[6] == .array((0..<id % 3).map { .string("t\($0)") }))
            #expect(row[7] == .object(ArtifactObject(keys: ["x", "y"], values: [.int(Int64(id)), id % 4 == 0 ? .int(Int64(-id)) : .null])))
        }
        let reader = try await ParquetFormat().makeReader(MemorySource(try ParquetFixtures.bytes(name)), schema: nil, options: ReadOptions(),
                                                    columns: nil, batchRows: 1000)
        #expect(try await reader.next()?.schema.columns[5].type == .decimal(precision: 10, scale: 2))
    }

    @Test("only the columns asked for are read")
    func columns() async throws {
        let batch = try await ParquetFixtures.read(try ParquetFixtures.bytes("pyarrow-v1-snappy"), columns: ["point", "id"])
        #expect(batch.schema.names == ["id", "point"])
        #expect(batch.row(3) == [.int(3), .object(ArtifactObject(keys: ["x", "y"], values: [.int(3), .null]))])
    }

    @Test("row groups whose statistics rule a comparison out are skipped", arguments: [
        (ParquetComparison("id", .greaterOrEqual, .int(150)), 2, 50),
        (ParquetComparison("id", .less, .int(64)), 3, 64),
        (ParquetComparison("id", .equal, .int(130)), 3, 64),
        (ParquetComparison("name", .greater, .string("name 9")), 4, 0),
        (ParquetComparison("ratio", .lessOrEqual, .double(-1)), 4, 0),
    ])
    func skipsRowGroups(comparison: ParquetComparison, skipped: Int, rows: Int) async throws {
        let bytes = try ParquetFixtures.bytes("pyarrow-v1-snappy")  // four row groups of 64, 64, 64 and 8 rows
        let reader = try await ParquetFormat().makeReader(MemorySource(bytes), filter: [comparison]) as! ParquetFileReader
        var count = 0
        while let batch = try await reader.next() { count += batch.rowCount }
        #expect(reader.skippedRowGroups == skipped)
        #expect(count == rows || (comparison.op == .greaterOrEqual && count == 72))
    }

    @Test("the library's own files say what wrote them and keep the schema of the rows")
    func ownFooter() async throws {
        let batch = try makeBatch(["a"], [[1], [2]])
        let bytes = try await encoded(batch, as: ParquetFormat())
        let footer = try await ParquetFooter(reading: MemorySource(bytes))
        #expect(footer.metadata.createdBy == "pangolin-swift version \(Library.version)")
        #expect(footer.recordedSchema == batch.schema)
        #expect(footer.metadata.columnOrdersDefined)
    }
}
