/// How a file's bytes are compressed. Text formats take `gzip` for the whole file; Parquet
/// compresses each page with any of them.
public enum ArtifactCompression: String, Sendable, Hashable, CaseIterable {
    /// Stored as they are.
    case none
    /// RFC 1952 gzip (deflate), one member.
    case gzip
    /// Google's Snappy: fast, moderate ratio; Parquet's usual codec.
    case snappy
    /// Zstandard: a better ratio at a similar speed.
    case zstd
}
