import ArtifactFormats
import DataAssets
import Foundation
import PangolinClient
import PangolinTestSupport
import Testing

/// The README's data-assets examples, run as written. Each example sits between `README <name>`
/// marker comments; a second test checks that the README shows exactly these lines.
@Suite("README data-assets examples", .serialized)
struct ReadmeTests {
    @Test("the examples run as written and print what the README says")
    func examplesRun() async throws {
        let directory = URL.temporaryDirectory.appending(path: "pangolin-example")
        try? FileManager.default.removeItem(at: directory)
        defer { try? FileManager.default.removeItem(at: directory) }

        // README data-assets:basics begin
        struct Customer: Codable, Sendable {
            var id: Int
            var name: String
            var country: String
        }

        let workspace = try Workspace(directory: URL.temporaryDirectory.appending(path: "pangolin-example"))

        let customers = Asset(path: "bronze/customers.json|csv") {
            [Customer(id: 1, name: "Ada", country: "GB"), Customer(id: 2, name: "Grace", country: "US")]
        }

        let result = try await customers.materialize(in: workspace)
        print(result.run.artifacts)  // ["bronze/customers.json", "bronze/customers.csv"]

        let americans = try await customers.query("WHERE country = ?", arguments: ["US"], in: workspace)
        print(americans)
        // id | name  | country
        // ---+-------+--------
        // 2  | Grace | US
        // (1 row)
        let rows = try americans.decode(Customer.self)  // [Customer(id: 2, name: "Grace", country: "US")]
        // README end
        #expect(result.run.artifacts == ["bronze/customers.json", "bronze/customers.csv"])
        #expect(americans.description == "id | name  | country\n---+-------+--------\n2  | Grace | US\n(1 row)")
        #expect(rows.map(\.name) == ["Grace"])

        // README data-assets:parameters begin
        struct Market: Codable, Sendable {
            var region: String
            var format: String
        }

        struct Sale: Codable, Sendable {
            var region: String
            var amount: Decimal
        }

        let sales = Asset(path: "bronze/sales_{region}.{format}", name: "sales_{region}", parameters: Market.self) { context in
            [Sale(region: context.parameters.region, amount: Decimal(string: "12.50")!)]
        }
        let emea = sales.with(arguments: Market(region: "emea", format: "csv"))
        print(emea.path, emea.name)  // bronze/sales_emea.csv sales_emea
        try await emea.materialize(in: workspace)
        // README end
        #expect(emea.path == "bronze/sales_emea.csv" && emea.name == "sales_emea")
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "bronze/sales_emea.csv").path))

        // README data-assets:batches begin
        struct Event: Codable, Sendable {
            var id: Int
            var kind: String
            var at: Date
        }

        let events = Asset(path: "bronze/events.json|csv",
                           options: AssetOptions(snapshotArtifacts: true, cacheExpiration: .seconds(3600))) {
            AsyncStream<[Event]> { pages in
                pages.yield([Event(id: 1, kind: "signup", at: .now)])
                pages.yield([Event(id: 2, kind: "login", at: .now)])
                pages.finish()
            }
        }
        let run = try await events.materialize(in: workspace).run
        print(run.status, run.rowCount, run.fragments.count)  // succeeded 2 2

        let history = try await events.runs(in: workspace)   // newest first
        print(history.map(\.status))                         // [succeeded]
        // README end
        #expect("\(run.status) \(run.rowCount) \(run.fragments.count)" == "succeeded 2 2")
        #expect(history.map(\.status) == [.succeeded])

        // README data-assets:dependencies begin
        struct Country: Codable, Sendable {
            var country: String
            var customers: Int
        }

        let byCountry = Asset(path: "silver/customers_by_country.json", parameters: NoParameters.self) { context in
            try await context.workspace.query(
                "SELECT country, count(*) AS customers FROM customers GROUP BY country ORDER BY country",
                assets: [customers]
            ).decode(Country.self)
        }
        let summary = try await byCountry.materialize(in: workspace)
        print(summary.run.dependencies.map(\.assetName))  // ["customers"]
        // README end
        #expect(summary.run.dependencies.map(\.assetName) == ["customers"])
        #expect(summary.rowCount == 2)

        // README data-assets:parquet begin
        struct Reading: Codable, Sendable {
            var sensor: Int
            var value: Decimal
            var day: CalendarDate
        }

        let readings = Asset(path: "silver/readings.parquet|csv", options: AssetOptions(fragmentFormat: "parquet")) {
            [Reading(sensor: 1, value: Decimal(string: "20.5")!, day: CalendarDate(year: 2025, month: 12, day: 1)!),
             Reading(sensor: 2, value: Decimal(string: "19.25")!, day: CalendarDate(year: 2025, month: 12, day: 2)!)]
        }
        let stored = try await readings.materialize(in: workspace)
        print(stored.schema!.columns.map(\.type))  // [int, decimal(4,2), date]
        print(try await readings.query("WHERE value > 20", in: workspace))
        // sensor | value | day
        // -------+-------+-----------
        // 1      | 20.5  | 2025-12-01
        // (1 row)
        // README end
        #expect(stored.schema!.columns.map(\.type.description) == ["int", "decimal(4,2)", "date"])
        #expect(try await readings.query("WHERE value > 20", in: workspace).description
            == "sensor | value | day\n-------+-------+-----------\n1      | 20.5  | 2025-12-01\n(1 row)")
        #expect(try Data(contentsOf: directory.appending(path: "silver/readings.parquet")).prefix(4) == Data("PAR1".utf8))
    }

    @Test("the catalog example registers an asset and a second one pinned to it, and prints what the README says")
    func catalogExampleRuns() async throws {
        let directory = URL.temporaryDirectory.appending(path: "pangolin-catalog-example")
        try? FileManager.default.removeItem(at: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await LiveServer.run { catalogURL in
            let password = LiveServer.rootPassword
            let admin = try await LiveServer.root(catalogURL)
            _ = try await admin.createCatalog(name: "lake")
            _ = try await admin.createNamespace(try .init(parsing: "sales"), in: "lake")

            // README data-assets:catalog begin
            struct Score: Codable, Sendable {
                var customer: Int
                var score: Double
            }

            let client = PangolinClient(url: catalogURL)
            try await client.login(username: "admin", password: password)
            let lake = try CatalogConnection(client: client, catalog: "lake", namespace: "sales")
            let connected = try Workspace(directory: URL.temporaryDirectory.appending(path: "pangolin-catalog-example"), catalog: lake)

            let scores = Asset(path: "gold/scores.json") { [Score(customer: 1, score: 0.9), Score(customer: 2, score: 0.4)] }
            let registered = try await scores.materialize(in: connected).registration!
            print(registered.status, registered.version!)  // registered 1

            let ranked = Asset(path: "gold/ranked.json", parameters: NoParameters.self) { context in
                try await context.workspace.catalogRows("sales.scores@v1", as: Score.self).sorted { $0.score > $1.score }
            }
            let made = try await ranked.materialize(in: connected).registration!
            let graph = try await client.lineage(assetID: made.assetID!, direction: .upstream, depth: 1)
            print(graph.edges.map { "\($0.relation) v\($0.upstream.version!)" })  // ["derived_from v1"]

            let export = URL.temporaryDirectory.appending(path: "pangolin-catalog-example/exports/ranked.parquet").path
            let exported = try await client.writeAsset(try await ranked.rows(as: Score.self, in: connected), name: "ranked_export",
                                                       in: lake.catalog, namespace: lake.namespace, location: export, compression: .zstd)
            print(exported.kind.rawValue, exported.properties["row_count"]!)  // PARQUET_TABLE 2
            let back = try await client.readAsset(Score.self, name: "ranked_export", in: lake.catalog, namespace: lake.namespace)
            print(back.map(\.customer))  // [1, 2]
            // README end
            #expect("\(exported.kind.rawValue) \(exported.properties["row_count"]!)" == "PARQUET_TABLE 2")
            #expect(back.map(\.customer) == [1, 2])
            #expect(try Data(contentsOf: URL(fileURLWithPath: export)).prefix(4) == Data("PAR1".utf8))
            #expect("\(registered.status) \(registered.version!)" == "registered 1")
            #expect(graph.edges.map { "\($0.relation) v\($0.upstream.version!)" } == ["derived_from v1"])
            #expect(graph.edges.map(\.upstream.assetID) == [registered.assetID!])
            #expect(try await ranked.rows(as: Score.self, in: connected).map(\.customer) == [1, 2])
        }
    }

    @Test("the README shows exactly the examples that run")
    func readmeMatches() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appending(path: "README.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let shown = Self.readmeBlocks(readme)
        let tested = Self.testedBlocks(source)
        #expect(shown.count == 6)
        #expect(Set(shown.keys) == Set(tested.keys))
        for (name, code) in shown {
            let imports = code.filter { $0.hasPrefix("import ") }
            for line in imports { #expect(source.contains("\n\(line)\n"), "README block \(name) imports a module the test does not") }
            #expect(code.filter { !$0.hasPrefix("import ") }.drop { $0.isEmpty } == tested[name]?[...], "README block \(name) differs from the tested code")
        }
    }

    /// Swift blocks that follow a `<!-- data-assets:name -->` comment, by name.
    static func readmeBlocks(_ text: String) -> [String: [String]] {
        var blocks: [String: [String]] = [:]
        let lines = text.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() where line.hasPrefix("<!-- data-assets:") {
            let name = String(line.dropFirst("<!-- ".count).dropLast(" -->".count))
            guard index + 1 < lines.count, lines[index + 1] == "```swift" else { continue }
            blocks[name] = Array(lines[(index + 2)...].prefix { $0 != "```" })
        }
        return blocks
    }

    /// Lines between `// README name begin` and `// README end`, with their indentation removed.
    static func testedBlocks(_ text: String) -> [String: [String]] {
        var blocks: [String: [String]] = [:]
        var current: (name: String, lines: [String])?
        for line in text.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// README data-assets:"), trimmed.hasSuffix(" begin") {
                current = (String(trimmed.dropFirst("// README ".count).dropLast(" begin".count)), [])
            } else if trimmed == "// README end", let block = current {
                let indent = block.lines.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
                blocks[block.name] = block.lines.map { String($0.dropFirst(min(indent, $0.count))) }
                current = nil
            } else {
                current?.lines.append(line)
            }
        }
        return blocks
    }
}
