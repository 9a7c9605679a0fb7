/// A file format for fragments and results. Every format writes the same rows and reads them back
/// into the same values; a format that does not describe its own types (CSV) reads them back with
/// the schema recorded when they were written.
///
/// A file is written by a stateful `ArtifactWriter`: opened with a schema (a header or magic bytes),
/// appended to batch by batch, finished (a footer). A batch is encoded once with `encode(_:)` and
/// the same encoded rows can then be placed in several files of the format — a run's fragment and
/// its result — without encoding them again.
public protocol ArtifactFormat: Sendable {
    /// The format's name, as used for fragment formats and in catalogs (`json`, `csv`, `parquet`).
    var name: String { get }
    /// File extensions that select this format; the first is the one written.
    var fileExtensions: [String] { get }
    /// The kind a table in this format is registered as in a Pangolin catalog (`JSON_TABLE`, `CSV_TABLE`).
    var catalogKind: String { get }
    /// How costly reading a row back is, relative to the other formats; of several files holding
    /// the same rows, a reader opens the cheapest.
    var readCost: Int { get }
    /// Encodes a batch, ready to be placed in any file of this format.
    func encode(_ batch: RowBatch) throws -> any EncodedRows
    /// Starts a file of rows of `schema` in `sink`.
    func makeWriter(schema: Schema, sink: any ArtifactSink) async throws -> any ArtifactWriter
    /// A reader of a whole file. `schema` is the one recorded when the file was written (a format
    /// that describes its own types uses it only for the overrides in `options`); `columns`, when
    /// given, are the only columns the caller needs, which a columnar format reads alone.
    func makeReader(_ source: any ArtifactSource, schema: Schema?, options: ReadOptions, columns: [String]?, batchRows: Int) async throws
        -> any ArtifactReader
    /// Whether rows written under `written` read back correctly as `target`, so that a file of
    /// them can become part of a result of `target` as it is, without decoding and encoding them.
    func canReuse(rowsEncodedAs written: Schema, for target: Schema) -> Bool
    /// This format with another compression, or an error naming the compressions it takes.
    func compressed(_ compression: ArtifactCompression) throws(ArtifactFormatError) -> any ArtifactFormat
}

/// A batch encoded by a format, opaque to everything but that format's writers.
public protocol EncodedRows: Sendable {
    /// The schema the rows were encoded under.
    var schema: Schema { get }
    /// How many rows there are.
    var rowCount: Int { get }
}

/// Writes one file of a format.
public protocol ArtifactWriter: AnyObject {
    /// The schema of the file.
    var schema: Schema { get }
    /// Encodes and appends the rows of a batch, conformed to the file's schema.
    func append(_ batch: RowBatch) async throws
    /// Appends rows that this format's `encode(_:)` encoded. Returns false, writing nothing, when
    /// the rows were encoded under a schema this file cannot hold as they are.
    func append(_ encoded: any EncodedRows) async throws -> Bool
    /// Appends every row of a whole file of this format, written under `schema`, which
    /// `canReuse(rowsEncodedAs:for:)` allows for this file's schema: its rows are copied, not
    /// decoded and encoded again.
    func append(file: any ArtifactSource, writtenAs schema: Schema) async throws
    /// Ends the file (a footer, a compressed stream's end). Nothing may be appended afterwards.
    func finish() async throws
}

/// Reads a file batch by batch, so memory holds one batch (or one row group) at a time.
public protocol ArtifactReader: AnyObject {
    /// The next batch of rows, or nil at the end.
    func next() async throws -> RowBatch?
}

/// Where a writer puts the bytes of a file: a local file, or an object store's upload.
public protocol ArtifactSink: AnyObject {
    /// Appends bytes.
    func write(_ bytes: [UInt8]) async throws
}

/// Where a reader gets the bytes of a file: any range of it, by offset.
public protocol ArtifactSource: AnyObject {
    /// The file's size in bytes.
    var size: Int64 { get }
    /// At most `count` bytes starting at `offset`; fewer only at the end of the file or when the
    /// source hands out bytes in smaller pieces.
    func read(at offset: Int64, count: Int) async throws -> [UInt8]
}

extension ArtifactSource {
    /// Exactly `count` bytes at `offset`, or an error naming what is missing.
    func readExactly(at offset: Int64, count: Int) async throws -> [UInt8] {
        var bytes = try await read(at: offset, count: count)
        while bytes.count < count {
            let more = try await read(at: offset + Int64(bytes.count), count: count - bytes.count)
            if more.isEmpty {
                throw ArtifactFormatError(.unreadable, "the file ends after \(offset + Int64(bytes.count)) bytes, inside a part that needs \(count) bytes from byte \(offset)")
            }
            bytes += more
        }
        return bytes
    }
}

/// A file held in memory; `pieceSize` limits how many bytes one read returns, as a slow source would.
public final class MemorySource: ArtifactSource {
    private let bytes: [UInt8]
    private let pieceSize: Int

    /// A source over `bytes`.
    public init(_ bytes: [UInt8], pieceSize: Int = .max) {
        self.bytes = bytes
        self.pieceSize = max(1, pieceSize)
    }

    public var size: Int64 { Int64(bytes.count) }

    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, offset < Int64(bytes.count), count > 0 else { return [] }
        let start = Int(offset)
        return Array(bytes[start..<min(bytes.count, start + min(count, pieceSize))])
    }
}

/// A sink that keeps what it receives in memory.
public final class MemorySink: ArtifactSink {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty sink.
    public init() {}

    public func write(_ bytes: [UInt8]) {
        self.bytes.append(contentsOf: bytes)
    }
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

    /// `schema` with the overridden column types.
    func applied(to schema: Schema?) -> Schema? {
        guard let schema, !columnTypes.isEmpty else { return schema }
        return Schema(columns: schema.columns.map { Column(name: $0.name, type: columnTypes[$0.name] ?? $0.type) })
    }
}

/// The formats the library knows, found by name or file extension.
public enum ArtifactFormats {
    /// Every format, with the CSV dialect of the given options.
    public static func all(options: ReadOptions = ReadOptions()) -> [any ArtifactFormat] {
        [JSONLines(), CSV(dialect: options.csv), ParquetFormat(), JSONLines(compression: .gzip), CSV(dialect: options.csv, compression: .gzip)]
    }

    /// The format of a file extension (case-insensitive; `csv.gz` names gzip-compressed CSV), or an
    /// error listing the known extensions.
    public static func format(forExtension fileExtension: String, options: ReadOptions = ReadOptions()) throws(ArtifactFormatError) -> any ArtifactFormat {
        let lowered = fileExtension.lowercased()
        if let format = all(options: options).first(where: { $0.fileExtensions.contains(lowered) }) { return format }
        throw .unknownFormat(fileExtension, known: all().flatMap(\.fileExtensions))
    }

    /// The format of a name such as `json`, `csv` or `csv.gz`.
    public static func format(named name: String, options: ReadOptions = ReadOptions()) throws(ArtifactFormatError) -> any ArtifactFormat {
        try format(forExtension: name, options: options)
    }

    /// The format of a file name or key, by its extension: `orders.csv.gz` is gzip-compressed CSV.
    public static func format(forFile name: String, options: ReadOptions = ReadOptions()) throws(ArtifactFormatError) -> any ArtifactFormat {
        guard let ending = knownExtension(of: name) else {
            let file = name.split(separator: "/").last.map(String.init) ?? name
            let last = file.split(separator: ".", omittingEmptySubsequences: false).dropFirst().last.map(String.init) ?? ""
            throw .unknownFormat(last, known: all().flatMap(\.fileExtensions))
        }
        return try format(forExtension: ending, options: options)
    }

    /// The format extension a file name ends with, the longest that is known (`csv.gz` before
    /// `gz`), lowercased; nil when it ends with none.
    public static func knownExtension(of name: String) -> String? {
        let file = name.split(separator: "/").last.map(String.init) ?? name
        let parts = file.split(separator: ".", omittingEmptySubsequences: false).dropFirst()
        let known = Set(all().flatMap(\.fileExtensions))
        for start in parts.indices {
            let ending = parts[start...].joined(separator: ".").lowercased()
            if known.contains(ending) { return ending }
        }
        return nil
    }

    /// A file name without its format extension: `bronze/orders.csv.gz` → `bronze/orders`.
    public static func droppingExtension(_ name: String) -> String {
        guard let ending = knownExtension(of: name) else {
            guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return name }
            return String(name[..<dot])
        }
        return String(name.dropLast(ending.count + 1))
    }
}
