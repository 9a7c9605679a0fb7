/// A cursor over a page's bytes that checks every read against the end.
struct ByteCursor {
    let bytes: [UInt8]
    var position: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        position = start
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { end - position }

    static func truncated(_ what: String) -> ArtifactFormatError {
        ArtifactFormatError(.unreadable, "a page ends in the middle of \(what)")
    }

    mutating func byte() throws -> UInt8 {
        guard position < end else { throw Self.truncated("a value") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw Self.truncated("its data (\(count) bytes wanted, \(max(0, remaining)) left)") }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func uint32LE() throws -> UInt32 {
        let slice = try take(4)
        var value: UInt32 = 0
        for (index, byte) in slice.enumerated() { value |= UInt32(byte) << (8 * UInt32(index)) }
        return value
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw ArtifactFormatError(.unreadable, "a page holds a number longer than 64 bits") }
            result |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func zigzag() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }
}

/// Parquet's RLE / bit-packing hybrid, for levels, dictionary indices and booleans.
enum RLEHybrid {
    /// The bits needed for values up to `maximum`.
    static func bitWidth(_ maximum: Int) -> Int { maximum <= 0 ? 0 : Int.bitWidth - maximum.leadingZeroBitCount }

    /// Appends `values` (each below 2^bitWidth): runs of eight or more equal values as RLE runs,
    /// the rest bit-packed in groups of eight.
    static func encode(_ values: [UInt32], bitWidth: Int, into bytes: inout [UInt8]) {
        let count = values.count
        var index = 0
        func runLength(at start: Int) -> Int {
            var end = start + 1
            while end < count && values[end] == values[start] { end += 1 }
            return end - start
        }
        while index < count {
            let run = runLength(at: index)
            if run >= 8 {
                varint(UInt64(run) << 1, into: &bytes)
                var value = values[index]
                for _ in 0..<((bitWidth + 7) / 8) {
                    bytes.append(UInt8(truncatingIfNeeded: value))
                    value >>= 8
                }
                index += run
                continue
            }
            // Bit-pack groups of eight until a long run starts at a group boundary.
            let start = index
            var groups = 0
            repeat {
                groups += 1
                index += 8
            } while index < count && groups < 1 << 20 && runLength(at: index) < 8
            varint(UInt64(groups) << 1 | 1, into: &bytes)
            pack(values, from: start, count: groups * 8, bitWidth: bitWidth, into: &bytes)
        }
    }

    /// Bit-packs `count` values from `start`, least significant bit first; values past the end are zeros.
    static func pack(_ values: [UInt32], from start: Int, count: Int, bitWidth: Int, into bytes: inout [UInt8]) {
        guard bitWidth > 0 else { return }
        var buffer: UInt64 = 0
        var bits = 0
        for position in start..<start + count {
            let value = position < values.count ? UInt64(values[position]) : 0
            buffer |= value << UInt64(bits)
            bits += bitWidth
            while bits >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                bits -= 8
            }
        }
        if bits > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
    }

    static func varint(_ value: UInt64, into bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Decodes `count` values from the cursor's bytes.
    static func decode(_ cursor: inout ByteCursor, bitWidth: Int, count: Int, into values: inout [UInt32]) throws {
        guard (0...32).contains(bitWidth) else { throw ArtifactFormatError(.unreadable, "a page uses \(bitWidth)-bit values; at most 32 are possible") }
        let target = values.count + count
        values.reserveCapacity(values.count + min(count, 1 << 20))
        let valueBytes = (bitWidth + 7) / 8
        while values.count < target {
            let header = try cursor.varint()
            if header & 1 == 0 {
                let run = header >> 1
                var value: UInt32 = 0
                for index in 0..<valueBytes { value |= UInt32(try cursor.byte()) << (8 * UInt32(index)) }
                guard bitWidth == 32 || value >> UInt32(bitWidth) == 0 else {
                    throw ArtifactFormatError(.unreadable, "a page repeats the value \(value), which does not fit \(bitWidth) bits")
                }
                guard run > 0 else { throw ArtifactFormatError(.unreadable, "a page holds an empty run") }
                let take = Int(min(run, UInt64(target - values.count)))
                values.append(contentsOf: repeatElement(value, count: take))
            } else {
                let groups = header >> 1
                guard groups > 0, groups <= UInt64(cursor.remaining) else {
                    throw ArtifactFormatError(.unreadable, "a page claims \(groups) bit-packed groups, more than it holds")
                }
                let packed = try cursor.take(Int(groups) * bitWidth)
                unpack(packed, bitWidth: bitWidth, count: min(Int(groups) * 8, target - values.count), into: &values)
            }
        }
    }

    /// Unpacks least-significant-bit-first values.
    static func unpack(_ bytes: ArraySlice<UInt8>, bitWidth: Int, count: Int, into values: inout [UInt32]) {
        guard bitWidth > 0 else {
            values.append(contentsOf: repeatElement(0, count: count))
            return
        }
        let mask: UInt64 = bitWidth == 64 ? .max : (1 << UInt64(bitWidth)) - 1
        var buffer: UInt64 = 0
        var bits = 0
        var index = bytes.startIndex
        for _ in 0..<count {
            while bits < bitWidth && index < bytes.endIndex {
                buffer |= UInt64(bytes[index]) << UInt64(bits)
                bits += 8
                index += 1
            }
            values.append(UInt32(truncatingIfNeeded: buffer & mask))
            buffer >>= UInt64(bitWidth)
            bits -= bitWidth
        }
    }

    /// The deprecated BIT_PACKED encoding of levels: most significant bit first, no runs.
    static func decodeLegacyBitPacked(_ cursor: inout ByteCursor, bitWidth: Int, count: Int, into values: inout [UInt32]) throws {
        let bytes = try cursor.take((count * bitWidth + 7) / 8)
        var bitPosition = 0
        for _ in 0..<count {
            var value: UInt32 = 0
            for _ in 0..<bitWidth {
                let byte = bytes[bytes.startIndex + bitPosition / 8]
                value = value << 1 | UInt32((byte >> (7 - UInt8(bitPosition % 8))) & 1)
                bitPosition += 1
            }
            values.append(value)
        }
    }
}

/// DELTA_BINARY_PACKED: blocks of deltas from the previous value, each block bit-packed in
/// miniblocks after its minimum delta.
enum DeltaBinaryPacked {
    static func decode(_ cursor: inout ByteCursor, limit: Int) throws -> [Int64] {
        let blockSize = try cursor.varint()
        let miniblocks = try cursor.varint()
        let total = try cursor.varint()
        var previous = try cursor.zigzag()
        guard blockSize > 0, blockSize % 128 == 0, miniblocks > 0, blockSize % miniblocks == 0, (blockSize / miniblocks) % 32 == 0,
              blockSize <= 1 << 16, total <= UInt64(limit)
        else { throw ArtifactFormatError(.unreadable, "a delta-encoded page has an impossible header") }
        var values: [Int64] = []
        values.reserveCapacity(Int(total))
        if total == 0 { return values }
        values.append(previous)
        let perMiniblock = Int(blockSize / miniblocks)
        var unpacked: [UInt64] = []
        while values.count < Int(total) {
            let minDelta = try cursor.zigzag()
            let widths = try cursor.take(Int(miniblocks))
            for width in widths {
                guard values.count < Int(total) else { break }
                guard width <= 64 else { throw ArtifactFormatError(.unreadable, "a delta-encoded page uses \(width)-bit deltas") }
                let packed = try cursor.take(perMiniblock * Int(width) / 8)
                unpacked.removeAll(keepingCapacity: true)
                unpack64(packed, bitWidth: Int(width), count: perMiniblock, into: &unpacked)
                for delta in unpacked where values.count < Int(total) {
                    previous = previous &+ minDelta &+ Int64(bitPattern: delta)
                    values.append(previous)
                }
            }
        }
        return values
    }

    static func unpack64(_ bytes: ArraySlice<UInt8>, bitWidth: Int, count: Int, into values: inout [UInt64]) {
        guard bitWidth > 0 else {
            values.append(contentsOf: repeatElement(0, count: count))
            return
        }
        var bitPosition = 0
        for _ in 0..<count {
            var value: UInt64 = 0
            var got = 0
            while got < bitWidth {
                let byteIndex = bytes.startIndex + (bitPosition >> 3)
                guard byteIndex < bytes.endIndex else { break }
                let offset = bitPosition & 7
                let take = min(8 - offset, bitWidth - got)
                let bits = (UInt64(bytes[byteIndex]) >> UInt64(offset)) & ((1 << UInt64(take)) - 1)
                value |= bits << UInt64(got)
                got += take
                bitPosition += take
            }
            values.append(value)
        }
    }
}
