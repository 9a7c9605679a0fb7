import DataAssets
import Foundation

/// A small pipeline of three dependent assets: orders arrive in pages from an "API", customers
/// come in one piece, and revenue per country joins the two with SQL. Running it materializes all
/// three, queries the result and shows what each run recorded. With `PANGOLIN_URL` set (and
/// `PANGOLIN_TOKEN` or `PANGOLIN_API_KEY`, `PANGOLIN_CATALOG`, `PANGOLIN_NAMESPACE`), each result
/// is registered in that catalog, with its lineage. With `FILESYSTEM_URL` set and no directory
/// given, the workspace is where it points: a directory, or a bucket (`s3://bucket/prefix`).
///
///     swift run data-assets-example [directory]
@main
struct Pipeline {
    struct Order: Codable, Sendable {
        var orderID: Int
        var customerID: Int
        var amount: Decimal
        var placedAt: Date
    }

    struct Customer: Codable, Sendable {
        var id: Int
        var name: String
        var country: String
    }

    struct Revenue: Codable, Sendable {
        var country: String
        var orders: Int
        var revenue: Double
    }

    /// Pages of orders, as a paginated API would return them.
    static let orders = Asset(path: "bronze/orders.json|csv") {
        AsyncStream<[Order]> { continuation in
            let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
            for page in 0..<3 {
                continuation.yield((0..<4).map { item in
                    let id = page * 4 + item
                    return Order(orderID: 1000 + id, customerID: id % 3 + 1, amount: Decimal(10 + id) + Decimal(string: "0.99")!,
                                 placedAt: start.addingTimeInterval(Double(id) * 3600.25))
                })
            }
            continuation.finish()
        }
    }

    static let customers = Asset(path: "bronze/customers.json|csv") {
        [Customer(id: 1, name: "Ada", country: "GB"), Customer(id: 2, name: "Grace", country: "US"),
         Customer(id: 3, name: "Edsger", country: "NL")]
    }

    /// Reads both inputs through a query, so the run records them as its dependencies.
    static let revenue = Asset(path: "silver/revenue_by_country.json|csv", parameters: NoParameters.self) { context in
        try await context.workspace.query("""
            SELECT c.country AS country, count(*) AS orders, round(sum(o.amount), 2) AS revenue
            FROM orders o JOIN customers c ON c.id = o.customerID
            GROUP BY c.country ORDER BY revenue DESC
            """, assets: [orders, customers]).decode(Revenue.self)
    }

    static func main() async throws {
        do {
            try await run(in: CommandLine.arguments.dropFirst().first)
        } catch let error as DataAssetError {
            FileHandle.standardError.write(Data("data-assets-example: \(error.message)\n".utf8))
            exit(1)
        }
    }

    static func run(in path: String?) async throws {
        let workspace: Workspace
        if path == nil, ProcessInfo.processInfo.environment["FILESYSTEM_URL"]?.isEmpty == false {
            workspace = try Workspace.fromEnvironment()
        } else {
            let directory = URL(fileURLWithPath: path ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("pangolin-example-\(UUID().uuidString.prefix(8))").path)
            workspace = try Workspace(directory: directory, catalog: try CatalogConnection.fromEnvironment())
        }

        let result = try await revenue.materialize(in: workspace)
        print("Materialized:")
        for asset in [orders.name, customers.name] { print("  \(asset) (input)") }
        let locations = try result.run.artifacts.map { try workspace.store.location(for: $0) }
        print("  \(result.run.assetName): \(result.rowCount) rows → \(locations.joined(separator: ", "))")
        print("  recorded dependencies: \(result.run.dependencies.map(\.assetName).joined(separator: ", "))")
        if let catalog = workspace.catalog {
            print("Registered in catalog '\(catalog.catalog)' at \(catalog.url):")
            let inputs = [try await orders.materialize(in: workspace), try await customers.materialize(in: workspace)]
            for case let registration? in (inputs + [result]).map(\.registration) {
                print("  \(registration.namespace).\(registration.assetName) v\(registration.version ?? 0) (\(registration.status))")
            }
        }
        print()
        print(try await revenue.query("ORDER BY country", in: workspace))
        print()
        let big = try await orders.query("WHERE amount > ? ORDER BY placedAt", arguments: [20], in: workspace)
        print("Orders over 20:")
        print(big)
    }
}
