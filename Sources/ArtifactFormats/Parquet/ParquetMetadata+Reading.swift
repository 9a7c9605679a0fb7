/// Reading Parquet's metadata from Thrift's compact protocol. Required fields that are missing, and
/// enum values that are out of range, are errors that say which.
extension Parquet {
    static func missing(_ field: String, in structure: String) -> ArtifactFormatError {
        ThriftReader.damaged("a \(structure) has no \(field)")
    }

    static func known<E: RawRepresentable>(_ type: E.Type, _ raw: Int32, what: String) throws -> E where E.RawValue == Int32 {
        guard let value = E(rawValue: raw) else { throw ThriftReader.damaged("\(what) \(raw) is not one Parquet defines") }
        return value
    }
}

extension Parquet.FileMetaData {
    init(reading reader: inout ThriftReader) throws {
        var version: Int32?, numRows: Int64?, schema: [Parquet.SchemaElement]?, rowGroups: [Parquet.RowGroup]?
        var keyValues: [Parquet.KeyValue]?, createdBy: String?, orders = false
        try reader.readStruct { r, id, _ in
            switch id {
            case 1: version = try r.i32()
            case 2:
                var elements: [Parquet.SchemaElement] = []
                try r.readList { r, _ in elements.append(try Parquet.SchemaElement(reading: &r)) }
                schema = elements
            case 3: numRows = try r.i64()
            case 4:
                var groups: [Parquet.RowGroup] = []
                try r.readList { r, _ in groups.append(try Parquet.RowGroup(reading: &r)) }
                rowGroups = groups
            case 5:
                var pairs: [Parquet.KeyValue] = []
                try r.readList { r, _ in
                    var key: String?, value: String?
                    try r.readStruct { r, id, _ in
                        switch id {
                        case 1: key = try r.string()
                        case 2: value = try r.string()
                        default: return false
                        }
                        return true
                    }
                    if let key { pairs.append(Parquet.KeyValue(key: key, value: value)) }
                }
                keyValues = pairs
            case 6: createdBy = try r.string()
            case 7:
                var all = true
                try r.readList { r, _ in
                    var typeDefined = false
                    try r.readStruct { r, id, type in
                        if id == 1 { typeDefined = true }
                        try r.skip(type)
                        return true
                    }
                    all = all && typeDefined
                }
                orders = all
            default: return false
            }
            return true
        }
        guard let version else { throw Parquet.missing("version", in: "file metadata") }
        guard let schema else { throw Parquet.missing("schema", in: "file metadata") }
        guard let numRows else { throw Parquet.missing("row count", in: "file metadata") }
        self.init(version: version, schema: schema, numRows: numRows, rowGroups: rowGroups ?? [], keyValueMetadata: keyValues,
                  createdBy: createdBy, columnOrdersDefined: orders)
    }
}

extension Parquet.SchemaElement {
    init(reading reader: inout ThriftReader) throws {
        var element = Parquet.SchemaElement(name: "")
        var named = false
        try reader.readStruct { r, id, _ in
            switch id {
            case 1: element.type = try Parquet.known(Parquet.PhysicalType.self, try r.i32(), what: "physical type")
            case 2: element.typeLength = try r.i32()
            case 3: element.repetition = try Parquet.known(Parquet.Repetition.self, try r.i32(), what: "repetition")
            case 4:
                element.name = try r.string()
                named = true
            case 5: element.numChildren = try r.i32()
            case 6: element.convertedType = Parquet.ConvertedType(rawValue: try r.i32())
            case 7: element.scale = try r.i32()
            case 8: element.precision = try r.i32()
            case 10: element.logicalType = try Parquet.LogicalType(reading: &r)
            default: return false
            }
            return true
        }
        guard named else { throw Parquet.missing("name", in: "schema element") }
        self = element
    }

    init(name: String) {
        self.init(type: nil, typeLength: nil, repetition: nil, name: name, numChildren: nil, convertedType: nil, scale: nil,
                  precision: nil, logicalType: nil)
    }
}

extension Parquet.LogicalType {
    init(reading reader: inout ThriftReader) throws {
        var result = Parquet.LogicalType.other(0)
        try reader.readStruct { r, id, type in
            switch id {
            case 1: result = .string
            case 2: result = .map
            case 3: result = .list
            case 4: result = .enumeration
            case 5:
                var scale: Int32 = 0, precision: Int32 = 0
                try r.readStruct { r, id, _ in
                    switch id {
                    case 1: scale = try r.i32()
                    case 2: precision = try r.i32()
                    default: return false
                    }
                    return true
                }
                result = .decimal(scale: scale, precision: precision)
                return true
            case 6: result = .date
            case 7, 8:
                var utc = false, unit = Parquet.TimeUnit.micros
                try r.readStruct { r, field, type in
                    switch field {
                    case 1: utc = r.bool(type)
                    case 2: unit = try Self.unit(reading: &r)
                    default: return false
                    }
                    return true
                }
                result = id == 7 ? .time(utc: utc, unit: unit) : .timestamp(utc: utc, unit: unit)
                return true
            case 10:
                var width: Int8 = 64, signed = true
                try r.readStruct { r, field, type in
                    switch field {
                    case 1: width = try r.i8()
                    case 2: signed = r.bool(type)
                    default: return false
                    }
                    return true
                }
                result = .integer(bitWidth: width, signed: signed)
                return true
            case 11: result = .unknown
            case 12: result = .json
            case 13: result = .bson
            case 14: result = .uuid
            case 15: result = .float16
            default: result = .other(id)
            }
            try r.skip(type)
            return true
        }
        self = result
    }

    private static func unit(reading reader: inout ThriftReader) throws -> Parquet.TimeUnit {
        var unit = Parquet.TimeUnit.micros
        try reader.readStruct { r, id, type in
            switch id {
            case 1: unit = .millis
            case 2: unit = .micros
            case 3: unit = .nanos
            default: break
            }
            try r.skip(type)
            return true
        }
        return unit
    }
}

extension Parquet.RowGroup {
    init(reading reader: inout ThriftReader) throws {
        var columns: [Parquet.ColumnChunk]?, totalByteSize: Int64 = 0, numRows: Int64?
        var fileOffset: Int64?, totalCompressedSize: Int64?
        try reader.readStruct { r, id, type in
            switch id {
            case 1:
                var chunks: [Parquet.ColumnChunk] = []
                try r.readList { r, _ in chunks.append(try Parquet.ColumnChunk(reading: &r)) }
                columns = chunks
            case 2: totalByteSize = try r.i64()
            case 3: numRows = try r.i64()
            case 5: fileOffset = try r.i64()
            case 6: totalCompressedSize = try r.i64()
            default: return false
            }
            return true
        }
        guard let columns else { throw Parquet.missing("columns", in: "row group") }
        guard let numRows, numRows >= 0 else { throw Parquet.missing("row count", in: "row group") }
        self.init(columns: columns, totalByteSize: totalByteSize, numRows: numRows, fileOffset: fileOffset,
                  totalCompressedSize: totalCompressedSize, ordinal: nil)
    }
}

extension Parquet.ColumnChunk {
    init(reading reader: inout ThriftReader) throws {
        var fileOffset: Int64 = 0, metaData: Parquet.ColumnMetaData?, external = false, encrypted = false
        try reader.readStruct { r, id, _ in
            switch id {
            case 1:
                _ = try r.string()
                external = true
            case 2: fileOffset = try r.i64()
            case 3: metaData = try Parquet.ColumnMetaData(reading: &r)
            case 8, 9:
                // Crypto metadata or encrypted column metadata.
                encrypted = true
                return false
            default:
                return false
            }
            return true
        }
        if external { throw ArtifactFormatError(.unreadable, "the file keeps column data in other files (file_path), which is not supported") }
        if encrypted { throw ArtifactFormatError(.unreadable, "the file's columns are encrypted, which is not supported") }
        self.init(fileOffset: fileOffset, metaData: metaData)
    }
}

extension Parquet.ColumnMetaData {
    init(reading reader: inout ThriftReader) throws {
        var type: Parquet.PhysicalType?, encodings: [Parquet.Encoding] = [], path: [String] = [], codec: Parquet.Codec?
        var numValues: Int64 = 0, uncompressed: Int64 = 0, compressed: Int64?, dataPageOffset: Int64?, dictionaryPageOffset: Int64?
        var statistics: Parquet.Statistics?
        try reader.readStruct { r, id, _ in
            switch id {
            case 1: type = try Parquet.known(Parquet.PhysicalType.self, try r.i32(), what: "physical type")
            case 2: encodings = try r.i32List().compactMap(Parquet.Encoding.init(rawValue:))
            case 3: path = try r.stringList()
            case 4: codec = try Parquet.known(Parquet.Codec.self, try r.i32(), what: "compression codec")
            case 5: numValues = try r.i64()
            case 6: uncompressed = try r.i64()
            case 7: compressed = try r.i64()
            case 9: dataPageOffset = try r.i64()
            case 11: dictionaryPageOffset = try r.i64()
            case 12: statistics = try Parquet.Statistics(reading: &r)
            default: return false
            }
            return true
        }
        guard let type else { throw Parquet.missing("physical type", in: "column chunk") }
        guard let codec else { throw Parquet.missing("codec", in: "column chunk") }
        guard let compressed, compressed >= 0 else { throw Parquet.missing("compressed size", in: "column chunk") }
        guard let dataPageOffset, dataPageOffset >= 0 else { throw Parquet.missing("data page offset", in: "column chunk") }
        self.init(type: type, encodings: encodings, path: path, codec: codec, numValues: numValues, totalUncompressedSize: uncompressed,
                  totalCompressedSize: compressed, dataPageOffset: dataPageOffset,
                  dictionaryPageOffset: dictionaryPageOffset.flatMap { $0 > 0 ? $0 : nil }, statistics: statistics)
    }
}

extension Parquet.Statistics {
    init(reading reader: inout ThriftReader) throws {
        var statistics = Parquet.Statistics()
        var legacyMin: [UInt8]?, legacyMax: [UInt8]?
        try reader.readStruct { r, id, _ in
            switch id {
            case 1: legacyMax = try r.binary()
            case 2: legacyMin = try r.binary()
            case 3: statistics.nullCount = try r.i64()
            case 5: statistics.max = try r.binary()
            case 6: statistics.min = try r.binary()
            default: return false
            }
            return true
        }
        // The deprecated min/max used signed byte order for every type; only min_value/max_value
        // are trusted for skipping, the legacy pair is kept apart.
        _ = (legacyMin, legacyMax)
        self = statistics
    }
}

extension Parquet.PageHeader {
    init(reading reader: inout ThriftReader) throws {
        var type: Parquet.PageType?, uncompressed: Int32?, compressed: Int32?
        var dataPage: Parquet.DataPageHeader?, dictionaryPage: Parquet.DictionaryPageHeader?, dataPageV2: Parquet.DataPageHeaderV2?
        try reader.readStruct { r, id, _ in
            switch id {
            case 1: type = try Parquet.known(Parquet.PageType.self, try r.i32(), what: "page type")
            case 2: uncompressed = try r.i32()
            case 3: compressed = try r.i32()
            case 5:
                var numValues: Int32?, encoding = Parquet.Encoding.plain, definition = Parquet.Encoding.rle, repetition = Parquet.Encoding.rle
                try r.readStruct { r, id, _ in
                    switch id {
                    case 1: numValues = try r.i32()
                    case 2: encoding = try Parquet.known(Parquet.Encoding.self, try r.i32(), what: "encoding")
                    case 3: definition = try Parquet.known(Parquet.Encoding.self, try r.i32(), what: "level encoding")
                    case 4: repetition = try Parquet.known(Parquet.Encoding.self, try r.i32(), what: "level encoding")
                    default: return false
                    }
                    return true
                }
                guard let numValues else { throw Parquet.missing("value count", in: "data page header") }
                dataPage = Parquet.DataPageHeader(numValues: numValues, encoding: encoding, definitionLevelEncoding: definition,
                                                  repetitionLevelEncoding: repetition)
            case 7:
                var numValues: Int32?, encoding = Parquet.Encoding.plain
                try r.readStruct { r, id, _ in
                    switch id {
                    case 1: numValues = try r.i32()
                    case 2: encoding = try Parquet.known(Parquet.Encoding.self, try r.i32(), what: "encoding")
                    default: return false
                    }
                    return true
                }
                guard let numValues else { throw Parquet.missing("value count", in: "dictionary page header") }
                dictionaryPage = Parquet.DictionaryPageHeader(numValues: numValues, encoding: encoding)
            case 8:
                var page = Parquet.DataPageHeaderV2(numValues: 0, numNulls: 0, numRows: 0, encoding: .plain, definitionLevelsByteLength: 0,
                                                    repetitionLevelsByteLength: 0, isCompressed: true)
                try r.readStruct { r, id, type in
                    switch id {
                    case 1: page.numValues = try r.i32()
                    case 2: page.numNulls = try r.i32()
                    case 3: page.numRows = try r.i32()
                    case 4: page.encoding = try Parquet.known(Parquet.Encoding.self, try r.i32(), what: "encoding")
                    case 5: page.definitionLevelsByteLength = try r.i32()
                    case 6: page.repetitionLevelsByteLength = try r.i32()
                    case 7: page.isCompressed = r.bool(type)
                    default: return false
                    }
                    return true
                }
                dataPageV2 = page
            default: return false
            }
            return true
        }
        guard let type else { throw Parquet.missing("type", in: "page header") }
        guard let uncompressed, uncompressed >= 0, let compressed, compressed >= 0 else { throw Parquet.missing("sizes", in: "page header") }
        self.init(type: type, uncompressedPageSize: uncompressed, compressedPageSize: compressed, dataPage: dataPage,
                  dictionaryPage: dictionaryPage, dataPageV2: dataPageV2)
    }
}
