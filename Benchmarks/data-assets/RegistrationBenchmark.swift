import DataAssets
import Foundation
import PangolinClient

/// What registering in a catalog adds to a materialization. The same small assets are
/// materialized into two workspaces, one without a catalog and one with, alternating asset by
/// asset so that drift in the machine's speed hits both alike; each asset's two timings are
/// compared, and the medians of those differences reported. Round 1 registers every asset; the
/// middle rounds change every asset's rows, so each makes its next version; the last round keeps the
/// rows of the one before, so each run finds its checksum unchanged.
enum RegistrationBenchmark {
    struct Reading: Codable, Sendable {
        var sensor: Int
        var round: Int
        var value: Double
        var at: Date
    }

    static func run(environment: [String: String]) async throws {
        let assets = Int(environment["ASSETS"] ?? "") ?? 100
        let rows = Int(environment["ROWS"] ?? "") ?? 100
        let rounds = max(3, Int(environment["ROUNDS"] ?? "") ?? 6)
        guard let catalog = try CatalogConnection.fromEnvironment(environment) else {
            throw DataAssetError(.invalidDefinition, "set PANGOLIN_URL, PANGOLIN_TOKEN, PANGOLIN_CATALOG and PANGOLIN_NAMESPACE (registration.sh does)")
        }
        let root = URL(fileURLWithPath: NSTemporaryDirectory() + "registration-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let clock = ContinuousClock()

        func milliseconds(_ body: () async throws -> Void) async throws -> Double {
            let started = clock.now
            try await body()
            let elapsed = clock.now - started
            return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        }

        var plain: [Double] = [], registered: [String: [Double]] = [:], added: [String: [Double]] = [:]
        for round in 1...rounds {
            let phase = round == 1 ? "first version" : round == rounds ? "unchanged" : "next version"
            let content = min(round, rounds - 1)
            // Each round in a new session, as a scheduled pipeline runs.
            let without = try Workspace(directory: root.appending(path: "plain"))
            let with = try Workspace(directory: root.appending(path: "catalog"), catalog: catalog)
            for index in 0..<assets {
                let asset = Asset(path: "bench/readings_\(index).json|csv", name: "readings_\(index)") {
                    (0..<rows).map { Reading(sensor: $0, round: content, value: Double($0 * content) / 7, at: Date(timeIntervalSince1970: 1_750_000_000)) }
                }
                let base = try await milliseconds { try await asset.materialize(in: without, cache: .refresh) }
                let full = try await milliseconds {
                    let status = try await asset.materialize(in: with, cache: .refresh).registration?.status
                    guard status == (phase == "unchanged" ? .unchanged : .registered) else {
                        throw DataAssetError(.catalog, "round \(round) expected a registration of '\(phase)', got \(status.map { "\($0)" } ?? "none")")
                    }
                }
                plain.append(base)
                registered[phase, default: []].append(full)
                added[phase, default: []].append(full - base)
            }
        }
        print("assets: \(assets) of \(rows) rows (json|csv), \(rounds) rounds; times are medians per asset")
        print(String(format: "without a catalog:  %6.2f ms", median(plain)))
        for phase in ["first version", "next version", "unchanged"] {
            print(String(format: "%-18@  %6.2f ms, registration adds %5.2f ms", phase + ":" as NSString, median(registered[phase]!), median(added[phase]!)))
        }
        print(String(format: "ratio with/without catalog (next version): %.2fx", median(registered["next version"]!) / median(plain)))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
