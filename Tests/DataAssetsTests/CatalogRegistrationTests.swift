import Crypto
import DataAssets
import Foundation
import PangolinClient
import ObjectStorage
import PangolinModel
import PangolinTestSupport
import Testing

@Suite("Materializations registered in a live catalog")
struct CatalogRegistrationTests {
    struct Order: Codable, Sendable {
        var id: Int
        var customer: Int
        var amount: Double
    }

    struct Customer: Codable, Sendable {
        var id: Int
        var name: String
    }

    struct Total: Codable, Sendable {
        var name: String
        var total: Double
    }

    /// orders and customers, and totals reading both through a query.
    struct Pipeline {
        let orderRows = Shared([Order(id: 1, customer: 1, amount: 10), Order(id: 2, customer: 2, amount: 5), Order(id: 3, customer: 1, amount: 2.5)])
        let orders: DataAsset<NoParameters>
        let customers: DataAsset<NoParameters>
        let totals: DataAsset<NoParameters>

        init() {
            let rows = orderRows
            orders = DataAsset(path: "bronze/orders.json|csv") { rows.current }
            customers = DataAsset(path: "bronze/customers.json", options: AssetOptions(cacheExpiration: .seconds(3600))) {
                [Customer(id: 1, name: "Ada"), Customer(id: 2, name: "Grace")]
            }
            let (orders, customers) = (orders, customers)
            totals = DataAsset(path: "silver/totals.json", parameters: NoParameters.self) { context in
                try await context.workspace.query(
                    "SELECT c.name AS name, sum(o.amount) AS total FROM orders o JOIN customers c ON c.id = o.customer GROUP BY c.name ORDER BY c.name",
                    assets: [orders, customers]).decode(Total.self)
            }
        }
    }

    @Test("a first run registers each result as version 1 with its location, checksum, schema, run and outputs")
    func firstRegistration() async throws {
        try await CatalogFixture.run { catalog in
            let files = try await TemporaryWorkspace(catalog: try catalog.connection())
            let pipeline = Pipeline()
            let result = try await pipeline.totals.materialize(in: files.workspace)

            let registered = try await catalog.root.assets(in: "lake", namespace: catalog.sales)
            #expect(Set(registered.map(\.name)) == ["orders", "customers", "totals"])
            #expect(registered.allSatisfy { $0.version == 1 && $0.kind == .jsonTable })

            let orders = try await catalog.asset("orders")
            let file = files.directory.appending(path: "bronze/orders.json").standardizedFileURL
            let bytes = try Data(contentsOf: file)
            let run = try #require(try await pipeline.orders.runs(in: files.workspace).first)
            let copy = files.directory.appending(path: "_pangolin/versions/\(run.assetID)/\(run.id)/bronze/orders.json").standardizedFileURL
            #expect(orders.location == copy.absoluteString)
            #expect(try Data(contentsOf: copy) == bytes)
            #expect(orders.properties["checksum"] == "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
            #expect(orders.properties["size_bytes"] == String(bytes.count))
            #expect(orders.properties["row_count"] == "3")
            #expect(orders.properties["format"] == "json")
            #expect(orders.properties["run_id"] == run.id)
            #expect(orders.properties["schema"] == #"[{"name":"id","type":"int"},{"name":"customer","type":"int"},{"name":"amount","type":"double"}]"#)
            #expect(orders.properties["produced_by"] == "pangolin-swift DataAssets 0.1.0")
            #expect(orders.properties["parameters"] == nil)
            let outputs = try #require(orders.properties["outputs"])
            let csv = files.directory.appending(path: "_pangolin/versions/\(run.assetID)/\(run.id)/bronze/orders.csv").standardizedFileURL
            #expect(outputs.contains(#""location":"\#(csv.absoluteString)""#) && outputs.contains(#""format":"csv""#))
            let version = try await catalog.root.version(assetID: orders.id, "1")
            #expect(version.checksum == orders.properties["checksum"] && version.runID == run.id && version.sizeBytes == Int64(bytes.count))

            let totals = try await catalog.asset("totals")
            #expect(result.registration?.status == .registered)
            #expect(result.registration?.assetID == totals.id && result.registration?.version == 1)
            #expect(result.registration?.catalog == "lake" && result.registration?.namespace == "sales")
            #expect(try await pipeline.totals.runs(in: files.workspace).first?.registration?.catalogVersion == result.registration?.catalogVersion)
        }
    }

    @Test("a workspace on S3 registers s3:// locations of immutable copies that other tools open, and catalog reads find them")
    func registrationOnS3() async throws {
        try await CatalogFixture.run { catalog in
            let server = try SeaweedFS.shared()
            let files = try await TemporaryWorkspace(.s3, catalog: try catalog.connection())
            let pipeline = Pipeline()
            _ = try await pipeline.totals.materialize(in: files.workspace)
            let bucket = try #require(files.store as? S3Store).configuration.bucket
            let run = try #require(try await pipeline.orders.runs(in: files.workspace).first)
            let orders = try await catalog.asset("orders")
            #expect(orders.location == "s3://\(bucket)/_pangolin/versions/\(run.assetID)/\(run.id)/bronze/orders.json")
            let opened = try ObjectLocation(orders.location, s3: server.configuration(bucket: bucket))
            let bytes = try await opened.store.read(opened.key)
            #expect(bytes == (try await files.store.read("bronze/orders.json")))
            #expect(orders.properties["checksum"] == "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
            // Replacing the result leaves the registered version as it was.
            _ = try await pipeline.orders.materialize(in: files.newSession(catalog: try catalog.connection()), cache: .refresh)
            #expect(try await opened.store.read(opened.key) == bytes)
            let rows = try await files.workspace.catalogRows("sales.orders@v1", as: Order.self)
            #expect(rows.map(\.id) == [1, 2, 3])
        }
    }

    @Test("inputs become derived_from edges pinned to the versions their runs registered, a refresh makes the next version, and reuse or unchanged content makes none")
    func versionsAndLineage() async throws {
        try await CatalogFixture.run { catalog in
            let files = try await TemporaryWorkspace(catalog: try catalog.connection())
            let pipeline = Pipeline()
            _ = try await pipeline.totals.materialize(in: files.workspace)
            let (orders, customers) = (try await catalog.asset("orders"), try await catalog.asset("customers"))

            var totals = try await catalog.asset("totals")
            var edges = try await catalog.root.lineage(assetID: totals.id, direction: .upstream, depth: 1).edges
            #expect(edges.count == 2 && edges.allSatisfy { $0.relation == "derived_from" && $0.downstream == LineageEnd(assetID: totals.id, version: 1) })
            #expect(Set(edges.map(\.upstream)) == [LineageEnd(assetID: orders.id, version: 1), LineageEnd(assetID: customers.id, version: 1)])

            // New orders; a later session runs orders again and reuses customers, within its cache expiration.
            pipeline.orderRows.set(pipeline.orderRows.current + [Order(id: 4, customer: 2, amount: 1)])
            let later = files.newSession(catalog: try catalog.connection())
            let refreshed = try await pipeline.totals.materialize(in: later, cache: .refresh)
            #expect(refreshed.registration?.version == 2)
            #expect(try await catalog.asset("orders").version == 2)
            #expect(try await catalog.asset("customers").version == 1)
            #expect(try await catalog.root.versions(assetID: customers.id).count == 1)
            totals = try await catalog.asset("totals")
            #expect(totals.version == 2)
            edges = try await catalog.root.lineage(assetID: totals.id, direction: .upstream, depth: 1).edges.filter { $0.downstream.version == 2 }
            #expect(Set(edges.map(\.upstream)) == [LineageEnd(assetID: orders.id, version: 2), LineageEnd(assetID: customers.id, version: 1)])

            // The same rows again: the run happens, its checksum matches the latest version, and no version is made.
            let third = files.newSession(catalog: try catalog.connection())
            let rerun = try await pipeline.orders.materialize(in: third)
            #expect(!rerun.reused)
            #expect(rerun.registration?.status == .unchanged && rerun.registration?.version == 2)
            #expect(rerun.registration?.location == (try await catalog.asset("orders")).location)
            #expect(try await files.keys(under: "_pangolin/versions/\(rerun.run.assetID)/\(rerun.run.id)").isEmpty)
            #expect(try await catalog.root.versions(assetID: orders.id).count == 2)
            let reused = try await pipeline.customers.materialize(in: third)
            #expect(reused.reused && reused.registration?.version == 1)
            #expect(try await catalog.root.versions(assetID: customers.id).count == 1)
        }
    }

    @Test("a property someone set on the asset is kept by later versions; a version made elsewhere or a deleted asset is read again, not overwritten")
    func changesMadeElsewhere() async throws {
        try await CatalogFixture.run { catalog in
            let files = try await TemporaryWorkspace(catalog: try catalog.connection())
            let pipeline = Pipeline()
            let more = { (id: Int) in pipeline.orderRows.set(pipeline.orderRows.current + [Order(id: id, customer: 1, amount: 1)]) }
            try await pipeline.orders.materialize(in: files.workspace)
            var orders = try await catalog.asset("orders")
            var properties = orders.properties
            properties["owner"] = "finance"
            orders = try await catalog.root.updateAsset("orders", in: "lake", namespace: catalog.sales, AssetChange(properties: properties))
            #expect(orders.version == 2)

            more(10)
            let third = try await pipeline.orders.materialize(in: files.newSession(catalog: try catalog.connection()))
            #expect(third.registration?.version == 3)
            more(11)
            let fourth = try await pipeline.orders.materialize(in: files.newSession(catalog: try catalog.connection()))
            #expect(fourth.registration?.version == 4)
            orders = try await catalog.asset("orders")
            #expect(orders.properties["owner"] == "finance" && orders.properties["run_id"] == fourth.run.id)

            try await catalog.root.deleteAsset("orders", in: "lake", namespace: catalog.sales)
            more(12)
            let anew = try await pipeline.orders.materialize(in: files.newSession(catalog: try catalog.connection()))
            #expect(anew.registration?.status == .registered && anew.registration?.version == 1)
            #expect(anew.registration?.assetID != fourth.registration?.assetID)
        }
    }

    @Test("a failed run and an empty run register nothing")
    func failedAndEmptyRuns() async throws {
        try await CatalogFixture.run { catalog in
            let files = try await TemporaryWorkspace(catalog: try catalog.connection())
            let broken = DataAsset(path: "bronze/broken.json") { () async throws -> [Order] in throw Failure(reason: "the source is down") }
            await #expect(throws: Failure(reason: "the source is down")) { try await broken.materialize(in: files.workspace) }
            let empty = DataAsset(path: "bronze/empty.json") { [Order]() }
            let emptyRun = try await empty.materialize(in: files.workspace)
            #expect(emptyRun.run.status == .empty && emptyRun.registration == nil)
            #expect(try await broken.runs(in: files.workspace).first?.registration == nil)
            #expect(try await catalog.root.assets(in: "lake", namespace: catalog.sales).isEmpty)
        }
    }

    @Test("an unreachable catalog keeps the artifacts, records the failure and throws; the next materialization registers the reused result")
    func unreachableThenRetry() async throws {
        let stopped = try await CatalogFixture.stoppedServerURL()
        try await CatalogFixture.run { catalog in
            let down = try CatalogConnection(client: PangolinClient(url: stopped, credential: .token("unused"), retries: 0), catalog: "lake", namespace: "sales")
            let files = try await TemporaryWorkspace(catalog: down)
            let customers = Pipeline().customers
            let error = await #expect(throws: DataAssetError.self) { try await customers.materialize(in: files.workspace) }
            #expect(error?.code == .catalog)
            #expect(error?.message.contains(stopped.absoluteString) == true)
            #expect(error?.message.contains("asset 'customers'") == true)
            #expect(error?.message.contains("next materialization registers it again") == true)
            #expect(FileManager.default.fileExists(atPath: files.directory.appending(path: "bronze/customers.json").path))
            let failed = try #require(try await customers.runs(in: files.workspace).first)
            #expect(failed.status == .succeeded && failed.registration?.status == .failed)
            #expect(failed.registration?.error?.contains("could not reach the catalog") == true)

            let retried = try await customers.materialize(in: files.newSession(catalog: try catalog.connection()))
            #expect(retried.reused && retried.run.id == failed.id)
            #expect(retried.registration?.status == .registered && retried.registration?.version == 1)
            #expect(try await customers.runs(in: files.workspace).first?.registration?.status == .registered)
            #expect(try await catalog.asset("customers").properties["run_id"] == failed.id)
        }
    }

    @Test("a reader without write is told which action on which namespace it lacks, and nothing is registered")
    func readerWithoutWrite() async throws {
        try await CatalogFixture.run { catalog in
            _ = try await catalog.root.createUser(username: "reader", role: .tenantUser, password: "reader-password")
            _ = try await catalog.root.grant(.read, to: "reader", on: .namespace(catalogID: "lake", namespace: catalog.sales))
            let reader = PangolinClient(url: catalog.url)
            try await reader.login(username: "reader", password: "reader-password")
            let files = try await TemporaryWorkspace(catalog: try catalog.connection(reader))
            let error = await #expect(throws: DataAssetError.self) { try await Pipeline().customers.materialize(in: files.workspace) }
            #expect(error?.code == .catalog)
            #expect(error?.message.contains("reader may not create namespace 'sales' of catalog 'lake'") == true)
            #expect(error?.message.contains("READ_WRITE on namespace 'sales' of catalog 'lake'") == true)
            #expect(try await catalog.root.assets(in: "lake", namespace: catalog.sales).isEmpty)
        }
    }

    struct Region: Codable, Sendable {
        var region: String
    }

    @Test("two argument sets of a parameterized asset are two catalog assets, named as resolved, with their parameters")
    func parameterized() async throws {
        try await CatalogFixture.run { catalog in
            let files = try await TemporaryWorkspace(catalog: try catalog.connection())
            let sales = DataAsset(path: "bronze/sales_{region}.json", name: "sales_{region}", parameters: Region.self) { context in
                [Total(name: context.parameters.region, total: 1)]
            }
            for region in ["emea", "apac"] { try await sales.with(arguments: Region(region: region)).materialize(in: files.workspace) }
            let names = try await catalog.root.assets(in: "lake", namespace: catalog.sales).map(\.name)
            #expect(Set(names) == ["sales_emea", "sales_apac"])
            #expect(try await catalog.asset("sales_emea").properties["parameters"] == #"{"region":"emea"}"#)
        }
    }

    @Test("an asset's options name another namespace, with placeholders")
    func namespaceOption() async throws {
        try await CatalogFixture.run { catalog in
            try await catalog.root.createNamespace(try NamespacePath(parsing: "ml"), in: "lake")
            try await catalog.root.createNamespace(try NamespacePath(parsing: "ml.emea"), in: "lake")
            let files = try await TemporaryWorkspace(catalog: try catalog.connection())
            let features = DataAsset(path: "features/{region}.json", name: "features", parameters: Region.self,
                                     options: AssetOptions(catalogNamespace: "ml.{region}")) { context in [Region(region: context.parameters.region)] }
            let result = try await features.with(arguments: Region(region: "emea")).materialize(in: files.workspace)
            #expect(result.registration?.namespace == "ml.emea")
            #expect(try await catalog.root.asset("features", in: "lake", namespace: try NamespacePath(parsing: "ml.emea")).version == 1)
        }
    }

    @Test("two workspaces registering the same asset at once both land: one makes version 1, the other version 2")
    func concurrentRegistrations() async throws {
        try await CatalogFixture.run { catalog in
            let (first, second) = (try await TemporaryWorkspace(catalog: try catalog.connection()), try await TemporaryWorkspace(catalog: try catalog.connection()))
            async let one = DataAsset(path: "shared/events.json") { [Region(region: "one")] }.materialize(in: first.workspace)
            async let two = DataAsset(path: "shared/events.json") { [Region(region: "two")] }.materialize(in: second.workspace)
            let versions = try await [one.registration?.version, two.registration?.version]
            #expect(Set(versions) == [1, 2])
            #expect(try await catalog.root.versions(assetID: try await catalog.asset("events").id).count == 2)
        }
    }
}
