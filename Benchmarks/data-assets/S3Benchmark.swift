import DataAssets
import Foundation
import ObjectStorage

/// The same materialization into a local directory and into a bucket on an S3 server (S3_URL,
/// reached with the AWS_* variables), alternating run by run so that drift in the machine's speed
/// hits both alike; the best of RUNS of each is reported, with the bytes the run stored and the
/// rate they went up at. Then one large object (UPLOAD_MIB) written through each store's writer,
/// for the raw upload rate of the multipart path. PART_MIB and PARTS override the part size and
/// the parts in flight.
enum S3Benchmark {
    static func run(environment: [String: String]) async throws {
        let rows = Int(environment["ROWS"] ?? "") ?? 1_000_000
        let batchSize = Int(environment["BATCH"] ?? "") ?? 100_000
        let runs = max(1, Int(environment["RUNS"] ?? "") ?? 3)
        guard let url = environment["S3_URL"] else {
            throw DataAssetError(.invalidDefinition, "set S3_URL to s3://bucket/prefix and the AWS_* variables (s3.sh does)")
        }
        var configuration = try S3Configuration.fromEnvironment(url: url, environment: environment)
        if let mebibytes = Int(environment["PART_MIB"] ?? "") { configuration.partSize = max(5, mebibytes) << 20 }
        if let parts = Int(environment["PARTS"] ?? "") { configuration.concurrentParts = max(1, parts) }
        let bucket = try S3Store(configuration)
        try await bucket.createBucket()
        let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "s3-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let local = try LocalDirectoryStore(root: directory)
        let stores: [(name: String, store: any ObjectStore)] = [("local", local), ("s3", bucket)]
        let sales = DataAssetsBenchmark.salesAsset(environment, rows: rows, batchSize: batchSize)

        var best: [String: Double] = [:]
        var stored: [String: Int64] = [:]
        for run in 1...runs {
            for (name, store) in stores {
                let seconds = try await time { _ = try await sales.materialize(in: Workspace(store: store), cache: .refresh) }
                stored[name] = try await store.list(under: "").reduce(0) { $0 + $1.size }
                best[name] = min(best[name] ?? .infinity, seconds)
                print("run \(run): \(name) \(String(format: "%.2f", seconds)) s")
            }
        }
        let outputs = environment["OUTPUTS"] ?? "json|csv"
        print("materialize \(rows) rows to \(outputs), best of \(runs):")
        for (name, _) in stores {
            let bytes = Double(stored[name] ?? 0)
            print(String(format: "  %-5@ %.2f s, %.0f rows/s, %.1f MiB stored, %.0f MB/s",
                         name as NSString, best[name]!, Double(rows) / best[name]!, bytes / 1_048_576, bytes / 1e6 / best[name]!))
        }
        print(String(format: "ratio S3/local: materialize %.2fx the time", best["s3"]! / best["local"]!))

        let mebibytes = Int(environment["UPLOAD_MIB"] ?? "") ?? 512
        let chunk = [UInt8]((0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ ($0 >> 11)) })
        var upload: [String: Double] = [:]
        for (name, store) in stores {
            for _ in 1...runs {
                let seconds = try await time {
                    let writer = try await store.makeWriter(for: "upload/large.bin")
                    for _ in 0..<(mebibytes / 4) { try await writer.write(chunk) }
                    try await writer.commit()
                }
                upload[name] = min(upload[name] ?? .infinity, seconds)
            }
            try await store.delete("upload/large.bin")
        }
        let bytes = Double(mebibytes) * 1_048_576
        print(String(format: "upload of one %d MiB object, best of %d: local %.0f MB/s, s3 %.0f MB/s (parts of %d MiB, %d at once)",
                     mebibytes, runs, bytes / 1e6 / upload["local"]!, bytes / 1e6 / upload["s3"]!,
                     bucket.configuration.partSize >> 20, bucket.configuration.concurrentParts))
    }

    static func time(_ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let started = clock.now
        try await body()
        let elapsed = clock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
