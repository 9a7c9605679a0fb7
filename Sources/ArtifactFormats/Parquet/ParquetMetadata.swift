/// Parquet's file metadata and page headers (parquet.thrift), with the fields this library writes
/// and reads; other fields are skipped on reading.
enum Parquet {
    enum PhysicalType: Int32 {
        case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
    }

    enum Repetition: Int32 {
        case required = 0, optional = 1, repeated = 2
    }

    enum ConvertedType: Int32 {
        case utf8 = 0, map = 1, mapKeyValue = 2, list = 3, enumeration = 4, decimal = 5, date = 6, timeMillis = 7, timeMicros = 8
        case timestampMillis = 9, timestampMicros = 10, uint8 = 11, uint16 = 12, uint32 = 13, uint64 = 14, int8 = 15, int16 = 16
        case int32 = 17, int64 = 18, json = 19, bson = 20, interval = 21
    }

    enum Encoding: Int32 {
        case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5, deltaLengthByteArray = 6
        case deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
    }

    enum Codec: Int32 {
        case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7
    }

    enum PageType: Int32 {
        case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
    }

    enum TimeUnit: Equatable {
        case millis, micros, nanos
    }

    /// The logical type of a column: what its physical values mean.
    enum LogicalType: Equatable {
        case string, map, list, enumeration
        case decimal(scale: Int32, precision: Int32)
        case date
        case time(utc: Bool, unit: TimeUnit)
        case timestamp(utc: Bool, unit: TimeUnit)
        case integer(bitWidth: Int8, signed: Bool)
        case unknown, json, bson, uuid, float16
        /// A logical type this library does not know.
        case other(Int16)
    }

    struct SchemaElement: Equatable {
        var type: PhysicalType?
        var typeLength: Int32?
        var repetition: Repetition?
        var name: String
        var numChildren: Int32?
        var convertedType: ConvertedType?
        var scale: Int32?
        var precision: Int32?
        var logicalType: LogicalType?
    }

    struct Statistics: Equatable {
        var nullCount: Int64?
        var min: [UInt8]?
        var max: [UInt8]?
    }

    struct ColumnMetaData {
        var type: PhysicalType
        var encodings: [Encoding]
        var path: [String]
        var codec: Codec
        var numValues: Int64
        var totalUncompressedSize: Int64
        var totalCompressedSize: Int64
        var dataPageOffset: Int64
        var dictionaryPageOffset: Int64?
        var statistics: Statistics?

        /// Where the chunk's first page starts.
        var startOffset: Int64 { dictionaryPageOffset.map { Swift.min($0, dataPageOffset) } ?? dataPageOffset }
    }

    struct ColumnChunk {
        var fileOffset: Int64
        var metaData: ColumnMetaData?
    }

    struct RowGroup {
        var columns: [ColumnChunk]
        var totalByteSize: Int64
        var numRows: Int64
        var fileOffset: Int64?
        var totalCompressedSize: Int64?
        var ordinal: Int16?
    }

    struct KeyValue: Equatable {
        var key: String
        var value: String?
    }

    struct FileMetaData {
        var version: Int32
        var schema: [SchemaElement]
        var numRows: Int64
        var rowGroups: [RowGroup]
        var keyValueMetadata: [KeyValue]?
        var createdBy: String?
        /// Whether every column declares the type-defined sort order for its statistics.
        var columnOrdersDefined: Bool
    }

    struct DataPageHeader {
        var numValues: Int32
        var encoding: Encoding
        var definitionLevelEncoding: Encoding
        var repetitionLevelEncoding: Encoding
    }

    struct DataPageHeaderV2 {
        var numValues: Int32
        var numNulls: Int32
        var numRows: Int32
        var encoding: Encoding
        var definitionLevelsByteLength: Int32
        var repetitionLevelsByteLength: Int32
        var isCompressed: Bool
    }

    struct DictionaryPageHeader {
        var numValues: Int32
        var encoding: Encoding
    }

    struct PageHeader {
        var type: PageType
        var uncompressedPageSize: Int32
        var compressedPageSize: Int32
        var dataPage: DataPageHeader?
        var dictionaryPage: DictionaryPageHeader?
        var dataPageV2: DataPageHeaderV2?
    }
}

// MARK: Writing

extension Parquet.LogicalType {
    func write(to writer: inout ThriftWriter) {
        func empty(_ id: Int16) { writer.field(id) { _ in } }
        switch self {
        case .string: empty(1)
        case .map: empty(2)
        case .list: empty(3)
        case .enumeration: empty(4)
        case .decimal(let scale, let precision):
            writer.field(5) { $0.field(1, scale); $0.field(2, precision) }
        case .date: empty(6)
        case .time(let utc, let unit):
            writer.field(7) { $0.field(1, utc); Self.write(unit, id: 2, to: &$0) }
        case .timestamp(let utc, let unit):
            writer.field(8) { $0.field(1, utc); Self.write(unit, id: 2, to: &$0) }
        case .integer(let bitWidth, let signed):
            writer.field(10) { $0.field(1, i8: bitWidth); $0.field(2, signed) }
        case .unknown: empty(11)
        case .json: empty(12)
        case .bson: empty(13)
        case .uuid: empty(14)
        case .float16: empty(15)
        case .other: break
        }
    }

    private static func write(_ unit: Parquet.TimeUnit, id: Int16, to writer: inout ThriftWriter) {
        writer.field(id) { unionWriter in
            switch unit {
            case .millis: unionWriter.field(1) { _ in }
            case .micros: unionWriter.field(2) { _ in }
            case .nanos: unionWriter.field(3) { _ in }
            }
        }
    }
}

extension Parquet.Statistics {
    func write(to writer: inout ThriftWriter) {
        if let nullCount { writer.field(3, nullCount) }
        if let max { writer.field(5, binary: max) }
        if let min { writer.field(6, binary: min) }
    }
}

extension Parquet.FileMetaData {
    /// The metadata in Thrift's compact protocol, as it ends a file.
    func encoded() -> [UInt8] {
        var writer = ThriftWriter()
        writer.writeStruct { w in
            w.field(1, version)
            w.field(2, list: .structure, count: schema.count) { list in
                for element in schema { list.writeStruct { element.write(to: &$0) } }
            }
            w.field(3, numRows)
            w.field(4, list: .structure, count: rowGroups.count) { list in
                for group in rowGroups { list.writeStruct { group.write(to: &$0) } }
            }
            if let keyValueMetadata, !keyValueMetadata.isEmpty {
                w.field(5, list: .structure, count: keyValueMetadata.count) { list in
                    for pair in keyValueMetadata {
                        list.writeStruct { kv in
                            kv.field(1, pair.key)
                            if let value = pair.value { kv.field(2, value) }
                        }
                    }
                }
            }
            if let createdBy { w.field(6, createdBy) }
            if columnOrdersDefined {
                let leaves = schema.filter { $0.numChildren == nil && $0.type != nil }.count
                w.field(7, list: .structure, count: leaves) { list in
                    // TypeDefinedOrder for every leaf: min and max follow each type's own ordering.
                    for _ in 0..<leaves { list.writeStruct { $0.field(1) { _ in } } }
                }
            }
        }
        return writer.bytes
    }
}

extension Parquet.SchemaElement {
    func write(to writer: inout ThriftWriter) {
        if let type { writer.field(1, type.rawValue) }
        if let typeLength { writer.field(2, typeLength) }
        if let repetition { writer.field(3, repetition.rawValue) }
        writer.field(4, name)
        if let numChildren { writer.field(5, numChildren) }
        if let convertedType { writer.field(6, convertedType.rawValue) }
        if let scale { writer.field(7, scale) }
        if let precision { writer.field(8, precision) }
        if let logicalType { writer.field(10) { logicalType.write(to: &$0) } }
    }
}

extension Parquet.RowGroup {
    func write(to writer: inout ThriftWriter) {
        writer.field(1, list: .structure, count: columns.count) { list in
            for column in columns {
                list.writeStruct { chunk in
                    chunk.field(2, column.fileOffset)
                    if let metaData = column.metaData { chunk.field(3) { metaData.write(to: &$0) } }
                }
            }
        }
        writer.field(2, totalByteSize)
        writer.field(3, numRows)
        if let fileOffset { writer.field(5, fileOffset) }
        if let totalCompressedSize { writer.field(6, totalCompressedSize) }
        if let ordinal { writer.field(7, i16: ordinal) }
    }
}

extension Parquet.ColumnMetaData {
    func write(to writer: inout ThriftWriter) {
        writer.field(1, type.rawValue)
        writer.field(2, i32List: encodings.map(\.rawValue))
        writer.field(3, stringList: path)
        writer.field(4, codec.rawValue)
        writer.field(5, numValues)
        writer.field(6, totalUncompressedSize)
        writer.field(7, totalCompressedSize)
        writer.field(9, dataPageOffset)
        if let dictionaryPageOffset { writer.field(11, dictionaryPageOffset) }
        if let statistics { writer.field(12) { statistics.write(to: &$0) } }
    }
}

extension Parquet.PageHeader {
    func encoded() -> [UInt8] {
        var writer = ThriftWriter()
        writer.writeStruct { w in
            w.field(1, type.rawValue)
            w.field(2, uncompressedPageSize)
            w.field(3, compressedPageSize)
            if let dataPage {
                w.field(5) { page in
                    page.field(1, dataPage.numValues)
                    page.field(2, dataPage.encoding.rawValue)
                    page.field(3, dataPage.definitionLevelEncoding.rawValue)
                    page.field(4, dataPage.repetitionLevelEncoding.rawValue)
                }
            }
            if let dictionaryPage {
                w.field(7) { page in
                    page.field(1, dictionaryPage.numValues)
                    page.field(2, dictionaryPage.encoding.rawValue)
                }
            }
        }
        return writer.bytes
    }
}
