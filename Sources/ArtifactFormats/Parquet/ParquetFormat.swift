/// Apache Parquet: columnar, typed and compressed, written and read by this library alone (no
/// Parquet library is needed). Files are written with data pages v1, dictionary encoding where it
/// pays, statistics for every column chunk, and row groups of at most `rowGroupRows` rows; they
/// read back in pyarrow, DuckDB and Spark, and files those write read back here.
public struct ParquetFormat: ArtifactFormat {
    public let name = "parquet"
    public let fileExtensions = ["parquet"]
    public let catalogKind = "PARQUET_TABLE"
    public let readCost = 1
    /// How pages are compressed.
    public let compression: ArtifactCompression
    /// The most rows in one row group; memory while writing holds about one row group.
    public let rowGroupRows: Int

    /// The key of the file metadata entry that holds the library's schema of the rows.
    static let schemaKey = "pangolin.schema"

    /// Parquet with pages compressed by `compression` (snappy by default, as pyarrow and DuckDB do).
    public init(compression: ArtifactCompression = .snappy, rowGroupRows: Int = 1 << 20) {
        self.compression = compression
        self.rowGroupRows = max(1, rowGroupRows)
    }

    var codec: Parquet.Codec { ParquetCodecs.codec(compression) }

    public func compressed(_ compression: ArtifactCompression) throws(ArtifactFormatError) -> any ArtifactFormat {
        ParquetFormat(compression: compression, rowGroupRows: rowGroupRows)
    }

    public func encode(_ batch: RowBatch) throws -> any EncodedRows {
        let schema = try ParquetSchema(writing: batch.schema)
        let groups = try ParquetEncoder.encode(batch, schema: schema, codec: codec, rowGroupRows: rowGroupRows)
        return ParquetRows(schema: batch.schema, rowCount: batch.rowCount, elements: schema.elements, codec: codec, groups: groups)
    }

    public func makeWriter(schema: Schema, sink: any ArtifactSink) async throws -> any ArtifactWriter {
        try await ParquetFileWriter(format: self, schema: schema, sink: sink)
    }

    public func makeReader(_ source: any ArtifactSource, schema: Schema?, options: ReadOptions, columns: [String]?, batchRows: Int) async throws
        -> any ArtifactReader
    {
        try await ParquetFileReader(source: source, schema: schema, options: options, columns: columns, filter: [], batchRows: batchRows)
    }

    /// A reader that skips the row groups whose statistics show that no row passes `filter` (the
    /// comparisons all hold). Rows of the groups it reads are not filtered: that is the caller's.
    public func makeReader(_ source: any ArtifactSource, columns: [String]? = nil, filter: [ParquetComparison], batchRows: Int = 65_536) async throws
        -> any ArtifactReader
    {
        try await ParquetFileReader(source: source, schema: nil, options: ReadOptions(), columns: columns, filter: filter, batchRows: batchRows)
    }

    /// Files of the same Parquet schema (decimal precisions rounded to the writer's steps) can be
    /// joined row group by row group; any other difference needs the rows rewritten.
    public func canReuse(rowsEncodedAs written: Schema, for target: Schema) -> Bool {
        guard let left = try? ParquetSchema(writing: written), let right = try? ParquetSchema(writing: target) else { return false }
        return left.elements == right.elements
    }

    /// The schema of a Parquet file, as its footer describes it.
    public static func schema(of source: any ArtifactSource) async throws -> Schema {
        let footer = try await ParquetFooter(reading: source)
        return try ParquetSchema(reading: footer.metadata.schema, recorded: footer.recordedSchema).schema
    }
}
