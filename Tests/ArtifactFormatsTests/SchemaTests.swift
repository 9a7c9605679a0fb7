import Foundation
import Testing
@testable import ArtifactFormats

@Suite("Column type unification")
struct ColumnTypeTests {
    @Test("unifies compatible types, in either order", arguments: [
        (ColumnType.null, ColumnType.int, ColumnType.int),
        (.null, .object([]), .object([])),
        (.int, .double, .double),
        (.int, .decimal(precision: 4, scale: 2), .decimal(precision: 21, scale: 2)),
        (.decimal(precision: 4, scale: 2), .decimal(precision: 5, scale: 3), .decimal(precision: 5, scale: 3)),
        (.decimal(precision: 10, scale: 0), .decimal(precision: 3, scale: 3), .decimal(precision: 13, scale: 3)),
        (.decimal(precision: 4, scale: 2), .double, .double),
        (.date, .timestamp, .timestamp),
        (.date, .string, .string),
        (.uuid, .string, .string),
        (.int, .string, .string),
        (.bool, .string, .string),
        (.timestamp, .string, .string),
        (.double, .string, .string),
        (.array(.int), .array(.double), .array(.double)),
        (.array(.null), .array(.bool), .array(.bool)),
    ])
    func unifies(left: ColumnType, right: ColumnType, expected: ColumnType) async throws {
        #expect(try left.unified(with: right) == expected)
        #expect(try right.unified(with: left) == expected)
    }

    @Test("struct fields merge by name, keeping the order of first appearance")
    func structsMerge() async throws {
        let left = ColumnType.object([Column(name: "a", type: .int), Column(name: "b", type: .null)])
        let right = ColumnType.object([Column(name: "c", type: .bool), Column(name: "a", type: .double), Column(name: "b", type: .string)])
        #expect(try left.unified(with: right) == .object([
            Column(name: "a", type: .double), Column(name: "b", type: .string), Column(name: "c", type: .bool),
        ]))
    }

    @Test("incompatible types throw a TypeConflict naming both", arguments: [
        (ColumnType.bool, ColumnType.int),
        (.object([Column(name: "a", type: .int)]), .int),
        (.object([]), .string),
        (.array(.int), .object([])),
        (.array(.int), .string),
        (.timestamp, .int),
        (.object([Column(name: "a", type: .int)]), .object([Column(name: "a", type: .bool)])),
    ])
    func conflicts(left: ColumnType, right: ColumnType) {
        let error = #expect(throws: TypeConflict.self) { try left.unified(with: right) }
        if case .object(let fields) = left, case .object = right, !fields.isEmpty {
            #expect(error == TypeConflict(left: .int, right: .bool))
        } else {
            #expect(error == TypeConflict(left: left, right: right))
        }
    }
}

@Suite("Schema")
struct SchemaTests {
    @Test("unified matches columns by name and appends new ones")
    func unifiedSchema() async throws {
        let left = Schema(columns: [Column(name: "id", type: .int), Column(name: "name", type: .null)])
        let right = Schema(columns: [Column(name: "score", type: .double), Column(name: "id", type: .double), Column(name: "name", type: .string)])
        #expect(try left.unified(with: right) == Schema(columns: [
            Column(name: "id", type: .double), Column(name: "name", type: .string), Column(name: "score", type: .double),
        ]))
    }

    @Test("a conflict throws typeConflict naming the column")
    func conflictNamesColumn() {
        let left = Schema(columns: [Column(name: "id", type: .int), Column(name: "flag", type: .bool)])
        let right = Schema(columns: [Column(name: "flag", type: .int)])
        let error = #expect(throws: ArtifactFormatError.self) { try left.unified(with: right) }
        #expect(error?.code == .typeConflict)
        #expect(error?.message.contains("column 'flag'") == true)
    }

    @Test("column types survive a JSON round trip of the schema")
    func codable() async throws {
        let schema = Schema(columns: [
            Column(name: "a", type: .timestamp),
            Column(name: "b", type: .array(.object([Column(name: "c", type: .decimal(precision: 10, scale: 2))]))),
            Column(name: "d", type: .date), Column(name: "u", type: .uuid),
        ])
        let data = try JSONEncoder().encode(schema)
        #expect(try JSONDecoder().decode(Schema.self, from: data) == schema)
    }
}

@Suite("RowBatch")
struct RowBatchTests {
    @Test("conformed fills missing columns with null and follows the target's column order")
    func conformedFillsMissing() async throws {
        let batch = try makeBatch(["b"], [[1], [2]])
        let target = Schema(columns: [Column(name: "a", type: .string), Column(name: "b", type: .int)])
        let result = batch.conformed(to: target)
        #expect(result.schema == target)
        #expect(result.rowCount == 2)
        #expect(rows(result) == [[nil, 1], [nil, 2]])
    }

    @Test("conformed converts int to double, decimal and string, and leaves null alone")
    func conformedConverts() async throws {
        let batch = try makeBatch(["d", "m", "s", "n"], [[1, 2, 3, nil], [nil, -4, 2.5, 5]])
        let target = Schema(columns: [
            Column(name: "d", type: .double), Column(name: "m", type: .decimal(precision: 20, scale: 0)),
            Column(name: "s", type: .string), Column(name: "n", type: .double),
        ])
        #expect(rows(batch.conformed(to: target)) == [
            [.double(1), .decimal(2), "3", nil],
            [nil, .decimal(-4), "2.5", .double(5)],
        ])
    }

    @Test("conformed converts fields inside nested structs and arrays")
    func conformedNested() async throws {
        let object = ArtifactValue.object(ArtifactObject(keys: ["x"], values: [1]))
        let batch = try makeBatch(["o", "l"], [[object, .array([1, 2])]])
        let target = Schema(columns: [
            Column(name: "o", type: .object([Column(name: "x", type: .double)])),
            Column(name: "l", type: .array(.string)),
        ])
        #expect(rows(batch.conformed(to: target)) == [[
            .object(ArtifactObject(keys: ["x"], values: [.double(1)])), .array(["1", "2"]),
        ]])
    }

    @Test("setting conflicting values in one column throws typeConflict naming it")
    func setConflict() async throws {
        var batch = RowBatch(columnNames: ["flag"])
        try batch.set(true, at: 0)
        batch.endRow()
        let error = #expect(throws: ArtifactFormatError.self) { try batch.set(1, at: 0) }
        #expect(error?.code == .typeConflict)
        #expect(error?.message.contains("'flag'") == true)
    }
}

@Suite("Calendar dates and decimal shapes")
struct CalendarDateTests {
    @Test("days since 1970 and year-month-day agree, before and after the epoch and across leap days", arguments: [
        ("1970-01-01", 0), ("1969-12-31", -1), ("2000-02-29", 11_016), ("1900-03-01", -25_508), ("0001-01-01", -719_162),
        ("9999-12-31", 2_932_896),
    ])
    func days(text: String, days: Int32) async throws {
        let date = try #require(CalendarDate(parsing: text))
        #expect(date.daysSince1970 == days)
        #expect(date.description == text)
        #expect(CalendarDate(daysSince1970: days).description == text)
        #expect(CalendarDate(date.start) == date)
    }

    @Test("impossible days and other text are refused", arguments: ["2025-02-29", "2025-13-01", "2025-1-01", "25-01-01", "2025-01-01T00:00:00Z", ""])
    func refused(text: String) {
        #expect(CalendarDate(parsing: text) == nil)
    }

    @Test("a decimal's precision and scale are its digits and those after the point", arguments: [
        ("19.99", 4, 2), ("-5", 1, 0), ("0.001", 3, 3), ("1200", 4, 0), ("0", 1, 0), ("12345678901234567890123456789012345678", 38, 0),
    ])
    func shape(text: String, precision: Int, scale: Int) async throws {
        let value = try #require(Decimal(string: text))
        #expect(Decimals.shape(value) == (precision, scale))
        #expect(Decimals.unscaled(value, scale: scale).map { Decimals.decimal(unscaled: $0, scale: scale) } == value)
    }
}
