/// A format whose files are a header, then rows as text, one after another (JSON Lines, CSV),
/// optionally gzip-compressed as a whole. Encoded rows are text and can be placed in any file of
/// the format; a file's rows are copied into another by skipping its header.
protocol TextFormat: ArtifactFormat {
    /// Whether files are gzip-compressed.
    var compression: ArtifactCompression { get }
    /// Bytes that start a file of this schema (a CSV header line; nothing for JSON Lines).
    func encodedHeader(for schema: Schema) -> [UInt8]
    /// Appends the rows of a batch as text, without a header.
    func encode(_ batch: RowBatch, into bytes: inout [UInt8])
    /// A decoder that turns text back into rows; `schema` is the one recorded when writing.
    func makeDecoder(schema: Schema?, options: ReadOptions) -> any ArtifactDecoder
}

/// Rows encoded as text.
struct TextRows: EncodedRows {
    let schema: Schema
    let rowCount: Int
    let bytes: [UInt8]
}

extension TextFormat {
    public func encode(_ batch: RowBatch) throws -> any EncodedRows {
        var bytes: [UInt8] = []
        encode(batch, into: &bytes)
        return TextRows(schema: batch.schema, rowCount: batch.rowCount, bytes: bytes)
    }

    public func makeWriter(schema: Schema, sink: any ArtifactSink) async throws -> any ArtifactWriter {
        try await TextWriter(format: self, schema: schema, sink: sink)
    }

    public func makeReader(_ source: any ArtifactSource, schema: Schema?, options: ReadOptions, columns: [String]?, batchRows: Int) async throws
        -> any ArtifactReader
    {
        TextReader(decoder: makeDecoder(schema: options.applied(to: schema), options: options), source: source, batchRows: batchRows)
    }

    /// Text rows are read back by the reader of either compression.
    public var readCost: Int { 2 }

    /// Text files are compressed whole, with gzip only.
    static func checkTextCompression(_ compression: ArtifactCompression, _ name: String) throws(ArtifactFormatError) {
        guard compression == .none || compression == .gzip else {
            throw ArtifactFormatError(.unencodable, "\(name) files are compressed with gzip or not at all, not with \(compression.rawValue)")
        }
    }

    /// The extensions of a text format, with `.gz` after each when compressed.
    static func extensions(_ plain: [String], _ compression: ArtifactCompression) -> [String] {
        compression == .gzip ? plain.map { $0 + ".gz" } : plain
    }
}

/// Writes a text file: the header when it opens, rows as they come, the end of the gzip stream
/// when it finishes.
final class TextWriter<Format: TextFormat>: ArtifactWriter {
    let schema: Schema
    private let format: Format
    private let sink: any ArtifactSink
    private let gzip: GzipSink?

    init(format: Format, schema: Schema, sink: any ArtifactSink) async throws {
        self.format = format
        self.schema = schema
        gzip = format.compression == .gzip ? try GzipSink(sink) : nil
        self.sink = gzip ?? sink
        try await self.sink.write(format.encodedHeader(for: schema))
    }

    func append(_ batch: RowBatch) async throws {
        var bytes: [UInt8] = []
        format.encode(batch.schema == schema ? batch : batch.conformed(to: schema), into: &bytes)
        try await sink.write(bytes)
    }

    func append(_ encoded: any EncodedRows) async throws -> Bool {
        guard let rows = encoded as? TextRows else { return false }
        try await sink.write(rows.bytes)
        return true
    }

    func append(file: any ArtifactSource, writtenAs schema: Schema) async throws {
        var skip = format.encodedHeader(for: schema).count
        let next = TextReader.chunks(of: file)
        while true {
            let chunk = try await next()
            if chunk.isEmpty { return }
            if skip >= chunk.count {
                skip -= chunk.count
                continue
            }
            try await sink.write(skip == 0 ? chunk : Array(chunk[skip...]))
            skip = 0
        }
    }

    func finish() async throws {
        try await gzip?.finish()
    }
}

/// Reads a text file in chunks, decompressing it when it starts with gzip's magic bytes, and
/// decodes rows into batches of at most `batchRows`.
final class TextReader: ArtifactReader {
    private var decoder: any ArtifactDecoder
    private let chunks: () async throws -> [UInt8]
    private var pending: [UInt8] = []
    private var finished = false
    private let batchRows: Int

    init(decoder: any ArtifactDecoder, source: any ArtifactSource, batchRows: Int) {
        self.decoder = decoder
        self.batchRows = max(1, batchRows)
        chunks = Self.chunks(of: source)
    }

    /// The file's bytes in chunks of about a megabyte, decompressed when it is gzip.
    static func chunks(of source: any ArtifactSource) -> () async throws -> [UInt8] {
        var offset: Int64 = 0
        var inflater: Inflater?
        var sniffed = false
        return {
            while true {
                let raw = try await source.read(at: offset, count: 1 << 20)
                offset += Int64(raw.count)
                if !sniffed {
                    sniffed = true
                    if raw.starts(with: Gzip.magic) { inflater = try Inflater() }
                }
                guard let decompressor = inflater else { return raw }
                if raw.isEmpty {
                    try decompressor.finish()
                    return []
                }
                var output: [UInt8] = []
                try raw.withUnsafeBytes { input in
                    try decompressor.decompress(input) { output.append(contentsOf: $0) }
                }
                if !output.isEmpty { return output }
            }
        }
    }

    func next() async throws -> RowBatch? {
        var batch = RowBatch()
        while batch.rowCount < batchRows {
            if pending.isEmpty && finished { break }
            if !finished {
                let chunk = try await chunks()
                if chunk.isEmpty { finished = true } else { pending.append(contentsOf: chunk) }
                if !finished && pending.count < 1 << 16 { continue }
            }
            let final = finished
            let consumed = try pending.withUnsafeBufferPointer { buffer throws(ArtifactFormatError) in
                try decoder.decode(buffer, final: final, into: &batch)
            }
            pending.removeFirst(consumed)
            if finished && consumed == 0 { break }
        }
        return batch.rowCount == 0 && finished ? nil : batch
    }
}

/// Turns a format's bytes into rows, a chunk at a time.
public protocol ArtifactDecoder {
    /// Decodes every complete row in `bytes` into `batch` and returns how many bytes it used; the
    /// rest must be passed again with more bytes appended. `final` says no more bytes will come.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool, into batch: inout RowBatch) throws(ArtifactFormatError) -> Int
}
