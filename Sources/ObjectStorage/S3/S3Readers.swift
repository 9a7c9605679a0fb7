import NIOHTTP1

/// Reads byte ranges of one object with ranged GETs, pinned to the ETag it had when opened, so
/// that an object replaced while it is being read is an error rather than a mixture.
final class S3RangeReader: RangeReader {
    private let client: S3Client
    private let key: String
    let size: Int64
    let etag: String

    init(client: S3Client, key: String, size: Int64, etag: String) {
        self.client = client
        self.key = key
        self.size = size
        self.etag = etag
    }

    func read(at offset: Int64, count: Int) async throws -> [UInt8] {
        guard count > 0, offset < size else { return [] }
        let last = min(size - 1, offset + Int64(count) - 1)
        let response = try await client.send(.GET, key: key, headers: [("Range", "bytes=\(offset)-\(last)"), ("If-Match", etag)],
                                             idempotent: true, accept: [200, 206, 412], responseLimit: count + 1024)
        if response.status == 412 || (response.headers.first(name: "ETag").map { $0 != etag } ?? false) {
            throw ObjectStorageError(.io, key: key, "s3://\(client.configuration.bucket)/\(key) was replaced while it was being read; read it again")
        }
        return response.body
    }
}

/// Reads an object front to back, a ranged GET of 8 MiB at a time.
final class S3SequentialReader: ObjectReader {
    private let ranges: S3RangeReader
    private var offset: Int64 = 0

    init(ranges: S3RangeReader) {
        self.ranges = ranges
    }

    func read(upTo maximumCount: Int) async throws -> [UInt8] {
        let chunk = try await ranges.read(at: offset, count: min(maximumCount, 8 << 20))
        offset += Int64(chunk.count)
        return chunk
    }
}
