import DataAssets
import Foundation
import ObjectStorage
import PangolinClient
import PangolinModel
import PangolinTestSupport
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
                try await client.writeAsset(orders, name: "remote", in: "lake", namespace: sales, location: "gs://bucket/orders.csv")
            }
            #expect(refused?.code == .unsupportedLocation && refused?.message.contains("gs://bucket/orders.csv") == true)
        }
    }

    @Test("a writer of a catalog whose warehouse is a bucket writes and reads s3:// locations in every format with the keys the server hands out; a reader without keys is told why not")
    func onS3WithVendedCredentials() async throws {
        let server = try SeaweedFS.shared()
        let bucket = try await server.newBucket()
        let name = bucket.configuration.bucket
        try await CatalogFixture.run { catalog in
            let root = catalog.root
            _ = try await root.createWarehouse(name: "objects", storageConfig: [
                "s3.bucket": name, "s3.endpoint": server.endpoint.absoluteString, "s3.path-style-access": "true", "prefix": "lake",
                "s3.access-key-id": server.accessKey, "s3.secret-access-key": server.secretKey,
            ])
            _ = try await root.createCatalog(name: "remote", warehouse: "objects")
            _ = try await root.createNamespace(catalog.sales, in: "remote")
            let writer = try await catalog.user("writer", granted: .readWrite, on: .namespace(catalogID: "remote", namespace: catalog.sales))
            let orders = [Order(id: 1, customer: "Ada", amount: Decimal(string: "19.99")!, note: nil), Order(id: 2, customer: "Bob", amount: 5, note: "n")]
            for file in ["orders.csv", "orders.jsonl", "orders.csv.gz", "orders.parquet"] {
                let location = "s3://\(name)/lake/sales/\(file)"
                let asset = try await writer.writeAsset(orders, name: file.replacingOccurrences(of: ".", with: "_"), in: "remote",
                                                        namespace: catalog.sales, location: location)
                #expect(asset.location == location && asset.properties["row_count"] == "2")
                #expect(try await bucket.info(for: "lake/sales/\(file)")?.size == asset.properties["size_bytes"].flatMap { Int64($0) })
                #expect(try await writer.readAsset(Order.self, name: asset.name, in: "remote", namespace: catalog.sales) == orders)
            }

            let reader = try await catalog.user("reader", granted: .read, on: .namespace(catalogID: "remote", namespace: catalog.sales))
            let error = await #expect(throws: DataAssetError.self) {
                try await reader.readAsset(Order.self, name: "orders_csv", in: "remote", namespace: catalog.sales)
            }
            #expect(error?.message.contains("warehouse 'objects' gives none") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("reader may not write in catalog 'remote'") == true)
        }
    }
}
