import DataAssets
import Foundation
import ObjectStorage
import PangolinClient
import PangolinModel
import Testing

@Suite("Writing and reading asset data through the catalog")
struct AssetDataTests {
    struct Order: Codable, Equatable {
        var id: Int
        var customer: String
        var amount: Decimal
        var note: String?
    }

    @Test("rows written as CSV or JSON register the asset, a second write makes its next version, the same rows make none, and they read back equal")
    func roundTrip() async throws {
        try await CatalogFixture.run { catalog in
            let client = catalog.root
            let sales = catalog.sales
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pangolin-data-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let orders = [
                Order(id: 1, customer: "Ada, Ltd", amount: Decimal(string: "19.99")!, note: nil),
                Order(id: 2, customer: "Bob \"B\"", amount: Decimal(string: "5.00")!, note: "line one\nline two"),
            ]
            for (name, file) in [("orders_csv", "orders.csv"), ("orders_json", "orders.jsonl")] {
                let location = directory.appendingPathComponent(file).path
                let asset = try await client.writeAsset(orders, name: name, in: "lake", namespace: sales, location: location,
                                                        properties: ["owner": "finance"])
                #expect(asset.version == 1 && asset.properties["row_count"] == "2" && asset.properties["owner"] == "finance")
                #expect(asset.properties["checksum"]?.hasPrefix("sha256:") == true)
                #expect(try await client.readAsset(Order.self, name: name, in: "lake", namespace: sales) == orders)
            }
            let kinds = try await client.assets(in: "lake", namespace: sales).map(\.kind)
            #expect(kinds == [.csvTable, .jsonTable])

            let location = "file://" + directory.appendingPathComponent("orders-2.csv").path
            let more = orders + [Order(id: 3, customer: "Cy", amount: 1, note: nil)]
            let next = try await client.writeAsset(more, name: "orders_csv", in: "lake", namespace: sales, location: location, message: "day two")
            #expect(next.version == 2 && next.properties["owner"] == "finance")
            #expect(try await client.versions(assetID: next.id).first?.message == "day two")
            #expect(try await client.readAsset(Order.self, name: "orders_csv", in: "lake", namespace: sales).count == 3)
            #expect(try await client.readAsset(Order.self, reference: "lake.sales.orders_csv@v1") == orders)
            let same = try await client.writeAsset(more, name: "orders_csv", in: "lake", namespace: sales, location: location)
            #expect(same.version == 2)

            let refused = await #expect(throws: ObjectStorageError.self) {
                try await client.writeAsset(orders, name: "remote", in: "lake", namespace: sales, location: "s3://bucket/orders.csv")
            }
            #expect(refused?.code == .unsupportedLocation && refused?.message.contains("s3://bucket/orders.csv") == true)
        }
    }
}
