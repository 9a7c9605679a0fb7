import Testing
@testable import ArtifactFormats

@Suite("Thrift compact protocol")
struct ThriftTests {
    @Test("fields are written as deltas, longer gaps with the id after the type, integers zigzagged")
    func goldenFields() {
        var writer = ThriftWriter()
        writer.writeStruct { w in
            w.field(1, Int32(1))
            w.field(2, Int64(-1))
            w.field(3, true)
            w.field(4, false)
            w.field(20, "ab")
            w.field(21, Double(1.5))
        }
        #expect(writer.bytes == [
            0x15, 0x02,                  // field 1, i32, zigzag(1) = 2
            0x16, 0x01,                  // field 2, i64, zigzag(-1) = 1
            0x11, 0x12,                  // fields 3 and 4: booleans in the type nibble
            0x08, 0x28, 0x02, 0x61, 0x62,  // field 20: gap of 16, long form: type 8, zigzag(20) = 40, length 2, "ab"
            0x17, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F,  // field 21, double, little-endian
            0x00,                        // stop
        ])
    }

    @Test("lists carry their size in the header up to 14 elements, and a varint beyond; nested structs restart field ids")
    func goldenListsAndStructs() {
        var writer = ThriftWriter()
        writer.writeStruct { w in
            w.field(1, i32List: [1, -1, 300])
            w.field(2, i32List: Array(repeating: 0, count: 15))
            w.field(3) { inner in inner.field(1, Int32(7)) }
            w.field(4, i16: -2)
        }
        #expect(writer.bytes == [0x19, 0x35, 0x02, 0x01, 0xD8, 0x04]
            + [0x19, 0xF5, 0x0F] + Array(repeating: 0, count: 15)
            + [0x1C, 0x15, 0x0E, 0x00]
            + [0x14, 0x03]
            + [0x00])
    }

    @Test("what the writer writes reads back, and fields the reader does not know are skipped")
    func readsBackAndSkips() async throws {
        var writer = ThriftWriter()
        writer.writeStruct { w in
            w.field(1, Int32(-123_456))
            w.field(2) { inner in
                inner.field(1, stringList: ["x", "yz"])
                inner.field(9, Double(2.5))
            }
            w.field(3, i32List: [5, 6])
            w.field(200, Int64.min)
            w.field(201, "kept")
        }
        var reader = ThriftReader(writer.bytes)
        var seen: [Int16: String] = [:]
        try reader.readStruct { r, id, _ in
            switch id {
            case 1: seen[1] = String(try r.i32())
            case 200: seen[200] = String(try r.i64())
            case 201: seen[201] = try r.string()
            default: return false
            }
            return true
        }
        #expect(seen == [1: "-123456", 200: String(Int64.min), 201: "kept"])
        #expect(reader.position == writer.bytes.count)
    }

    @Test("damaged input is an error, never a crash or a huge allocation", arguments: [
        [0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],  // a string of 4 GB
        [0x19, 0xF5, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],  // a list of 4 billion elements
        [0x15],  // a field without its value
        [0x1D],  // type 13 does not exist
        Array(repeating: 0x1C, count: 200),  // structs nested 200 deep
    ] as [[UInt8]])
    func damaged(bytes: [UInt8]) {
        var reader = ThriftReader(bytes)
        #expect(throws: ArtifactFormatError.self) { try reader.readStruct { _, _, _ in false } }
    }
}

@Suite("RLE and bit-packing hybrid")
struct RLEHybridTests {
    @Test("eight values of three bits pack as the specification's example")
    func specificationExample() {
        var bytes: [UInt8] = []
        RLEHybrid.pack([0, 1, 2, 3, 4, 5, 6, 7], from: 0, count: 8, bitWidth: 3, into: &bytes)
        #expect(bytes == [0x88, 0xC6, 0xFA])
    }

    @Test("runs and bit-packed groups round-trip at every width", arguments: [0, 1, 2, 3, 7, 8, 13, 20, 32])
    func roundTrip(width: Int) async throws {
        let maximum: UInt32 = width == 32 ? .max : (1 << UInt32(width)) - 1
        var values: [UInt32] = []
        for index in 0..<1000 {
            values.append(index < 300 ? maximum : UInt32(truncatingIfNeeded: index * 2_654_435_761) & maximum)
        }
        var bytes: [UInt8] = []
        RLEHybrid.encode(values, bitWidth: width, into: &bytes)
        var cursor = ByteCursor(bytes)
        var decoded: [UInt32] = []
        try RLEHybrid.decode(&cursor, bitWidth: width, count: values.count, into: &decoded)
        #expect(decoded == values)
        if width > 0 { #expect(bytes.count < values.count * width / 8 + 16) }
    }
}
