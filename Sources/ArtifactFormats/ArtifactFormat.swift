/// A file format for fragments and results. Every format writes the same rows and reads them back
/// into the same values given the schema recorded when they were written.
public protocol ArtifactFormat: Sendable {
    /// The format's name, as used for fragment formats (`json`, `csv`).
    var name: String { get }
    /// File extensions that select this format; the first is the one written.
    var fileExtensions: [String] { get }
    /// The kind a table in this format is registered as in a Pangolin catalog (`JSON_TABLE`, `CSV_TABLE`).
    var catalogKind: String { get }
    /// Bytes that start a file of this schema (a CSV header line; nothing for JSON Lines).
    func encodedHeader(for schema: Schema) -> [UInt8]
    /// Appends the rows of a batch, without a header.
    func encode(_ batch: RowBatch, into bytes: inout [UInt8])
    /// Whether rows encoded with schema `written` already read back correctly as `target`, so their
    /// bytes can be copied into a result of the unified schema instead of being rewritten.
    func canReuse(rowsEncodedAs written: Schema, for target: Schema) -> Bool
    /// A decoder that turns bytes back into rows; `schema` is the one recorded when writing.
    func makeDecoder(schema: Schema?, options: ReadOptions) -> any ArtifactDecoder
}

/// Turns a format's bytes into rows, a chunk at a time.
public protocol ArtifactDecoder {
    /// Decodes every complete row in `bytes` into `batch` and returns how many bytes it used; the
    /// rest must be passed again with more bytes appended. `final` says no more bytes will come.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool, into batch: inout RowBatch) throws(ArtifactFormatError) -> Int
}

/// How artifacts are read back.
public struct ReadOptions: Sendable, Hashable {
    /// The CSV dialect, used for writing and reading CSV.
    public var csv: CSVDialect
    /// Types that override the recorded or inferred type of columns, by name.
    public var columnTypes: [String: ColumnType]

    /// Read options; the defaults read what the library writes.
    public init(csv: CSVDialect = CSVDialect(), columnTypes: [String: ColumnType] = [:]) {
        self.csv = csv
        self.columnTypes = columnTypes
    }
}

/// The formats the library knows, found by name or file extension.
public enum ArtifactFormats {
    /// Every format, with the CSV dialect of the given options.
    public static func all(options: ReadOptions = ReadOptions()) -> [any ArtifactFormat] {
        [JSONLines(), CSV(dialect: options.csv)]
    }

    /// The format of a file extension (case-insensitive), or an error listing the known extensions.
    public static func format(forExtension fileExtension: String, options: ReadOptions = ReadOptions()) throws(ArtifactFormatError) -> any ArtifactFormat {
        let lowered = fileExtension.lowercased()
        if let format = all(options: options).first(where: { $0.fileExtensions.contains(lowered) }) { return format }
        throw .unknownFormat(fileExtension, known: all().flatMap(\.fileExtensions))
    }

    /// The format of a name such as `json` or `csv`.
    public static func format(named name: String, options: ReadOptions = ReadOptions()) throws(ArtifactFormatError) -> any ArtifactFormat {
        try format(forExtension: name, options: options)
    }
}

/// Reads a whole artifact batch by batch from a source of byte chunks, so memory holds one batch.
public struct ArtifactRowReader {
    private var decoder: any ArtifactDecoder
    private let nextChunk: () throws -> [UInt8]
    private var pending: [UInt8] = []
    private var finished = false
    private let batchRows: Int

    /// A reader of one artifact; `nextChunk` returns an empty array at the end.
    public init(format: any ArtifactFormat, schema: Schema?, options: ReadOptions = ReadOptions(), batchRows: Int = 65_536, nextChunk: @escaping () throws -> [UInt8]) {
        var effective = schema
        if let schema, !options.columnTypes.isEmpty {
            effective = Schema(columns: schema.columns.map { Column(name: $0.name, type: options.columnTypes[$0.name] ?? $0.type) })
        }
        decoder = format.makeDecoder(schema: effective, options: options)
        self.nextChunk = nextChunk
        self.batchRows = batchRows
    }

    /// The next batch of rows, or nil at the end.
    public mutating func next() throws -> RowBatch? {
        var batch = RowBatch()
        while batch.rowCount < batchRows {
            if pending.isEmpty && finished { break }
            if !finished {
                let chunk = try nextChunk()
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
