import Foundation

/// One leaf column's levels and values for a row group, collected as rows are shredded, then
/// written as a column chunk: a dictionary page when a dictionary makes it smaller, data pages
/// (v1) of about a megabyte, each compressed, and the chunk's statistics.
struct ParquetLeafWriter {
    let leaf: ParquetLeaf
    private(set) var definitions: [UInt32] = []
    private(set) var repetitions: [UInt32] = []
    private var booleans: [Bool] = []
    private var int32s: [Int32] = []
    private var int64s: [Int64] = []
    private var doubles: [Double] = []
    private var strings: [String] = []
    /// Byte-array and fixed-length values other than strings, one after another.
    private var data: [UInt8] = []
    private var lengths: [Int32] = []

    init(leaf: ParquetLeaf) {
        self.leaf = leaf
    }

    var entryCount: Int { definitions.count }
    private var column: String { leaf.path.joined(separator: ".") }

    mutating func reserve(_ count: Int) {
        definitions.reserveCapacity(count)
        if leaf.maxRepetition > 0 { repetitions.reserveCapacity(count) }
        switch leaf.physical {
        case .int64: int64s.reserveCapacity(count)
        case .int32: int32s.reserveCapacity(count)
        case .double: doubles.reserveCapacity(count)
        case .byteArray where leaf.kind == .string: strings.reserveCapacity(count)
        default: break
        }
    }

    /// An entry without a value: null at definition level `definition` (or an empty list above).
    @inline(__always)
    mutating func appendAbsent(definition: Int, repetition: Int) {
        definitions.append(UInt32(definition))
        if leaf.maxRepetition > 0 { repetitions.append(UInt32(repetition)) }
    }

    /// An entry with a value.
    @inline(__always)
    mutating func append(_ value: ArtifactValue, repetition: Int) throws(ArtifactFormatError) {
        switch (leaf.kind, value) {
        case (.int64, .int(let int)): int64s.append(int)
        case (.double, .double(let double)): doubles.append(double)
        case (.double, .int(let int)): doubles.append(Double(int))
        case (.string, .string(let string)): strings.append(string)
        case (.boolean, .bool(let bool)): booleans.append(bool)
        case (.timestamp(.micros), .timestamp(let date)): int64s.append(Timestamp.microseconds(date))
        case (.date, .date(let days)): int32s.append(days)
        case (.date, .timestamp(let date)): int32s.append(CalendarDate(date).daysSince1970)
        case (.uuid, .uuid(let uuid)): withUnsafeBytes(of: uuid.uuid) { data.append(contentsOf: $0) }
        case (.decimal32(let scale), _), (.decimal64(let scale), _), (.decimalBytes(let scale), _):
            try appendDecimal(value, scale: scale)
        case (.json, _):
            var bytes: [UInt8] = []
            JSONLines.appendValue(value, to: &bytes)
            data.append(contentsOf: bytes)
            lengths.append(Int32(bytes.count))
        default:
            throw ArtifactFormatError(.unencodable, "column '\(column)' holds \(value.columnType) values where its schema says \(leaf.kind)")
        }
        definitions.append(UInt32(leaf.maxDefinition))
        if leaf.maxRepetition > 0 { repetitions.append(UInt32(repetition)) }
    }

    /// The values of a top-level column, one entry each: the common kinds without a switch per value.
    mutating func appendColumn(_ values: ArraySlice<ArtifactValue>) throws(ArtifactFormatError) {
        let present = UInt32(leaf.maxDefinition)
        switch leaf.kind {
        case .int64:
            for value in values {
                if case .int(let int) = value { int64s.append(int); definitions.append(present) } else { try appendOther(value) }
            }
        case .double:
            for value in values {
                if case .double(let double) = value { doubles.append(double); definitions.append(present) } else { try appendOther(value) }
            }
        case .string:
            for value in values {
                if case .string(let string) = value { strings.append(string); definitions.append(present) } else { try appendOther(value) }
            }
        case .boolean:
            for value in values {
                if case .bool(let bool) = value { booleans.append(bool); definitions.append(present) } else { try appendOther(value) }
            }
        case .timestamp(.micros):
            for value in values {
                if case .timestamp(let date) = value { int64s.append(Timestamp.microseconds(date)); definitions.append(present) } else { try appendOther(value) }
            }
        default:
            for value in values { try appendOther(value) }
        }
    }

    @inline(__always)
    private mutating func appendOther(_ value: ArtifactValue) throws(ArtifactFormatError) {
        if value.isNull { appendAbsent(definition: 0, repetition: 0) } else { try append(value, repetition: 0) }
    }

    private mutating func appendDecimal(_ value: ArtifactValue, scale: Int) throws(ArtifactFormatError) {
        let decimal: Decimal
        switch value {
        case .decimal(let number): decimal = number
        case .int(let int): decimal = Decimal(int)
        default: throw ArtifactFormatError(.unencodable, "column '\(column)' holds \(value.columnType) values where decimals belong")
        }
        guard let unscaled = Decimals.unscaled(decimal, scale: scale) else {
            throw ArtifactFormatError(.unencodable, "column '\(column)': \(decimal) does not fit a decimal of scale \(scale)")
        }
        switch leaf.kind {
        case .decimal32:
            guard let narrow = Int32(exactly: unscaled) else {
                throw ArtifactFormatError(.unencodable, "column '\(column)': \(decimal) has more digits than its type holds")
            }
            int32s.append(narrow)
        case .decimal64:
            guard let narrow = Int64(exactly: unscaled) else {
                throw ArtifactFormatError(.unencodable, "column '\(column)': \(decimal) has more digits than its type holds")
            }
            int64s.append(narrow)
        default:
            // Sixteen bytes, big-endian two's complement.
            let bits = UInt128(bitPattern: unscaled)
            for shift in stride(from: 120, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: bits >> UInt128(shift))) }
        }
    }

    // MARK: Writing the chunk

    /// The chunk's bytes (pages with their headers) and its metadata, offsets relative to its start.
    func chunk(codec: Parquet.Codec) throws -> ParquetChunk {
        let dictionary = dictionaryIfSmaller()
        var bytes: [UInt8] = []
        var uncompressedTotal: Int64 = 0
        var encodings: Set<Parquet.Encoding> = [.rle]
        var dictionaryOffset: Int64?
        if let dictionary {
            dictionaryOffset = 0
            let (compressed, size) = try ParquetCodecs.compress(dictionary.page, codec: codec)
            let header = Parquet.PageHeader(
                type: .dictionaryPage, uncompressedPageSize: Int32(size), compressedPageSize: Int32(compressed.count),
                dataPage: nil, dictionaryPage: Parquet.DictionaryPageHeader(numValues: Int32(dictionary.count), encoding: .plain),
                dataPageV2: nil).encoded()
            bytes += header
            bytes += compressed
            uncompressedTotal += Int64(header.count + size)
            encodings.insert(.plain)
        }
        let dataOffset = Int64(bytes.count)
        var valueIndex = 0
        for range in pageRanges() {
            let values = definitions[range].reduce(0) { $0 + ($1 == UInt32(leaf.maxDefinition) ? 1 : 0) }
            var page: [UInt8] = []
            if leaf.maxRepetition > 0 { Self.levels(Array(repetitions[range]), maximum: leaf.maxRepetition, into: &page) }
            if leaf.maxDefinition > 0 { Self.levels(Array(definitions[range]), maximum: leaf.maxDefinition, into: &page) }
            let encoding: Parquet.Encoding
            if let dictionary {
                let width = max(1, RLEHybrid.bitWidth(dictionary.count - 1))
                page.append(UInt8(width))
                RLEHybrid.encode(Array(dictionary.indices[valueIndex..<valueIndex + values]), bitWidth: width, into: &page)
                encoding = .rleDictionary
            } else {
                plain(values: valueIndex..<valueIndex + values, into: &page)
                encoding = .plain
            }
            encodings.insert(encoding)
            valueIndex += values
            let (compressed, size) = try ParquetCodecs.compress(page, codec: codec)
            let header = Parquet.PageHeader(
                type: .dataPage, uncompressedPageSize: Int32(size), compressedPageSize: Int32(compressed.count),
                dataPage: Parquet.DataPageHeader(numValues: Int32(range.count), encoding: encoding, definitionLevelEncoding: .rle,
                                                 repetitionLevelEncoding: .rle),
                dictionaryPage: nil, dataPageV2: nil).encoded()
            bytes += header
            bytes += compressed
            uncompressedTotal += Int64(header.count + size)
        }
        let metadata = Parquet.ColumnMetaData(
            type: leaf.physical, encodings: encodings.sorted { $0.rawValue < $1.rawValue }, path: leaf.path, codec: codec,
            numValues: Int64(entryCount), totalUncompressedSize: uncompressedTotal, totalCompressedSize: Int64(bytes.count),
            dataPageOffset: dataOffset, dictionaryPageOffset: dictionaryOffset, statistics: statistics())
        return ParquetChunk(bytes: bytes, metadata: metadata)
    }

    /// Levels with the four-byte length of data page v1 before them.
    static func levels(_ levels: [UInt32], maximum: Int, into page: inout [UInt8]) {
        var encoded: [UInt8] = []
        RLEHybrid.encode(levels, bitWidth: RLEHybrid.bitWidth(maximum), into: &encoded)
        withUnsafeBytes(of: UInt32(encoded.count).littleEndian) { page.append(contentsOf: $0) }
        page += encoded
    }

    /// Entry ranges of about a megabyte of values each, cut where a new row starts.
    private func pageRanges() -> [Range<Int>] {
        guard entryCount > 0 else { return [0..<0] }
        let valueSize: Int
        switch leaf.physical {
        case .boolean: valueSize = 1
        case .int32: valueSize = 4
        case .int64, .double: valueSize = 8
        case .fixedLenByteArray: valueSize = leaf.typeLength
        default: valueSize = max(1, (strings.isEmpty ? data.count : strings.reduce(0) { $0 + $1.utf8.count }) / max(1, entryCount)) + 4
        }
        let perPage = max(1024, (1 << 20) / valueSize)
        var ranges: [Range<Int>] = []
        var start = 0
        while start < entryCount {
            var end = min(entryCount, start + perPage)
            if leaf.maxRepetition > 0 {
                while end < entryCount && repetitions[end] != 0 { end += 1 }
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    /// PLAIN values of a range of the value index.
    private func plain(values range: Range<Int>, into page: inout [UInt8]) {
        switch leaf.physical {
        case .boolean:
            var byte: UInt8 = 0
            for (offset, index) in range.enumerated() {
                if booleans[index] { byte |= 1 << UInt8(offset % 8) }
                if offset % 8 == 7 {
                    page.append(byte)
                    byte = 0
                }
            }
            if range.count % 8 != 0 { page.append(byte) }
        case .int32:
            int32s[range].withUnsafeBytes { page.append(contentsOf: $0) }
        case .int64:
            int64s[range].withUnsafeBytes { page.append(contentsOf: $0) }
        case .double:
            doubles[range].withUnsafeBytes { page.append(contentsOf: $0) }
        case .byteArray where leaf.kind == .string:
            for index in range {
                var string = strings[index]
                string.withUTF8 { utf8 in
                    withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { page.append(contentsOf: $0) }
                    page.append(contentsOf: utf8)
                }
            }
        case .byteArray:
            var offset = lengths[..<range.lowerBound].reduce(0) { $0 + Int($1) }
            for index in range {
                let length = Int(lengths[index])
                withUnsafeBytes(of: UInt32(length).littleEndian) { page.append(contentsOf: $0) }
                page.append(contentsOf: data[offset..<offset + length])
                offset += length
            }
        case .fixedLenByteArray:
            page.append(contentsOf: data[range.lowerBound * leaf.typeLength..<range.upperBound * leaf.typeLength])
        case .int96, .float:
            break  // never written
        }
    }

    // MARK: Dictionary

    private struct Dictionary {
        var page: [UInt8]
        var count: Int
        var indices: [UInt32]
    }

    /// A dictionary of the values, when it and the indices are smaller than the values written
    /// plainly; nil for columns of unique values, found out early.
    private func dictionaryIfSmaller() -> Dictionary? {
        switch leaf.physical {
        case .int64: return build(int64s, plainSize: 8) { value, page in withUnsafeBytes(of: value.littleEndian) { page.append(contentsOf: $0) } }
        case .int32: return build(int32s, plainSize: 4) { value, page in withUnsafeBytes(of: value.littleEndian) { page.append(contentsOf: $0) } }
        case .double:
            return build(doubles.map(\.bitPattern), plainSize: 8) { bits, page in withUnsafeBytes(of: bits.littleEndian) { page.append(contentsOf: $0) } }
        case .byteArray where leaf.kind == .string:
            let average = strings.isEmpty ? 0 : strings.reduce(0) { $0 + $1.utf8.count } / strings.count
            return build(strings, plainSize: average + 4) { value, page in
                var string = value
                string.withUTF8 { utf8 in
                    withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { page.append(contentsOf: $0) }
                    page.append(contentsOf: utf8)
                }
            }
        default: return nil
        }
    }

    private func build<Value: Hashable>(_ values: [Value], plainSize: Int, append: (Value, inout [UInt8]) -> Void) -> Dictionary? {
        guard values.count >= 16 else { return nil }
        var positions: [Value: UInt32] = [:]
        var indices: [UInt32] = []
        indices.reserveCapacity(values.count)
        var page: [UInt8] = []
        for (seen, value) in values.enumerated() {
            if let index = positions[value] {
                indices.append(index)
                continue
            }
            let index = UInt32(positions.count)
            positions[value] = index
            indices.append(index)
            append(value, &page)
            // Mostly distinct values, or a dictionary past a megabyte: PLAIN is as small, and cheaper.
            if page.count > 1 << 20 || (seen >= 1024 && positions.count * 2 > seen) { return nil }
        }
        let indexBytes = (values.count * max(1, RLEHybrid.bitWidth(positions.count - 1)) + 7) / 8
        guard page.count + indexBytes < values.count * plainSize else { return nil }
        return Dictionary(page: page, count: positions.count, indices: indices)
    }

    // MARK: Statistics

    /// The smallest and largest of integers, in one pass.
    static func range<T: FixedWidthInteger>(_ values: [T]) -> (T, T)? {
        guard var low = values.first else { return nil }
        var high = low
        for value in values {
            if value < low { low = value }
            if value > high { high = value }
        }
        return (low, high)
    }

    /// Byte order of two strings' UTF-8, as Parquet orders strings (Swift's own order is by Unicode scalars).
    @inline(__always)
    static func utf8Order(_ left: String, _ right: String) -> Int32 {
        var left = left, right = right
        return left.withUTF8 { l in
            right.withUTF8 { r in
                let common = memcmp(l.baseAddress!, r.baseAddress!, min(l.count, r.count))
                return common != 0 ? common : Int32(l.count) - Int32(r.count)
            }
        }
    }

    private func statistics() -> Parquet.Statistics {
        let nulls = Int64(definitions.reduce(0) { $0 + ($1 < UInt32(leaf.maxDefinition) ? 1 : 0) })
        var statistics = Parquet.Statistics(nullCount: nulls, min: nil, max: nil)
        func little<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        switch leaf.physical {
        case .boolean:
            if let min = booleans.min(by: { !$0 && $1 }), let max = booleans.max(by: { !$0 && $1 }) {
                statistics.min = [min ? 1 : 0]
                statistics.max = [max ? 1 : 0]
            }
        case .int32 where leaf.kind != .null:
            if let (min, max) = Self.range(int32s) { (statistics.min, statistics.max) = (little(min), little(max)) }
        case .int64:
            if let (min, max) = Self.range(int64s) { (statistics.min, statistics.max) = (little(min), little(max)) }
        case .double:
            var low = Double.infinity, high = -Double.infinity, any = false
            for value in doubles where !value.isNaN {
                any = true
                if value < low { low = value }
                if value > high { high = value }
            }
            if any {
                // Readers compare zeros by sign: the minimum is -0, the maximum +0.
                let (min, max) = (low == 0 ? -0.0 : low, high == 0 ? 0.0 : high)
                (statistics.min, statistics.max) = (little(min.bitPattern), little(max.bitPattern))
            }
        case .byteArray where leaf.kind == .string:
            if var min = strings.first, var max = strings.first {
                for string in strings.dropFirst() {
                    if Self.utf8Order(string, min) < 0 { min = string } else if Self.utf8Order(string, max) > 0 { max = string }
                }
                (statistics.min, statistics.max) = (Array(min.utf8), Array(max.utf8))
            }
        case .fixedLenByteArray where !data.isEmpty:
            let length = leaf.typeLength
            let values = stride(from: 0, to: data.count, by: length).map { data[$0..<$0 + length] }
            // Decimals compare as signed big-endian numbers, UUIDs as unsigned bytes.
            let signed = leaf.kind != .uuid
            func less(_ left: ArraySlice<UInt8>, _ right: ArraySlice<UInt8>) -> Bool {
                if signed, let l = left.first, let r = right.first, (l ^ r) & 0x80 != 0 { return l & 0x80 != 0 }
                return left.lexicographicallyPrecedes(right)
            }
            if let min = values.min(by: less), let max = values.max(by: less) { (statistics.min, statistics.max) = (Array(min), Array(max)) }
        default:
            break
        }
        return statistics
    }
}

/// A column chunk's bytes and metadata, with offsets relative to the chunk's first byte.
struct ParquetChunk: Sendable {
    var bytes: [UInt8]
    var metadata: Parquet.ColumnMetaData
}
