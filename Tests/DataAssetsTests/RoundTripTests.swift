import ArtifactFormats
import DataAssets
import Foundation
import Testing

struct Everything: Codable, Sendable, Equatable {
    struct Inner: Codable, Sendable, Equatable {
        var label: String
        var weights: [Double]
    }
    struct Empty: Codable, Sendable, Equatable {}

    var int: Int
    var big: Int64
    var double: Double
    var price: Decimal
    var flag: Bool
    var text: String
    var when: Date
    var id: UUID
    var maybe: String?
    var inner: Inner
    var list: [Int]
    var empty: Empty
    var emptyList: [String]
}

@Suite("Values round-trip through artifacts")
struct RoundTripTests {
    static let rows = [
        Everything(int: -42, big: .max, double: 0.1, price: Decimal(string: "12345678901234.567890")!, flag: true,
                   text: "quote \" comma , newline \n tab \t unicode ✓ 日本 🚀", when: Date(timeIntervalSince1970: 1_700_000_000.123456),
                   id: UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3301")!, maybe: nil,
                   inner: .init(label: "a", weights: [1.5, -2.25]), list: [1, 2, 3], empty: .init(), emptyList: []),
        Everything(int: 0, big: .min, double: 1e-7, price: Decimal(string: "0.01")!, flag: false, text: "",
                   when: Date(timeIntervalSince1970: -86_400.000001), id: UUID(), maybe: "present",
                   inner: .init(label: "", weights: []), list: [], empty: .init(), emptyList: ["x"]),
    ]

    @Test("every kind of value reads back equal from the primary artifact", arguments: ["json", "csv"])
    func roundTrip(primary: String) async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "data/everything.\(primary)|\(primary == "json" ? "csv" : "json")") { Self.rows }
        let result = try await asset.materialize(in: temp.workspace)
        #expect(result.schema?.columns.first { $0.name == "price" }?.type == .decimal(precision: 19, scale: 5))
        #expect(result.schema?.columns.first { $0.name == "id" }?.type == .uuid)
        #expect(result.schema?.columns.first { $0.name == "when" }?.type == .timestamp)
        let back = try await asset.rows(as: Everything.self, in: temp.workspace)
        #expect(back.count == 2)
        for (original, read) in zip(Self.rows, back) {
            #expect(Timestamp.microseconds(read.when) == Timestamp.microseconds(original.when))
            var aligned = read
            aligned.when = original.when
            #expect(aligned == original)
        }
    }

    @Test("timestamps keep microseconds and decimals keep their digits in the files")
    func textForms() async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "data/everything.json|csv") { Self.rows }
        _ = try await asset.materialize(in: temp.workspace)
        let json = try await temp.text("data/everything.json")
        #expect(json.contains(#""when":"2023-11-14T22:13:20.123456Z""#))
        #expect(json.contains(#""price":12345678901234.56789"#))
        #expect(json.contains(#""empty":{}"#))
        let csv = try await temp.text("data/everything.csv")
        #expect(csv.contains(",1969-12-30T23:59:59.999999Z,"))
        #expect(csv.contains(#""{""label"":""a"",""weights"":[1.5,-2.25]}""#))
    }
}
