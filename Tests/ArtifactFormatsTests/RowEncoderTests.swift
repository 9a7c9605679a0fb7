import Foundation
import Testing
@testable import ArtifactFormats

private struct Point: Codable, Equatable {
    var x: Int
    var y: Double
}

private struct Sparse: Codable, Equatable {
    var a: Int
    var b: String?
    var c: Bool
}

private struct Rich: Codable, Equatable {
    var id: UUID
    var at: Date
    var amount: Decimal
    var origin: Point
    var tags: [String]
    var note: String?
}

private struct Empty: Codable, Equatable {}

private struct Holder: Codable, Equatable {
    var empty: Empty
    var list: [Int]
}

private struct Unsigned: Codable, Equatable {
    var big: UInt64
}

@Suite("RowEncoder")
struct RowEncoderTests {
    @Test("struct fields become columns in the order they first appear")
    func columnOrder() async throws {
        let batch = try RowEncoder.batch([
            Sparse(a: 1, b: nil, c: true),
            Sparse(a: 2, b: "two", c: false),
        ])
        #expect(batch.schema.names == ["a", "c", "b"])
        #expect(batch.schema.columns.map(\.type) == [.int, .bool, .string])
        #expect(batch.rowCount == 2)
    }

    @Test("a column first seen in a later row is null in earlier rows; a nil optional is null")
    func lateColumnIsNullEarlier() async throws {
        let batch = try RowEncoder.batch([
            Sparse(a: 1, b: nil, c: true),
            Sparse(a: 2, b: "two", c: false),
            Sparse(a: 3, b: nil, c: true),
        ])
        let b = try #require(batch.existingIndex(of: "b"))
        #expect((0..<3).map { batch.value(row: $0, column: b) } == [.null, "two", .null])
    }

    @Test("nested structs become objects, arrays stay arrays, empty ones stay empty")
    func nestedValues() async throws {
        let batch = try RowEncoder.batch([Holder(empty: Empty(), list: [1, 2])])
        #expect(batch.row(0) == [.object(ArtifactObject()), .array([1, 2])])
        #expect(batch.schema.columns.map(\.type) == [.object([]), .array(.int)])
        let emptyList = try RowEncoder.batch([Holder(empty: Empty(), list: [])])
        #expect(emptyList.row(0)[1] == .array([]))
    }

    @Test("Date becomes a timestamp, Decimal keeps its digits and its precision and scale, UUID a UUID, CalendarDate a date")
    func foundationTypes() async throws {
        let id = try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        let when = date(micros: 1_738_315_800_123_456)
        let amount = try decimal("12345678901234567890.123456789")
        let row = Rich(id: id, at: when, amount: amount, origin: Point(x: 1, y: 2.5), tags: ["a", "b"], note: nil)
        let batch = try RowEncoder.batch([row])
        #expect(batch.schema.names == ["id", "at", "amount", "origin", "tags"])
        #expect(batch.row(0)[0] == .uuid(id) && batch.row(0)[0].text == "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")
        #expect(batch.schema.columns.map(\.type).prefix(3) == [.uuid, .timestamp, .decimal(precision: 29, scale: 9)])
        let day = try #require(CalendarDate(year: 1969, month: 7, day: 20))
        #expect(try RowEncoder.batch([day]).row(0) == [.date(-165)])
        #expect(batch.row(0)[1] == .timestamp(when))
        guard case .decimal(let stored) = batch.row(0)[2] else {
            Issue.record("amount is \(batch.row(0)[2]), not a decimal")
            return
        }
        #expect(stored.description == "12345678901234567890.123456789")
        #expect(batch.row(0)[3] == .object(ArtifactObject(keys: ["x", "y"], values: [1, 2.5])))
        #expect(batch.schema.columns[3].type == .object([Column(name: "x", type: .int), Column(name: "y", type: .double)]))
    }

    @Test("unsigned integers above Int64.max become decimals with the same digits")
    func largeUnsigned() async throws {
        let batch = try RowEncoder.batch([Unsigned(big: .max), Unsigned(big: 7)])
        #expect(batch.row(0) == [.decimal(Decimal(UInt64.max))])
        #expect(batch.row(1) == [.int(7)])
        #expect(batch.schema.columns[0].type == .decimal(precision: 20, scale: 0))
    }

    @Test("rows that are not structs go into one column named value")
    func nonStructRows() async throws {
        let arrays = try RowEncoder.batch([[1, 2], [3]])
        #expect(arrays.schema.names == [RowEncoder.valueColumn])
        #expect(rows(arrays) == [[.array([1, 2])], [.array([3])]])
        let scalars = try RowEncoder.batch([1, nil, 3] as [Int?])
        #expect(scalars.schema.names == ["value"])
        #expect(rows(scalars) == [[1], [nil], [3]])
        let strings = try RowEncoder.batch(["x", "y"])
        #expect(rows(strings) == [["x"], ["y"]])
    }

    @Test("a batch can grow by appending more rows")
    func appendRows() async throws {
        var batch = try RowEncoder.batch([Point(x: 1, y: 1)])
        try RowEncoder.append([Point(x: 2, y: 2)], to: &batch)
        #expect(rows(batch) == [[1, 1.0], [2, 2.0]])
    }
}

@Suite("RowDecoder")
struct RowDecoderTests {
    @Test("decodes rows back into the structs they were encoded from")
    func decodesStructs() async throws {
        let original = [
            Rich(id: UUID(), at: date(micros: 1_700_000_000_654_321), amount: try decimal("12345678901234567890.123456789"),
                 origin: Point(x: -3, y: 0.1), tags: ["é", "😀"], note: "n"),
            Rich(id: UUID(), at: date(micros: -1), amount: try decimal("-0.5"), origin: Point(x: 0, y: 1e-7), tags: [], note: nil),
        ]
        let batch = try RowEncoder.batch(original)
        #expect(try RowDecoder.decode(Rich.self, from: batch) == original)
    }

    @Test("decodes sparse rows with nulls, empty structs and empty arrays")
    func decodesSparse() async throws {
        let sparse = [Sparse(a: 1, b: nil, c: true), Sparse(a: 2, b: "", c: false)]
        #expect(try RowDecoder.decode(Sparse.self, from: RowEncoder.batch(sparse)) == sparse)
        let holders = [Holder(empty: Empty(), list: []), Holder(empty: Empty(), list: [5])]
        #expect(try RowDecoder.decode(Holder.self, from: RowEncoder.batch(holders)) == holders)
    }

    @Test("decodes rows of the value column back into scalars and arrays")
    func decodesValueColumn() async throws {
        #expect(try RowDecoder.decode([Int].self, from: RowEncoder.batch([[1, 2], [3]])) == [[1, 2], [3]])
        #expect(try RowDecoder.decode(Int?.self, from: RowEncoder.batch([1, nil] as [Int?])) == [1, nil])
    }

    @Test("decodes nested values held as JSON text, as CSV leaves them")
    func decodesJSONText() async throws {
        let batch = try makeBatch(["empty", "list"], [[#"{}"#, "[1,2]"]])
        #expect(try RowDecoder.decode(Holder.self, from: batch) == [Holder(empty: Empty(), list: [1, 2])])
    }
}
