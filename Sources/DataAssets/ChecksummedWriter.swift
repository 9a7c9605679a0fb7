import ArtifactFormats
import Crypto
import Foundation
import ObjectStorage

/// A writer of a result file that also takes its size and SHA-256 as the bytes pass, so a
/// result's checksum costs no second read of the file.
final class ChecksummedWriter: ObjectWriter {
    let key: String
    private let format: String
    private let base: any ObjectWriter
    private var hasher = SHA256()
    private var size: Int64 = 0

    init(store: any ObjectStore, key: String, format: String) async throws {
        self.key = key
        self.format = format
        base = try await store.makeWriter(for: key)
    }

    func write(_ bytes: [UInt8]) async throws {
        hasher.update(data: bytes)
        size += Int64(bytes.count)
        try await base.write(bytes)
    }

    func commit() async throws { try await base.commit() }

    func abort() async { await base.abort() }

    /// The file as written so far.
    var file: ArtifactFile {
        ArtifactFile(key: key, format: format, sizeBytes: size, checksum: Self.checksum(hasher.finalize()))
    }

    static func checksum(_ digest: SHA256.Digest) -> String {
        "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The size and checksum of a file already in a store (a result recorded before runs kept them).
    static func measure(_ key: String, format: String, in store: any ObjectStore) async throws -> ArtifactFile {
        let reader = try await store.openReader(for: key)
        var hasher = SHA256()
        var size: Int64 = 0
        while true {
            let chunk = try await reader.read(upTo: 1 << 20)
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        return ArtifactFile(key: key, format: format, sizeBytes: size, checksum: checksum(hasher.finalize()))
    }
}

/// Checks that a file has the SHA-256 its catalog version recorded. A checksum of another algorithm
/// is not checked.
struct ChecksumVerifier {
    let expected: String

    init(_ expected: String) {
        self.expected = expected
    }

    /// Reads the whole file once; a columnar format reads its parts in another order than their
    /// bytes, so the check comes first.
    func verify(_ source: any ArtifactSource) async throws {
        guard expected.hasPrefix("sha256:") else { return }
        var hasher = SHA256()
        var offset: Int64 = 0
        while offset < source.size {
            let chunk = try await source.read(at: offset, count: 1 << 20)
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
            offset += Int64(chunk.count)
        }
        let actual = ChecksummedWriter.checksum(hasher.finalize())
        if actual != expected {
            throw DataAssetError(.unreadableArtifact,
                "the file does not hold the bytes this version recorded (its checksum is \(actual), not \(expected)); "
                    + "it was changed after it was registered")
        }
    }
}
