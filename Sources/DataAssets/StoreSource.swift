import ArtifactFormats
import ObjectStorage

/// An object of a store as a format reader's source of bytes.
final class StoreSource: ArtifactSource {
    private let reader: any RangeReader

    init(store: any ObjectStore, key: String) async throws {
        reader = try await store.openRangeReader(for: key)
    }

    var size: Int64 { reader.size }

    func read(at offset: Int64, count: Int) async throws -> [UInt8] {
        try await reader.read(at: offset, count: count)
    }
}

/// Result and fragment files take a format writer's bytes as they are written.
extension ChecksummedWriter: ArtifactSink {}
