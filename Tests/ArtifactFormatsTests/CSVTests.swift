import Foundation
import Testing
@testable import ArtifactFormats

@Suite("CSV")
struct CSVTests {
    private func text(_ batch: RowBatch, _ format: CSV = CSV()) async -> String {
        String(decoding: (try? await encoded(batch, as: format)) ?? [], as: UTF8.self)
    }

    private func read(_ text: String, schema: Schema? = nil, format: CSV = CSV(), options: ReadOptions = ReadOptions()) async throws -> RowBatch {
        try await readBack(Array(text.utf8), as: format, schema: schema, options: options)
    }

    @Test("an empty string is written as \"\" and a null as an empty cell, and both read back as written")
    func emptyStringVersusNull() async throws {
        let batch = try makeBatch(["id", "s"], [[1, ""], [2, nil], [3, "x"]])
        let csv = await text(batch)
        #expect(csv == "id,s\n1,\"\"\n2,\n3,x\n")
        #expect(rows(try await read(csv, schema: batch.schema)) == [[1, ""], [2, nil], [3, "x"]])
        #expect(rows(try await read(csv)) == [[1, ""], [2, nil], [3, "x"]])
    }

    @Test("cells are quoted only when they hold a quote, delimiter or line break")
    func quoting() async throws {
        let batch = try makeBatch(["a,b", "c"], [["say \"hi\"", "x,y"], ["line\nbreak", "tab\tok"], ["cr\r", " plain "]])
        #expect(await text(batch) == "\"a,b\",c\n\"say \"\"hi\"\"\",\"x,y\"\n\"line\nbreak\",tab\tok\n\"cr\r\", plain \n")
    }

    @Test("nested values are written as JSON text and read back nested only when the schema says so")
    func nestedAsJSONText() async throws {
        let object = ArtifactValue.object(ArtifactObject(keys: ["a", "b"], values: [1, .array(["x"])]))
        let batch = try makeBatch(["o", "e", "l"], [[object, .object(ArtifactObject()), .array([])]])
        let csv = await text(batch)
        #expect(csv == "o,e,l\n\"{\"\"a\"\":1,\"\"b\"\":[\"\"x\"\"]}\",{},[]\n")
        #expect(rows(try await read(csv, schema: batch.schema)) == [[object, .object(ArtifactObject()), .array([])]])
        #expect(rows(try await read(csv)) == [[#"{"a":1,"b":["x"]}"#, "{}", "[]"]])
    }

    @Test("without a schema, cell types are inferred from their text")
    func infersTypes() async throws {
        let csv = "i,neg,d,e,t,f,s,q,n,big,date\n1,-5,1.5,1e5,true,false,abc,\"42\",,99999999999999999999,2024-01-01\n"
        #expect(rows(try await read(csv)) == [[1, -5, 1.5, 100_000.0, true, false, "abc", "42", nil, "99999999999999999999", "2024-01-01"]])
    }

    @Test("CRLF line endings and blank lines are accepted")
    func crlf() async throws {
        #expect(rows(try await read("a,b\r\n1,2\r\n\r\n3,4\r\n")) == [[1, 2], [3, 4]])
    }

    @Test("a tab-delimited dialect round-trips text holding tabs and commas")
    func tabDialect() async throws {
        let format = CSV(dialect: CSVDialect(delimiter: "\t"))
        let batch = try makeBatch(["a", "b"], [["x\ty", "1,2"], [nil, ""]])
        let csv = await text(batch, format)
        #expect(csv == "a\tb\n\"x\ty\"\t1,2\n\t\"\"\n")
        #expect(rows(try await read(csv, schema: batch.schema, format: format)) == rows(batch))
    }

    @Test("without a header line, columns take their names from the schema")
    func headerless() async throws {
        let format = CSV(dialect: CSVDialect(hasHeader: false))
        let batch = try makeBatch(["x", "y"], [[1, "a"], [2, "b"]])
        let csv = await text(batch, format)
        #expect(csv == "1,a\n2,b\n")
        let read = try await read(csv, schema: batch.schema, format: format)
        #expect(read.schema.names == ["x", "y"])
        #expect(rows(read) == rows(batch))
    }

    @Test("column type overrides in the read options win over the recorded schema")
    func columnTypeOverride() async throws {
        let schema = Schema(columns: [Column(name: "code", type: .int)])
        let read = try await read("code\n007\n", schema: schema, options: ReadOptions(columnTypes: ["code": .string]))
        #expect(rows(read) == [["007"]])
    }

    @Test("canReuse requires the same column names in the same order, whatever their types", arguments: [
        (["a", "b"], ["a", "b"], true),
        (["a", "b"], ["b", "a"], false),
        (["a"], ["a", "b"], false),
        (["a", "b"], ["a"], false),
    ])
    func canReuse(written: [String], target: [String], expected: Bool) {
        let writtenSchema = Schema(columns: written.map { Column(name: $0, type: .int) })
        let targetSchema = Schema(columns: target.map { Column(name: $0, type: .string) })
        #expect(CSV().canReuse(rowsEncodedAs: writtenSchema, for: targetSchema) == expected)
    }

    static let typedSchema = Schema(columns: [
        Column(name: "i", type: .int), Column(name: "b", type: .bool), Column(name: "t", type: .timestamp),
        Column(name: "d", type: .double), Column(name: "o", type: .object([])),
    ])

    @Test("malformed input throws unreadable naming the line", arguments: [
        ("\"3,true,2024-01-01,1.0,{}\n", "line 3"),
        ("3,true,2024-01-01,1.0\n", "line 3"),
        ("3,true,2024-01-01,1.0,{},extra\n", "line 3"),
        ("three,true,2024-01-01,1.0,{}\n", "line 3"),
        ("3.5,true,2024-01-01,1.0,{}\n", "line 3"),
        ("3,yes,2024-01-01,1.0,{}\n", "line 3"),
        ("3,true,soon,1.0,{}\n", "line 3"),
        ("3,true,2024-01-01,one,{}\n", "line 3"),
        ("3,true,2024-01-01,1.0,{oops}\n", "line 3"),
        ("\"3\"x,true,2024-01-01,1.0,{}\n", "line 3"),
    ])
    func malformed(row: String, line: String) async throws {
        let csv = "i,b,t,d,o\n1,false,2024-01-01,2.0,{}\n" + row + "4,true,2024-01-01,1.0,{}\n"
        let error = await #expect(throws: ArtifactFormatError.self) { try await read(csv, schema: Self.typedSchema) }
        #expect(error?.code == .unreadable)
        #expect(error?.message.contains(line) == true, "\(error?.message ?? "")")
    }

    @Test("a nested cell with text after its JSON value is unreadable")
    func trailingTextAfterNestedJSON() async throws {
        let csv = "i,b,t,d,o\n1,false,2024-01-01,2.0,{} trailing\n"
        let error = await #expect(throws: ArtifactFormatError.self) { try await read(csv, schema: Self.typedSchema) }
        #expect(error?.code == .unreadable)
        #expect(error?.message.contains("line 2") == true, "\(error?.message ?? "")")
    }

    @Test("a quoted cell still open at the end of the input is unreadable")
    func unclosedQuoteAtEnd() async throws {
        let error = await #expect(throws: ArtifactFormatError.self) { try await read("a,b\n1,2\n3,\"open") }
        #expect(error?.code == .unreadable)
        #expect(error?.message.contains("line 3") == true, "\(error?.message ?? "")")
    }
}
