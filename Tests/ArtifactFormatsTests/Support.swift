import Foundation
import Testing
@testable import ArtifactFormats

/// A batch built cell by cell: `columns` names the columns, each row lists its values in that order.
func makeBatch(_ columns: [String], _ rows: [[ArtifactValue]]) throws -> RowBatch {
    var batch = RowBatch(columnNames: columns)
    for row in rows {
        for (index, value) in row.enumerated() { try batch.set(value, at: index) }
        batch.endRow()
    }
    return batch
}

/// A whole file of a batch in a format, written through the format's writer.
func encoded(_ batch: RowBatch, as format: any ArtifactFormat) async throws -> [UInt8] {
    let sink = MemorySink()
    let writer = try await format.makeWriter(schema: batch.schema, sink: sink)
    try await writer.append(batch)
    try await writer.finish()
    return sink.bytes
}

/// Reads a file back through the format's reader, from a source that hands out `chunkSize` bytes
/// at a time, and joins every batch it returns.
func readBack(_ bytes: [UInt8], as format: any ArtifactFormat, schema: Schema?, chunkSize: Int = 7,
              batchRows: Int = 65_536, options: ReadOptions = ReadOptions(), columns: [String]? = nil) async throws -> RowBatch {
    let reader = try await format.makeReader(MemorySource(bytes, pieceSize: chunkSize), schema: schema, options: options, columns: columns,
                                             batchRows: batchRows)
    var all: [RowBatch] = []
    while let batch = try await reader.next() { all.append(batch) }
    return try joined(all)
}

/// Drives a text format's decoder directly: bytes arrive `chunkSize` at a time with `final: false`,
/// so every record is split at many different places before the final call.
func decodeIncrementally(_ bytes: [UInt8], as format: any ArtifactFormat, schema: Schema?, chunkSize: Int = 7) async throws -> RowBatch {
    guard let text = format as? any TextFormat else { return try await readBack(bytes, as: format, schema: schema) }
    var decoder = text.makeDecoder(schema: schema, options: ReadOptions())
    var batch = RowBatch()
    var pending: [UInt8] = []
    var offset = 0
    while offset < bytes.count {
        let end = min(offset + chunkSize, bytes.count)
        pending.append(contentsOf: bytes[offset..<end])
        offset = end
        let used = try pending.withUnsafeBufferPointer { buffer throws(ArtifactFormatError) in
            try decoder.decode(buffer, final: false, into: &batch)
        }
        pending.removeFirst(used)
    }
    _ = try pending.withUnsafeBufferPointer { buffer throws(ArtifactFormatError) in
        try decoder.decode(buffer, final: true, into: &batch)
    }
    return batch
}

/// The rows of several batches as one batch.
func joined(_ batches: [RowBatch]) throws -> RowBatch {
    var result = RowBatch()
    for batch in batches {
        for row in 0..<batch.rowCount {
            for (index, column) in batch.schema.columns.enumerated() {
                try result.set(batch.value(row: row, column: index), at: result.columnIndex(for: column.name))
            }
            result.endRow()
        }
    }
    return result
}

/// Every row of a batch, with timestamps reduced to whole microseconds so that dates that print the
/// same compare equal.
func rows(_ batch: RowBatch) -> [[ArtifactValue]] {
    (0..<batch.rowCount).map { batch.row($0).map(normalized) }
}

private func normalized(_ value: ArtifactValue) -> ArtifactValue {
    switch value {
    case .timestamp(let date):
        return .timestamp(Date(timeIntervalSince1970: Double(Timestamp.microseconds(date)) / 1_000_000))
    case .array(let elements): return .array(elements.map(normalized))
    case .object(let object): return .object(ArtifactObject(keys: object.keys, values: object.values.map(normalized)))
    default: return value
    }
}

/// Encodes a batch, reads it back both through `ArtifactRowReader` and by driving the decoder in
/// small chunks, checks both readings agree, and returns the first.
func roundTrip(_ batch: RowBatch, as format: any ArtifactFormat, schema: Schema? = nil) async throws -> RowBatch {
    let bytes = try await encoded(batch, as: format)
    let recorded = schema ?? batch.schema
    let viaReader = try await readBack(bytes, as: format, schema: recorded)
    let viaDecoder = try await decodeIncrementally(bytes, as: format, schema: recorded)
    #expect(rows(viaReader) == rows(viaDecoder))
    #expect(viaReader.schema.names == viaDecoder.schema.names)
    return viaReader
}

/// The format of a name (`json` or `csv`), for tests parameterized over formats.
func format(_ name: String) throws -> any ArtifactFormat {
    try ArtifactFormats.format(named: name)
}

/// A date from microseconds since 1970.
func date(micros: Int64) -> Date {
    Date(timeIntervalSince1970: Double(micros) / 1_000_000)
}

/// A decimal from its text.
func decimal(_ text: String) throws -> Decimal {
    try #require(Decimal(string: text))
}
