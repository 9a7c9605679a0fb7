import DataAssets
import Foundation
import Synchronization

/// Materializes ROWS rows of eight mixed columns to `json|csv` in batches, then, in a new
/// workspace session (as a later process would), runs one filter-and-aggregate query on the
/// materialized asset, loading included. Prints rows per second, peak memory and query time.
/// With MODE=registration it measures what registering in a catalog adds instead.
@main
struct DataAssetsBenchmark {
    struct Sale: Codable, Sendable {
        var id: Int
        var customer: String
        var email: String
        var amount: Double
        var quantity: Int
        var active: Bool
        var createdAt: Date
        var region: String
    }

    static let regions = ["emea", "apac", "amer", "latam", "mena"]

    /// Batches made on demand, one at a time, as pages of an API would arrive.
    static func batches(rows: Int, batchSize: Int) -> AsyncStream<[Sale]> {
        let start = Date(timeIntervalSince1970: 1_750_000_000)
        let next = Counter()
        return AsyncStream(unfolding: {
            let first = next.take(batchSize)
            guard first < rows else { return nil }
            return (first..<min(first + batchSize, rows)).map { id in
                Sale(id: id, customer: "customer \(id % 50_000)", email: "user\(id)@example.com",
                     amount: Double(id % 10_000) / 100, quantity: id % 17, active: id % 3 != 0,
                     createdAt: start.addingTimeInterval(Double(id) * 0.001), region: regions[id % regions.count])
            }
        })
    }

    final class Counter: Sendable {
        private let value = Mutex(0)
        /// Returns the current value and advances it by `count`.
        func take(_ count: Int) -> Int { value.withLock { current in defer { current += count }; return current } }
    }

    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        if environment["MODE"] == "registration" { return try await RegistrationBenchmark.run(environment: environment) }
        if environment["MODE"] == "s3" { return try await S3Benchmark.run(environment: environment) }
        let rows = Int(environment["ROWS"] ?? "") ?? 1_000_000
        let batchSize = Int(environment["BATCH"] ?? "") ?? 100_000
        let directory = URL(fileURLWithPath: environment["DATA_DIR"] ?? NSTemporaryDirectory() + "data-assets-bench-\(UUID().uuidString)")
        defer { if environment["KEEP_DATA"] != "1" { try? FileManager.default.removeItem(at: directory) } }

        let sales = salesAsset(environment, rows: rows, batchSize: batchSize)
        let clock = ContinuousClock()
        let started = clock.now
        let policy: CachePolicy = environment["QUERY_ONLY"] == "1" ? .preferExisting : .refresh
        let result = try await sales.materialize(in: try Workspace(directory: directory), cache: policy)
        let materializeTime = clock.now - started
        let seconds = Double(materializeTime.components.seconds) + Double(materializeTime.components.attoseconds) / 1e18

        if environment["SKIP_QUERY"] == "1" {
            print("materialize \(environment["OUTPUTS"] ?? "json|csv"): \(format(materializeTime)) — \(Int(Double(result.rowCount) / seconds)) rows/s")
            return
        }
        let later = try Workspace(directory: directory)
        let queryStarted = clock.now
        let answer = try await sales.query("""
            SELECT region, count(*) AS orders, round(sum(amount), 2) AS revenue, round(avg(quantity), 3) AS mean_quantity
            FROM sales WHERE active AND amount > 50 GROUP BY region ORDER BY region
            """, in: later)
        let queryTime = clock.now - queryStarted
        let secondStarted = clock.now
        _ = try await sales.query("SELECT count(*) FROM sales WHERE region = 'emea'", in: later)
        let secondQuery = clock.now - secondStarted

        var sizes: [(String, Int64)] = []
        for key in result.run.artifacts { sizes.append((key, try await later.store.info(for: key)?.size ?? 0)) }
        print("rows:                 \(result.rowCount) in batches of \(batchSize), \(result.run.fragments.count) fragments")
        print("materialize \(environment["OUTPUTS"] ?? "json|csv"): \(format(materializeTime)) — \(Int(Double(result.rowCount) / seconds)) rows/s")
        for (key, size) in sizes { print("  \(key): \(size) bytes (\(size / 1_048_576) MiB)") }
        print("first query (loading included): \(format(queryTime))")
        print("second query:         \(format(secondQuery))")
        print("peak memory (VmHWM):  \(peakMemory())")
        print(answer)
    }

    /// The asset every mode materializes: `bench/sales.<OUTPUTS>` with fragments in FRAGMENTS.
    static func salesAsset(_ environment: [String: String], rows: Int, batchSize: Int) -> Asset<NoParameters> {
        Asset(path: "bench/sales." + (environment["OUTPUTS"] ?? "json|csv"), name: "sales", options: AssetOptions(
            fragmentFormat: environment["FRAGMENTS"] ?? "json", cacheExpiration: .seconds(3600),
            buildsQueryTable: environment["QUERY_TABLE"] != "0")) {
            batches(rows: rows, batchSize: batchSize)
        }
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.1f ms", milliseconds)
    }

    static func peakMemory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "unknown" }
        return status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }?.split(separator: ":").last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown"
    }
}
