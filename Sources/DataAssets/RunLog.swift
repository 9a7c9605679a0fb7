import ArtifactFormats
import Foundation
import ObjectStorage

/// Reads and writes run records and manifests under the workspace's metadata prefix:
/// `<prefix>/runs/<asset id>/<run id>.json` and `<prefix>/manifests/<asset id>.json`.
struct RunLog: Sendable {
    let store: any ObjectStore
    let prefix: String

    func manifest(for assetID: String) async throws -> AssetManifest? {
        let key = ObjectKey.join(prefix, "manifests", "\(assetID).json")
        let data: Data
        do {
            data = try await store.read(key)
        } catch let error as ObjectStorageError where error.code == .notFound {
            return nil
        }
        return try decode(AssetManifest.self, data, key)
    }

    func record(_ run: AssetRun, manifest: AssetManifest) async throws {
        try await store.write(try Self.encoder.encode(run), to: ObjectKey.join(prefix, "runs", run.assetID, "\(run.id).json"))
        try await store.write(try Self.encoder.encode(manifest), to: ObjectKey.join(prefix, "manifests", "\(run.assetID).json"))
    }

    /// Every recorded run of an asset, newest first.
    func runs(of assetID: String) async throws -> [AssetRun] {
        var runs: [AssetRun] = []
        for info in try await store.list(under: ObjectKey.join(prefix, "runs", assetID)) where info.key.hasSuffix(".json") {
            runs.append(try decode(AssetRun.self, try await store.read(info.key), info.key))
        }
        return runs.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
    }

    /// Where the copy of a result file that a catalog version points to is kept.
    func versionKey(assetID: String, runID: String, artifact: String) -> String {
        ObjectKey.join(prefix, "versions", assetID, runID, artifact)
    }

    /// Where a run's query table is kept.
    func queryTableKey(assetID: String, runID: String) -> String {
        ObjectKey.join(prefix, "tables", assetID, "\(runID).sqlite")
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ key: String) throws -> T {
        do {
            return try Self.decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw DataAssetError(.unreadableArtifact, "the run metadata \(key) is damaged (\(error)); delete it to start the asset's history afresh")
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a timestamp"))
            }
            return date
        }
        return decoder
    }()
}

/// Time-ordered run ids (UUID version 7), so listing runs by key lists them in order.
enum RunID {
    static func make(at date: Date = Date()) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let milliseconds = UInt64(date.timeIntervalSince1970 * 1000)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        var generator = SystemRandomNumberGenerator()
        for index in 6..<16 { bytes[index] = generator.next() }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}
