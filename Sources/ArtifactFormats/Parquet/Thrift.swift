/// The types of Thrift's compact protocol, as they appear in field and list headers.
enum ThriftType: UInt8 {
    case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8
    case list = 9, set = 10, map = 11, structure = 12
}

/// Writes Thrift's compact protocol: the encoding of Parquet's file metadata and page headers.
/// Fields are written in increasing id order, each as a delta from the previous one.
struct ThriftWriter {
    private(set) var bytes: [UInt8] = []
    private var lastFieldIDs: [Int16] = [0]

    /// Starts a field; nested structs begin with `beginStruct()` after their header.
    private mutating func header(_ id: Int16, _ type: ThriftType) {
        let delta = Int(id) - Int(lastFieldIDs[lastFieldIDs.count - 1])
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta << 4) | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastFieldIDs[lastFieldIDs.count - 1] = id
    }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    mutating func field(_ id: Int16, _ value: Bool) {
        header(id, value ? .boolTrue : .boolFalse)
    }

    mutating func field(_ id: Int16, _ value: Int32) {
        header(id, .i32)
        varint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, _ value: Int64) {
        header(id, .i64)
        varint(zigzag(value))
    }

    mutating func field(_ id: Int16, i16 value: Int16) {
        header(id, .i16)
        varint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, i8 value: Int8) {
        header(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func field(_ id: Int16, _ value: Double) {
        header(id, .double)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func field(_ id: Int16, binary value: [UInt8]) {
        header(id, .binary)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func field(_ id: Int16, _ value: String) {
        field(id, binary: Array(value.utf8))
    }

    /// A struct (or union) field whose members `body` writes.
    mutating func field(_ id: Int16, _ body: (inout ThriftWriter) -> Void) {
        header(id, .structure)
        writeStruct(body)
    }

    /// A list field of `count` elements of `type`; `body` writes the elements.
    mutating func field(_ id: Int16, list type: ThriftType, count: Int, _ body: (inout ThriftWriter) -> Void) {
        header(id, .list)
        if count < 15 {
            bytes.append(UInt8(count << 4) | type.rawValue)
        } else {
            bytes.append(0xF0 | type.rawValue)
            varint(UInt64(count))
        }
        body(&self)
    }

    /// A list of i32 values.
    mutating func field(_ id: Int16, i32List values: [Int32]) {
        field(id, list: .i32, count: values.count) { writer in
            for value in values { writer.varint(writer.zigzag(Int64(value))) }
        }
    }

    /// A list of strings.
    mutating func field(_ id: Int16, stringList values: [String]) {
        field(id, list: .binary, count: values.count) { writer in
            for value in values {
                let utf8 = Array(value.utf8)
                writer.varint(UInt64(utf8.count))
                writer.bytes.append(contentsOf: utf8)
            }
        }
    }

    /// A struct value: its members, then the stop byte. Used for list elements and top-level structs.
    mutating func writeStruct(_ body: (inout ThriftWriter) -> Void) {
        lastFieldIDs.append(0)
        body(&self)
        bytes.append(ThriftType.stop.rawValue)
        lastFieldIDs.removeLast()
    }
}

/// Reads Thrift's compact protocol, skipping fields it does not know, as files from newer writers
/// carry them. Every length is checked against the bytes there are, and nesting is bounded, so
/// damaged metadata is an error rather than a crash or a huge allocation.
struct ThriftReader {
    private let bytes: [UInt8]
    private(set) var position: Int
    private var depth = 0
    private static let maxDepth = 64

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    static func damaged(_ what: String) -> ArtifactFormatError {
        ArtifactFormatError(.unreadable, "the Parquet metadata is damaged: \(what)")
    }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw Self.damaged("it ends in the middle of a value") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw Self.damaged("a number is longer than 64 bits") }
            result |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func zigzag() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func i32() throws -> Int32 {
        let value = try zigzag()
        guard let narrow = Int32(exactly: value) else { throw Self.damaged("\(value) does not fit a 32-bit field") }
        return narrow
    }

    mutating func i64() throws -> Int64 { try zigzag() }

    mutating func i8() throws -> Int8 { Int8(bitPattern: try byte()) }

    mutating func double() throws -> Double {
        guard bytes.count - position >= 8 else { throw Self.damaged("it ends in the middle of a double") }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return Double(bitPattern: bits)
    }

    mutating func binary() throws -> [UInt8] {
        let count = try varint()
        guard count <= UInt64(bytes.count - position) else { throw Self.damaged("a string claims \(count) bytes, more than there are") }
        defer { position += Int(count) }
        return Array(bytes[position..<position + Int(count)])
    }

    mutating func string() throws -> String { String(decoding: try binary(), as: UTF8.self) }

    /// The value of a boolean field, which its header's type holds.
    func bool(_ type: ThriftType) -> Bool { type == .boolTrue }

    /// Reads a struct, handing each field id and type to `body`, which returns false for fields it
    /// does not read; those are skipped.
    mutating func readStruct(_ body: (inout ThriftReader, Int16, ThriftType) throws -> Bool) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw Self.damaged("structures nest more than \(Self.maxDepth) deep") }
        var lastID: Int16 = 0
        while true {
            let header = try byte()
            guard let type = ThriftType(rawValue: header & 0x0F) else { throw Self.damaged("unknown field type \(header & 0x0F)") }
            if type == .stop { return }
            let delta = header >> 4
            let id: Int16
            if delta != 0 {
                id = lastID &+ Int16(delta)
            } else {
                let raw = try zigzag()
                guard let narrow = Int16(exactly: raw) else { throw Self.damaged("field id \(raw) is out of range") }
                id = narrow
            }
            lastID = id
            let handled = try body(&self, id, type)
            if !handled { try skip(type) }
        }
    }

    /// Reads a list header and hands each element's type to `body`, `count` times.
    mutating func readList(_ body: (inout ThriftReader, ThriftType) throws -> Void) throws {
        let header = try byte()
        guard let type = ThriftType(rawValue: header & 0x0F) else { throw Self.damaged("unknown list element type \(header & 0x0F)") }
        var count = UInt64(header >> 4)
        if count == 15 { count = try varint() }
        // Every element takes at least one byte (booleans in lists do too).
        guard count <= UInt64(bytes.count - position) else { throw Self.damaged("a list claims \(count) elements, more than there are bytes") }
        for _ in 0..<count { try body(&self, type) }
    }

    /// A list of i32 values.
    mutating func i32List() throws -> [Int32] {
        var values: [Int32] = []
        try readList { reader, _ in values.append(try reader.i32()) }
        return values
    }

    /// A list of strings.
    mutating func stringList() throws -> [String] {
        var values: [String] = []
        try readList { reader, _ in values.append(try reader.string()) }
        return values
    }

    /// Skips a value of `type`.
    mutating func skip(_ type: ThriftType) throws {
        switch type {
        case .stop, .boolTrue, .boolFalse: return
        case .byte: _ = try byte()
        case .i16, .i32, .i64: _ = try varint()
        case .double: _ = try double()
        case .binary: _ = try binary()
        case .list, .set:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw Self.damaged("lists nest more than \(Self.maxDepth) deep") }
            try readList { reader, element in
                if element == .boolTrue || element == .boolFalse { _ = try reader.byte() } else { try reader.skip(element) }
            }
        case .map:
            let count = try varint()
            guard count > 0 else { return }
            guard count <= UInt64(bytes.count - position) else { throw Self.damaged("a map claims \(count) entries, more than there are bytes") }
            let types = try byte()
            guard let key = ThriftType(rawValue: types >> 4), let value = ThriftType(rawValue: types & 0x0F) else {
                throw Self.damaged("unknown map entry types")
            }
            for _ in 0..<count {
                try skip(key)
                try skip(value)
            }
        case .structure:
            try readStruct { _, _, _ in false }
        }
    }
}
