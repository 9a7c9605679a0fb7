import CSnappy
import CZstd

/// The page codecs, through the system's snappy, zstd and zlib.
enum ParquetCodecs {
    /// The largest page this reader decompresses: a bound on what a damaged header can make it allocate.
    static let maxPageSize = 256 << 20

    /// The codec of a compression.
    static func codec(_ compression: ArtifactCompression) -> Parquet.Codec {
        switch compression {
        case .none: .uncompressed
        case .snappy: .snappy
        case .gzip: .gzip
        case .zstd: .zstd
        }
    }

    /// A page compressed, and its size before.
    static func compress(_ page: [UInt8], codec: Parquet.Codec) throws -> (bytes: [UInt8], uncompressedSize: Int) {
        switch codec {
        case .uncompressed:
            return (page, page.count)
        case .snappy:
            var length = snappy_max_compressed_length(page.count)
            var output = [UInt8](repeating: 0, count: length)
            let status = page.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { out in
                    snappy_compress(input.baseAddress?.assumingMemoryBound(to: CChar.self), page.count,
                                    out.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
                }
            }
            guard status == SNAPPY_OK else { throw ArtifactFormatError(.unencodable, "snappy could not compress a page (status \(status.rawValue))") }
            output.removeSubrange(length...)
            return (output, page.count)
        case .gzip:
            return (try page.withUnsafeBytes { try Gzip.compress($0) }, page.count)
        case .zstd:
            var output = [UInt8](repeating: 0, count: ZSTD_compressBound(page.count))
            let written = page.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { out in ZSTD_compress(out.baseAddress, out.count, input.baseAddress, input.count, 3) }
            }
            guard ZSTD_isError(written) == 0 else {
                throw ArtifactFormatError(.unencodable, "zstd could not compress a page: \(String(cString: ZSTD_getErrorName(written)))")
            }
            output.removeSubrange(written...)
            return (output, page.count)
        default:
            throw ArtifactFormatError(.unencodable, "pages are not written with \(codec)")
        }
    }

    /// A page decompressed to the size its header gives.
    static func decompress(_ input: ArraySlice<UInt8>, codec: Parquet.Codec, uncompressedSize: Int, column: String) throws -> [UInt8] {
        guard (0...maxPageSize).contains(uncompressedSize) else {
            throw ArtifactFormatError(.unreadable, "column '\(column)': a page claims \(uncompressedSize) bytes uncompressed")
        }
        func damaged(_ what: String) -> ArtifactFormatError {
            ArtifactFormatError(.unreadable, "column '\(column)': a \(what) page is damaged")
        }
        switch codec {
        case .uncompressed:
            return Array(input)
        case .snappy:
            return try input.withUnsafeBytes { raw in
                let pointer = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var length = 0
                guard snappy_uncompressed_length(pointer, raw.count, &length) == SNAPPY_OK, length == uncompressedSize else {
                    throw damaged("snappy")
                }
                var output = [UInt8](repeating: 0, count: length)
                let status = output.withUnsafeMutableBytes { out in
                    snappy_uncompress(pointer, raw.count, out.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
                }
                guard status == SNAPPY_OK, length == uncompressedSize else { throw damaged("snappy") }
                return output
            }
        case .gzip:
            let output = try input.withUnsafeBytes { try Gzip.decompress($0, expectedSize: uncompressedSize) }
            guard output.count == uncompressedSize else { throw damaged("gzip") }
            return output
        case .zstd:
            var output = [UInt8](repeating: 0, count: uncompressedSize)
            let written = input.withUnsafeBytes { raw in
                output.withUnsafeMutableBytes { out in ZSTD_decompress(out.baseAddress, out.count, raw.baseAddress, raw.count) }
            }
            guard ZSTD_isError(written) == 0, written == uncompressedSize else { throw damaged("zstd") }
            return output
        default:
            throw ArtifactFormatError(.unreadable,
                "column '\(column)' is compressed with \(codec), which this reader does not support; write it with snappy, gzip, zstd or none")
        }
    }
}
