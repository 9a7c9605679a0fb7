/// A Parquet file's footer: checks both magic numbers and decodes the file metadata.
struct ParquetFooter {
    let metadata: Parquet.FileMetaData

    /// The largest footer this reader decodes.
    static let maxLength = 256 << 20

    init(reading source: any ArtifactSource) async throws {
        let size = source.size
        guard size >= 12 else {
            throw ArtifactFormatError(.unreadable, "\(size) bytes are too few for a Parquet file (at least 12: two magic numbers and a footer length)")
        }
        let head = try await source.readExactly(at: 0, count: 4)
        let tail = try await source.readExactly(at: size - 8, count: 8)
        if Array(tail[4...]) == Array("PARE".utf8) {
            throw ArtifactFormatError(.unreadable, "the Parquet file is encrypted, which this reader does not support")
        }
        guard head == ParquetFileWriter.magic, Array(tail[4...]) == ParquetFileWriter.magic else {
            throw ArtifactFormatError(.unreadable, "this is not a Parquet file: it does not start and end with the magic number PAR1")
        }
        let length = Int64(tail[0]) | Int64(tail[1]) << 8 | Int64(tail[2]) << 16 | Int64(tail[3]) << 24
        guard length > 0, length <= size - 12, length <= Self.maxLength else {
            throw ArtifactFormatError(.unreadable, "the Parquet footer claims \(length) bytes, which the file of \(size) bytes cannot hold")
        }
        var reader = ThriftReader(try await source.readExactly(at: size - 8 - length, count: Int(length)))
        metadata = try Parquet.FileMetaData(reading: &reader)
    }

    /// The schema this library recorded in the file's key-value metadata, if it did.
    var recordedSchema: Schema? {
        guard let text = metadata.keyValueMetadata?.first(where: { $0.key == ParquetFormat.schemaKey })?.value else { return nil }
        return try? JSONDecoder().decode(Schema.self, from: Data(text.utf8))
    }
}

import Foundation
