import ArtifactFormats
import DataAssets
import Foundation
import PangolinTestSupport
import Testing

@Suite("Parquet results and fragments")
struct ParquetAssetTests {
    struct Sale: Codable, Sendable, Equatable {
        var id: Int
        var region: String
        var amount: Decimal
        var at: Date
        var day: CalendarDate
        var ref: UUID
        var tags: [String]
        var note: String?
    }

    static func sales(_ ids: Range<Int>) -> [Sale] {
        ids.map { id in
            Sale(id: id, region: ["emea", "apac"][id % 2], amount: Decimal(id) + Decimal(string: "0.25")!,
                 at: Date(timeIntervalSince1970: 1_767_225_600 + Double(id) * 0.5), day: CalendarDate(daysSince1970: Int32(20_000 + id)),
                 ref: UUID(), tags: id % 3 == 0 ? [] : ["t\(id)"], note: id % 4 == 0 ? nil : "n\(id)")
        }
    }

    @Test("a.parquet|csv writes both, reads back equal from the Parquet primary, and queries run on it", arguments: ["json", "parquet"], StoreKind.allCases)
    func parquetPrimary(fragmentFormat: String, store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let rows = Self.sales(0..<10)
        let asset = Asset(path: "silver/sales.parquet|csv", options: AssetOptions(fragmentFormat: fragmentFormat)) {
            batches([Array(rows[0..<4]), Array(rows[4..<10])])
        }
        let result = try await asset.materialize(in: temp.workspace)
        #expect(result.run.artifacts == ["silver/sales.parquet", "silver/sales.csv"])
        #expect(result.run.fragments.allSatisfy { $0.hasSuffix("." + fragmentFormat) })
        let bytes = try await temp.store.read("silver/sales.parquet")
        #expect(bytes.prefix(4) == Data("PAR1".utf8))
        #expect(try await asset.rows(as: Sale.self, in: temp.newSession()) == rows)
        let big = try await asset.query("WHERE amount > ? ORDER BY id", arguments: [5], in: temp.newSession())
        #expect(big.rows.count == 5)
        let stats = try await asset.query("SELECT region, count(*) FROM sales GROUP BY region ORDER BY region", in: temp.workspace)
        #expect(stats.rows == [["apac", 5], ["emea", 5]])
    }

    @Test("batches whose schemas differ are rebuilt row group by row group into one Parquet result", arguments: StoreKind.allCases)
    func drift(store: StoreKind) async throws {
        struct Narrow: Codable, Sendable { var id: Int; var score: Int }
        struct Wide: Codable, Sendable { var id: Int; var score: Double; var label: String }
        enum Either: Encodable, Sendable {
            case narrow(Narrow), wide(Wide)
            func encode(to encoder: any Encoder) throws {
                switch self {
                case .narrow(let row): try row.encode(to: encoder)
                case .wide(let row): try row.encode(to: encoder)
                }
            }
        }
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "silver/scores.parquet", options: AssetOptions(fragmentFormat: "parquet")) {
            batches([[Either.narrow(Narrow(id: 1, score: 7))], [Either.narrow(Narrow(id: 2, score: 8))], [Either.wide(Wide(id: 3, score: 7.5, label: "x"))]])
        }
        let result = try await asset.materialize(in: temp.workspace)
        #expect(result.schema == Schema(columns: [Column(name: "id", type: .int), Column(name: "score", type: .double), Column(name: "label", type: .string)]))
        let source = MemorySource(Array(try await temp.store.read("silver/scores.parquet")))
        #expect(try await ParquetFormat.schema(of: source) == result.schema)
        let query = try await asset.query("SELECT id, score, label FROM scores ORDER BY id", in: temp.newSession())
        #expect(query.rows == [[1, 7.0, nil], [2, 8.0, nil], [3, 7.5, "x"]])
    }

    @Test("an empty run writes an empty Parquet file that reads as no rows", arguments: StoreKind.allCases)
    func empty(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let asset = Asset(path: "out/nothing.parquet") { [Sale]() }
        let run = try await asset.materialize(in: temp.workspace).run
        #expect(run.status == .empty)
        let reader = try await ParquetFormat().makeReader(MemorySource(Array(try await temp.store.read("out/nothing.parquet"))), schema: nil,
                                                    options: ReadOptions(), columns: nil, batchRows: 10)
        #expect(try await reader.next() == nil)
    }

    @Test("gzip-compressed CSV and JSON results read back equal", arguments: ["csv.gz", "json.gz"], StoreKind.allCases)
    func gzipText(format: String, store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let rows = Self.sales(0..<5)
        let asset = Asset(path: "out/sales.\(format)") { batches([Array(rows[0..<2]), Array(rows[2...])]) }
        let result = try await asset.materialize(in: temp.workspace)
        #expect(result.run.artifacts == ["out/sales.\(format)"] && result.run.assetName == "sales")
        #expect(try await temp.store.read("out/sales.\(format)").prefix(2) == Data([0x1F, 0x8B]))
        #expect(try await asset.rows(as: Sale.self, in: temp.newSession()) == rows)
    }
}
