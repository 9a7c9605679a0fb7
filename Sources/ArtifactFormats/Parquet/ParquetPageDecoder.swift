import Foundation

/// One leaf column of a row group, decoded: a definition (and repetition) level per entry and the
/// values of the entries that have one.
struct ParquetLeafColumn {
    var definitions: [UInt32] = []
    var repetitions: [UInt32] = []
    var values: [ArtifactValue] = []
}

/// Decodes a column chunk's pages: dictionary pages, data pages v1 and v2, in every encoding
/// pyarrow and DuckDB write.
struct ParquetPageDecoder {
    let leaf: ParquetLeaf
    /// Whether JSON text in this leaf holds nested values to parse, rather than text.
    let parsesJSON: Bool
    private var column: String { leaf.path.joined(separator: ".") }

    init(leaf: ParquetLeaf, parsesJSON: Bool) {
        self.leaf = leaf
        self.parsesJSON = parsesJSON
    }

    /// The most entries (levels) one column chunk may hold here: a row group of 134 million values
    /// is far beyond what writers make, and the bound keeps a damaged count from exhausting memory.
    static let maxEntries: Int64 = 1 << 27

    func failure(_ what: String) -> ArtifactFormatError {
        ArtifactFormatError(.unreadable, "column '\(column)': \(what)")
    }

    /// Decodes a whole chunk.
    func decode(_ metadata: Parquet.ColumnMetaData, from source: any ArtifactSource) async throws -> ParquetLeafColumn {
        let start = metadata.startOffset
        guard start >= 4, metadata.totalCompressedSize >= 0, metadata.totalCompressedSize <= source.size,
              start <= source.size - 8 - metadata.totalCompressedSize else {
            throw failure("its data lies outside the file (bytes \(start) to \(start + metadata.totalCompressedSize) of \(source.size))")
        }
        guard metadata.type == leaf.physical else { throw failure("its chunk says \(metadata.type), its schema \(leaf.physical)") }
        let bytes = try await source.readExactly(at: start, count: Int(metadata.totalCompressedSize))
        var result = ParquetLeafColumn()
        var dictionary: [ArtifactValue]?
        var position = 0
        let expected = metadata.numValues
        guard (0...Self.maxEntries).contains(expected) else {
            throw failure("its chunk claims \(expected) entries; this reader takes at most \(Self.maxEntries) in one row group")
        }
        while Int64(result.definitions.count) < expected && position < bytes.count {
            var reader = ThriftReader(bytes, at: position)
            let header = try Parquet.PageHeader(reading: &reader)
            let bodyStart = reader.position
            let bodyEnd = bodyStart + Int(header.compressedPageSize)
            guard bodyEnd <= bytes.count else { throw failure("a page claims \(header.compressedPageSize) bytes, more than its chunk holds") }
            position = bodyEnd
            let body = bytes[bodyStart..<bodyEnd]
            switch header.type {
            case .dictionaryPage:
                guard let page = header.dictionaryPage else { throw failure("a dictionary page has no header") }
                let plain = try ParquetCodecs.decompress(body, codec: metadata.codec, uncompressedSize: Int(header.uncompressedPageSize), column: column)
                var cursor = ByteCursor(plain)
                guard page.numValues >= 0, Int(page.numValues) <= plain.count * 8 + 1 else { throw failure("a dictionary claims \(page.numValues) values") }
                dictionary = try plainValues(&cursor, count: Int(page.numValues))
            case .dataPage:
                guard let page = header.dataPage else { throw failure("a data page has no header") }
                let plain = try ParquetCodecs.decompress(body, codec: metadata.codec, uncompressedSize: Int(header.uncompressedPageSize), column: column)
                var cursor = ByteCursor(plain)
                let count = try entries(page.numValues, expected: expected, have: result.definitions.count)
                if leaf.maxRepetition > 0 { try levels(&cursor, encoding: page.repetitionLevelEncoding, maximum: leaf.maxRepetition, count: count, prefixed: true, into: &result.repetitions) }
                let first = result.definitions.count
                if leaf.maxDefinition > 0 {
                    try levels(&cursor, encoding: page.definitionLevelEncoding, maximum: leaf.maxDefinition, count: count, prefixed: true, into: &result.definitions)
                } else {
                    result.definitions.append(contentsOf: repeatElement(0, count: count))
                }
                let present = result.definitions[first...].reduce(0) { $0 + ($1 == UInt32(leaf.maxDefinition) ? 1 : 0) }
                result.values += try values(&cursor, encoding: page.encoding, count: present, dictionary: dictionary)
            case .dataPageV2:
                guard let page = header.dataPageV2 else { throw failure("a data page (v2) has no header") }
                let count = try entries(page.numValues, expected: expected, have: result.definitions.count)
                let repetitionLength = Int(page.repetitionLevelsByteLength), definitionLength = Int(page.definitionLevelsByteLength)
                guard repetitionLength >= 0, definitionLength >= 0, repetitionLength + definitionLength <= body.count else {
                    throw failure("a data page (v2) claims more level bytes than it holds")
                }
                let levelBytes = Array(body.prefix(repetitionLength + definitionLength))
                var levelCursor = ByteCursor(levelBytes, from: 0, to: repetitionLength)
                if leaf.maxRepetition > 0 { try levels(&levelCursor, encoding: .rle, maximum: leaf.maxRepetition, count: count, prefixed: false, into: &result.repetitions) }
                levelCursor = ByteCursor(levelBytes, from: repetitionLength, to: repetitionLength + definitionLength)
                let first = result.definitions.count
                if leaf.maxDefinition > 0 {
                    try levels(&levelCursor, encoding: .rle, maximum: leaf.maxDefinition, count: count, prefixed: false, into: &result.definitions)
                } else {
                    result.definitions.append(contentsOf: repeatElement(0, count: count))
                }
                let compressed = body.dropFirst(repetitionLength + definitionLength)
                let size = Int(header.uncompressedPageSize) - repetitionLength - definitionLength
                let plain = page.isCompressed
                    ? try ParquetCodecs.decompress(compressed, codec: metadata.codec, uncompressedSize: size, column: column) : Array(compressed)
                var cursor = ByteCursor(plain)
                let present = result.definitions[first...].reduce(0) { $0 + ($1 == UInt32(leaf.maxDefinition) ? 1 : 0) }
                result.values += try values(&cursor, encoding: page.encoding, count: present, dictionary: dictionary)
            case .indexPage:
                continue
            }
        }
        guard Int64(result.definitions.count) == expected else {
            throw failure("its chunk holds \(result.definitions.count) entries, not the \(expected) its metadata promises")
        }
        return result
    }

    private func entries(_ count: Int32, expected: Int64, have: Int) throws -> Int {
        guard count >= 0, Int64(have) + Int64(count) <= expected else { throw failure("a page holds more entries than its chunk") }
        return Int(count)
    }

    private func levels(_ cursor: inout ByteCursor, encoding: Parquet.Encoding, maximum: Int, count: Int, prefixed: Bool,
                        into levels: inout [UInt32]) throws {
        let width = RLEHybrid.bitWidth(maximum)
        let first = levels.count
        switch encoding {
        case .rle:
            if prefixed {
                let length = Int(try cursor.uint32LE())
                let slice = try cursor.take(length)
                var inner = ByteCursor(Array(slice))
                try RLEHybrid.decode(&inner, bitWidth: width, count: count, into: &levels)
            } else {
                try RLEHybrid.decode(&cursor, bitWidth: width, count: count, into: &levels)
            }
        case .bitPacked:
            try RLEHybrid.decodeLegacyBitPacked(&cursor, bitWidth: width, count: count, into: &levels)
        default:
            throw failure("its levels use the \(encoding) encoding, which levels cannot")
        }
        if levels[first...].contains(where: { $0 > UInt32(maximum) }) { throw failure("a level exceeds its maximum \(maximum)") }
    }

    /// `count` values of a data page in its encoding.
    private func values(_ cursor: inout ByteCursor, encoding: Parquet.Encoding, count: Int, dictionary: [ArtifactValue]?) throws -> [ArtifactValue] {
        switch encoding {
        case .plain:
            return try plainValues(&cursor, count: count)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else { throw failure("a page uses a dictionary, but none came before it") }
            guard count > 0 else { return [] }
            let width = Int(try cursor.byte())
            var indices: [UInt32] = []
            try RLEHybrid.decode(&cursor, bitWidth: width, count: count, into: &indices)
            return try indices.map { index in
                guard Int(index) < dictionary.count else { throw failure("a page names dictionary entry \(index) of \(dictionary.count)") }
                return dictionary[Int(index)]
            }
        case .rle where leaf.physical == .boolean:
            let length = Int(try cursor.uint32LE())
            var inner = ByteCursor(Array(try cursor.take(length)))
            var bits: [UInt32] = []
            try RLEHybrid.decode(&inner, bitWidth: 1, count: count, into: &bits)
            return bits.map { .bool($0 != 0) }
        case .deltaBinaryPacked where leaf.physical == .int32 || leaf.physical == .int64:
            let numbers = try DeltaBinaryPacked.decode(&cursor, limit: count)
            guard numbers.count == count else { throw failure("a delta-encoded page holds \(numbers.count) values, not \(count)") }
            return try numbers.map { leaf.physical == .int32 ? try value(int32: Int32(truncatingIfNeeded: $0)) : try value(int64: $0) }
        case .deltaLengthByteArray where leaf.physical == .byteArray:
            let lengths = try DeltaBinaryPacked.decode(&cursor, limit: count)
            guard lengths.count == count else { throw failure("a page holds \(lengths.count) lengths, not \(count)") }
            return try lengths.map { length in
                guard length >= 0 else { throw failure("a page holds a negative length") }
                return try value(bytes: try cursor.take(Int(length)))
            }
        case .deltaByteArray where leaf.physical == .byteArray || leaf.physical == .fixedLenByteArray:
            let prefixes = try DeltaBinaryPacked.decode(&cursor, limit: count)
            let suffixes = try DeltaBinaryPacked.decode(&cursor, limit: count)
            guard prefixes.count == count, suffixes.count == count else { throw failure("a page's prefix and suffix counts differ from its values") }
            var previous: [UInt8] = []
            var result: [ArtifactValue] = []
            result.reserveCapacity(count)
            for (prefix, suffix) in zip(prefixes, suffixes) {
                guard prefix >= 0, prefix <= previous.count, suffix >= 0 else { throw failure("a page holds an impossible prefix or suffix") }
                let current = Array(previous[..<Int(prefix)]) + Array(try cursor.take(Int(suffix)))
                result.append(try value(bytes: current[...]))
                previous = current
            }
            return result
        case .byteStreamSplit:
            let width: Int
            switch leaf.physical {
            case .float, .int32: width = 4
            case .double, .int64: width = 8
            case .fixedLenByteArray: width = leaf.typeLength
            default: throw failure("BYTE_STREAM_SPLIT does not apply to \(leaf.physical)")
            }
            let streams = try cursor.take(width * count)
            var joined = [UInt8](repeating: 0, count: width * count)
            for index in 0..<count {
                for byte in 0..<width { joined[index * width + byte] = streams[streams.startIndex + byte * count + index] }
            }
            var inner = ByteCursor(joined)
            return try plainValues(&inner, count: count)
        default:
            throw failure("its values use the \(encoding) encoding for \(leaf.physical), which this reader does not support")
        }
    }

    // MARK: Values

    /// `count` PLAIN values.
    func plainValues(_ cursor: inout ByteCursor, count: Int) throws -> [ArtifactValue] {
        var values: [ArtifactValue] = []
        values.reserveCapacity(min(count, cursor.remaining + 1))
        switch leaf.physical {
        case .boolean:
            let bytes = try cursor.take((count + 7) / 8)
            for index in 0..<count { values.append(.bool(bytes[bytes.startIndex + index / 8] >> UInt8(index % 8) & 1 == 1)) }
        case .int32:
            let bytes = try cursor.take(4 * count)
            try bytes.withUnsafeBytes { raw in
                for index in 0..<count { values.append(try value(int32: Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: Int32.self)))) }
            }
        case .int64:
            let bytes = try cursor.take(8 * count)
            try bytes.withUnsafeBytes { raw in
                for index in 0..<count { values.append(try value(int64: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * index, as: Int64.self)))) }
            }
        case .int96:
            let bytes = try cursor.take(12 * count)
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    let nanos = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 12 * index, as: Int64.self))
                    let julian = Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 12 * index + 8, as: Int32.self)))
                    let micros = (julian - 2_440_588) &* 86_400_000_000 &+ nanos / 1000
                    values.append(.timestamp(Date(timeIntervalSince1970: Double(micros) / 1_000_000)))
                }
            }
        case .float:
            let bytes = try cursor.take(4 * count)
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    values.append(.double(Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))))))
                }
            }
        case .double:
            let bytes = try cursor.take(8 * count)
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    values.append(.double(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)))))
                }
            }
        case .byteArray:
            for _ in 0..<count {
                let length = Int(try cursor.uint32LE())
                values.append(try value(bytes: try cursor.take(length)))
            }
        case .fixedLenByteArray:
            for _ in 0..<count { values.append(try value(bytes: try cursor.take(leaf.typeLength))) }
        }
        return values
    }

    func value(int32: Int32) throws -> ArtifactValue {
        switch leaf.kind {
        case .date: return .date(int32)
        case .uint32: return .int(Int64(UInt32(bitPattern: int32)))
        case .decimal32(let scale): return .decimal(Decimals.decimal(unscaled: Int128(int32), scale: scale))
        case .time(let unit): return .string(Self.timeText(Int64(int32), unit))
        case .null: return .null
        default: return .int(Int64(int32))
        }
    }

    func value(int64: Int64) throws -> ArtifactValue {
        switch leaf.kind {
        case .timestamp(let unit):
            let micros = unit == .micros ? int64 : unit == .millis ? int64 &* 1000 : int64 / 1000
            return .timestamp(Date(timeIntervalSince1970: Double(micros) / 1_000_000))
        case .decimal64(let scale): return .decimal(Decimals.decimal(unscaled: Int128(int64), scale: scale))
        case .uint64: return .decimal(Decimal(UInt64(bitPattern: int64)))
        case .time(let unit): return .string(Self.timeText(int64, unit))
        default: return .int(int64)
        }
    }

    func value(bytes: ArraySlice<UInt8>) throws -> ArtifactValue {
        switch leaf.kind {
        case .string: return .string(String(decoding: bytes, as: UTF8.self))
        case .json:
            guard parsesJSON else { return .string(String(decoding: bytes, as: UTF8.self)) }
            do { return try JSONLines.parseValue(Array(bytes)) } catch { throw failure("a value is not valid JSON: \(error.message)") }
        case .uuid:
            var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &uuid) { raw in for (index, byte) in bytes.enumerated() { raw[index] = byte } }
            return .uuid(UUID(uuid: uuid))
        case .decimalBytes(let scale), .decimal32(let scale), .decimal64(let scale):
            guard bytes.count <= 16 else { throw failure("a decimal of \(bytes.count) bytes does not fit 128 bits") }
            guard let first = bytes.first else { return .decimal(0) }
            var bits: UInt128 = first & 0x80 != 0 ? .max : 0
            for byte in bytes { bits = bits << 8 | UInt128(byte) }
            return .decimal(Decimals.decimal(unscaled: Int128(bitPattern: bits), scale: scale))
        case .float16:
            guard bytes.count == 2 else { throw failure("a half-precision float has \(bytes.count) bytes") }
            let bits = UInt16(bytes[bytes.startIndex]) | UInt16(bytes[bytes.startIndex + 1]) << 8
            return .double(Double(Self.half(bits)))
        default:
            return .string(Data(bytes).base64EncodedString())
        }
    }

    /// A time of day as `HH:MM:SS.ffffff`.
    static func timeText(_ value: Int64, _ unit: Parquet.TimeUnit) -> String {
        let micros = unit == .micros ? value : unit == .millis ? value &* 1000 : value / 1000
        let seconds = micros / 1_000_000
        return String(format: "%02lld:%02lld:%02lld.%06lld", seconds / 3600, seconds / 60 % 60, seconds % 60, micros % 1_000_000)
    }

    /// An IEEE half-precision float.
    static func half(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int(bits >> 10 & 0x1F), fraction = Float(bits & 0x3FF)
        if exponent == 0 { return sign * fraction * Float(pow(2.0, -24.0)) }
        if exponent == 31 { return fraction == 0 ? sign * .infinity : .nan }
        return sign * (1 + fraction / 1024) * Float(pow(2.0, Double(exponent - 15)))
    }
}
