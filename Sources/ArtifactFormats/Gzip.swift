import CZlib

/// RFC 1952 gzip through the system's zlib: a streaming compressor in front of a sink, a
/// streaming decompressor for readers, and whole-buffer forms for Parquet pages.
enum Gzip {
    /// The two bytes every gzip member starts with.
    static let magic: [UInt8] = [0x1F, 0x8B]

    /// Compresses a whole buffer into one gzip member.
    static func compress(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        let deflater = try Deflater()
        var output: [UInt8] = []
        try deflater.compress(input, final: true) { output.append(contentsOf: $0) }
        return output
    }

    /// Decompresses a whole buffer of one or more gzip members.
    static func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int? = nil) throws -> [UInt8] {
        let inflater = try Inflater()
        var output: [UInt8] = []
        if let expectedSize { output.reserveCapacity(expectedSize) }
        try inflater.decompress(input) { output.append(contentsOf: $0) }
        try inflater.finish()
        return output
    }

    static func failure(_ stream: UnsafeMutablePointer<z_stream>, _ status: Int32, _ what: String) -> ArtifactFormatError {
        let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
        return ArtifactFormatError(.unreadable, "\(what): \(reason)")
    }
}

/// A deflate stream with a gzip wrapper: one member, however many pieces go in.
final class Deflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)

    init() throws {
        stream.initialize(to: z_stream())
        // 15 + 16: window of 2^15 bytes, gzip wrapper.
        let status = deflateInit2_(stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw Gzip.failure(stream, status, "gzip compression could not start")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `input`; with `final` the member's trailer follows. `output` receives the bytes.
    func compress(_ input: UnsafeRawBufferPointer, final: Bool, output: ([UInt8]) throws -> Void) throws {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        while true {
            let status = buffer.withUnsafeMutableBufferPointer { out in
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = UInt32(out.count)
                return deflate(stream, final ? Z_FINISH : Z_NO_FLUSH)
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw Gzip.failure(stream, status, "gzip compression failed")
            }
            let produced = buffer.count - Int(stream.pointee.avail_out)
            if produced > 0 { try output(Array(buffer[0..<produced])) }
            if final ? status == Z_STREAM_END : stream.pointee.avail_out != 0 { return }
        }
    }
}

/// An inflate stream that reads gzip (or zlib) members one after another.
final class Inflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    /// Whether bytes of a member have gone in since the last member ended.
    private var insideMember = false

    init() throws {
        stream.initialize(to: z_stream())
        // 15 + 32: whichever of a gzip or zlib header is there.
        let status = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw Gzip.failure(stream, status, "gzip decompression could not start")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Decompresses the next piece of input; `output` receives the bytes.
    func decompress(_ input: UnsafeRawBufferPointer, output: ([UInt8]) throws -> Void) throws {
        var base = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        var remaining = input.count
        while remaining > 0 {
            stream.pointee.next_in = base
            stream.pointee.avail_in = UInt32(remaining)
            insideMember = true
            let status = buffer.withUnsafeMutableBufferPointer { out in
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = UInt32(out.count)
                return inflate(stream, Z_NO_FLUSH)
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw Gzip.failure(stream, status, "the gzip data is damaged")
            }
            let produced = buffer.count - Int(stream.pointee.avail_out)
            if produced > 0 { try output(Array(buffer[0..<produced])) }
            let used = remaining - Int(stream.pointee.avail_in)
            base = base.map { $0 + used }
            remaining -= used
            if status == Z_STREAM_END {
                // A member ended; another may follow.
                inflateReset(stream)
                insideMember = false
            } else if used == 0 && produced == 0 {
                break
            }
        }
    }

    /// Checks that the input ended where a member ends.
    func finish() throws {
        if insideMember { throw ArtifactFormatError(.unreadable, "the gzip data ends before its last member is complete") }
    }
}

/// Compresses everything written into one gzip member for the sink behind it.
final class GzipSink: ArtifactSink {
    private let sink: any ArtifactSink
    private let deflater: Deflater

    init(_ sink: any ArtifactSink) throws {
        self.sink = sink
        deflater = try Deflater()
    }

    func write(_ bytes: [UInt8]) async throws {
        var compressed: [UInt8] = []
        try bytes.withUnsafeBytes { raw in try deflater.compress(raw, final: false) { compressed.append(contentsOf: $0) } }
        if !compressed.isEmpty { try await sink.write(compressed) }
    }

    /// Writes the member's end.
    func finish() async throws {
        var compressed: [UInt8] = []
        try deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), final: true) { compressed.append(contentsOf: $0) }
        try await sink.write(compressed)
    }
}
