import Foundation

/// Rows of a batch encoded as Parquet row groups: each column chunk's pages, compressed, with its
/// metadata; placed in a file, only the offsets in the footer depend on where they land.
struct ParquetRows: EncodedRows {
    struct RowGroup: Sendable {
        var rowCount: Int
        var chunks: [ParquetChunk]
    }

    let schema: Schema
    let rowCount: Int
    /// The file schema the chunks were encoded for.
    let elements: [Parquet.SchemaElement]
    let codec: Parquet.Codec
    let groups: [RowGroup]
}


/// Shreds rows into leaf columns (Dremel's definition and repetition levels) and encodes them as
/// row groups of at most `rowGroupRows` rows. Rows are kept, shredded, until a row group is full;
/// memory holds about one row group.
struct ParquetEncoder {
    let schema: ParquetSchema
    let codec: Parquet.Codec
    let rowGroupRows: Int
    private var leaves: [ParquetLeafWriter]
    private(set) var pendingRows = 0

    init(schema: ParquetSchema, codec: Parquet.Codec, rowGroupRows: Int) {
        self.schema = schema
        self.codec = codec
        self.rowGroupRows = rowGroupRows
        leaves = schema.leaves.map { ParquetLeafWriter(leaf: $0) }
    }

    /// Every row of a batch as row groups, the last one holding what is left.
    static func encode(_ batch: RowBatch, schema: ParquetSchema, codec: Parquet.Codec, rowGroupRows: Int) throws -> [ParquetRows.RowGroup] {
        var encoder = ParquetEncoder(schema: schema, codec: codec, rowGroupRows: rowGroupRows)
        var groups = try encoder.append(batch)
        if let last = try encoder.flush() { groups.append(last) }
        return groups
    }

    /// Adds the rows of a batch; returns the row groups that filled up.
    mutating func append(_ batch: RowBatch) throws -> [ParquetRows.RowGroup] {
        var full: [ParquetRows.RowGroup] = []
        var start = 0
        while start < batch.rowCount {
            let end = min(batch.rowCount, start + rowGroupRows - pendingRows)
            try shred(batch, rows: start..<end)
            pendingRows += end - start
            start = end
            if pendingRows >= rowGroupRows, let group = try flush() { full.append(group) }
        }
        return full
    }

    /// The row group of the rows added since the last one, or nil when there are none.
    mutating func flush() throws -> ParquetRows.RowGroup? {
        guard pendingRows > 0 else { return nil }
        let group = ParquetRows.RowGroup(rowCount: pendingRows, chunks: try leaves.map { try $0.chunk(codec: codec) })
        leaves = schema.leaves.map { ParquetLeafWriter(leaf: $0) }
        pendingRows = 0
        return group
    }

    private mutating func shred(_ batch: RowBatch, rows: Range<Int>) throws {
        for index in leaves.indices { leaves[index].reserve(pendingRows + rows.count) }
        for field in schema.fields {
            guard let column = batch.existingIndex(of: field.name) else {
                for leaf in field.leaves { for _ in rows { leaves[leaf].appendAbsent(definition: 0, repetition: 0) } }
                continue
            }
            let values = batch.columns[column]
            if case .leaf(let leaf) = field.shape {
                // A top-level primitive, the common case: no shredding to do.
                try leaves[leaf].appendColumn(values[rows])
            } else {
                for row in rows { try Self.shred(values[row], field, parentDefinition: 0, repetition: 0, into: &leaves) }
            }
        }
    }

    /// Appends one value of `field` to its leaves: an entry per leaf for a null or an empty list,
    /// and for each element of a list, its entries with the list's repetition level after the first.
    static func shred(_ value: ArtifactValue, _ field: ParquetField, parentDefinition: Int, repetition: Int,
                      into leaves: inout [ParquetLeafWriter]) throws {
        if value.isNull {
            for leaf in field.leaves { leaves[leaf].appendAbsent(definition: parentDefinition, repetition: repetition) }
            return
        }
        switch field.shape {
        case .leaf(let leaf):
            try leaves[leaf].append(value, repetition: repetition)
        case .group(let children):
            guard case .object(let object) = value else {
                throw ArtifactFormatError(.unencodable, "column '\(field.name)' holds \(value.columnType) values where a struct belongs")
            }
            for child in children {
                try shred(object[child.name] ?? .null, child, parentDefinition: field.definition, repetition: repetition, into: &leaves)
            }
        case .list(let elementDefinition, let elementRepetition, let element):
            guard case .array(let elements) = value else {
                throw ArtifactFormatError(.unencodable, "column '\(field.name)' holds \(value.columnType) values where an array belongs")
            }
            if elements.isEmpty {
                for leaf in field.leaves { leaves[leaf].appendAbsent(definition: field.definition, repetition: repetition) }
                return
            }
            for (index, item) in elements.enumerated() {
                try shred(item, element, parentDefinition: elementDefinition, repetition: index == 0 ? repetition : elementRepetition,
                          into: &leaves)
            }
        }
    }
}

/// Writes a Parquet file: `PAR1`, row groups as they come, and on `finish()` the footer — the file
/// metadata in Thrift's compact protocol, its length and `PAR1` again.
final class ParquetFileWriter: ArtifactWriter {
    static let magic: [UInt8] = Array("PAR1".utf8)

    let schema: Schema
    private let parquetSchema: ParquetSchema
    private let format: ParquetFormat
    private let sink: any ArtifactSink
    private var offset: Int64 = 0
    private var rowGroups: [Parquet.RowGroup] = []
    private var rowCount: Int64 = 0
    /// Rows appended as batches, waiting for their row group to fill.
    private var encoder: ParquetEncoder

    init(format: ParquetFormat, schema: Schema, sink: any ArtifactSink) async throws {
        self.format = format
        self.schema = schema
        parquetSchema = try ParquetSchema(writing: schema)
        encoder = ParquetEncoder(schema: parquetSchema, codec: format.codec, rowGroupRows: format.rowGroupRows)
        self.sink = sink
        try await write(Self.magic)
    }

    private func write(_ bytes: [UInt8]) async throws {
        try await sink.write(bytes)
        offset += Int64(bytes.count)
    }

    func append(_ batch: RowBatch) async throws {
        guard batch.rowCount > 0 else { return }
        let conformed = batch.schema == schema ? batch : batch.conformed(to: schema)
        for group in try encoder.append(conformed) { try await place(group) }
    }

    /// Writes the rows waiting for their row group, so that rows placed next follow them.
    private func flushPending() async throws {
        if let group = try encoder.flush() { try await place(group) }
    }

    func append(_ encoded: any EncodedRows) async throws -> Bool {
        guard let rows = encoded as? ParquetRows, rows.elements == parquetSchema.elements, rows.codec == format.codec else { return false }
        try await flushPending()
        for group in rows.groups { try await place(group) }
        return true
    }

    private func place(_ group: ParquetRows.RowGroup) async throws {
        guard group.rowCount > 0 else { return }
        let start = offset
        var columns: [Parquet.ColumnChunk] = []
        var uncompressed: Int64 = 0
        for chunk in group.chunks {
            var metadata = chunk.metadata
            metadata.dataPageOffset += offset
            metadata.dictionaryPageOffset = metadata.dictionaryPageOffset.map { $0 + offset }
            columns.append(Parquet.ColumnChunk(fileOffset: metadata.startOffset, metaData: metadata))
            uncompressed += metadata.totalUncompressedSize
            try await write(chunk.bytes)
        }
        rowGroups.append(Parquet.RowGroup(columns: columns, totalByteSize: uncompressed, numRows: Int64(group.rowCount), fileOffset: start,
                                          totalCompressedSize: offset - start, ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
        rowCount += Int64(group.rowCount)
    }

    func append(file: any ArtifactSource, writtenAs schema: Schema) async throws {
        try await flushPending()
        let footer = try await ParquetFooter(reading: file)
        guard footer.metadata.schema == parquetSchema.elements else {
            throw ArtifactFormatError(.unreadable, "a Parquet file of another schema cannot be copied into this one; read its rows instead")
        }
        for group in footer.metadata.rowGroups where group.numRows > 0 {
            let start = offset
            var columns: [Parquet.ColumnChunk] = []
            for column in group.columns {
                guard var metadata = column.metaData else { throw ArtifactFormatError(.unreadable, "a column chunk has no metadata") }
                let bytes = try await file.readExactly(at: metadata.startOffset, count: Int(metadata.totalCompressedSize))
                let shift = offset - metadata.startOffset
                metadata.dataPageOffset += shift
                metadata.dictionaryPageOffset = metadata.dictionaryPageOffset.map { $0 + shift }
                columns.append(Parquet.ColumnChunk(fileOffset: metadata.startOffset, metaData: metadata))
                try await write(bytes)
            }
            rowGroups.append(Parquet.RowGroup(columns: columns, totalByteSize: group.totalByteSize, numRows: group.numRows, fileOffset: start,
                                              totalCompressedSize: offset - start, ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
            rowCount += group.numRows
        }
    }

    func finish() async throws {
        try await flushPending()
        let recorded = (try? JSONEncoder().encode(schema)).map { String(decoding: $0, as: UTF8.self) }
        let metadata = Parquet.FileMetaData(
            version: 2, schema: parquetSchema.elements, numRows: rowCount, rowGroups: rowGroups,
            keyValueMetadata: recorded.map { [Parquet.KeyValue(key: ParquetFormat.schemaKey, value: $0)] },
            createdBy: "\(Library.name) version \(Library.version)", columnOrdersDefined: true)
        let footer = metadata.encoded()
        try await write(footer)
        try await write(withUnsafeBytes(of: UInt32(footer.count).littleEndian) { Array($0) })
        try await write(Self.magic)
    }
}
