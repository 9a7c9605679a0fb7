import Foundation
import Testing
@testable import ArtifactFormats

@Suite("JSON Lines")
struct JSONLinesTests {
    private func text(_ batch: RowBatch) async -> String {
        String(decoding: (try? await encoded(batch, as: JSONLines())) ?? [], as: UTF8.self)
    }

    private func read(_ text: String, schema: Schema? = nil) async throws -> RowBatch {
        try await readBack(Array(text.utf8), as: JSONLines(), schema: schema)
    }

    @Test("writes one object per line with keys in schema order and nulls spelled out")
    func encodesLines() async throws {
        let batch = try makeBatch(["b", "a", "s"], [[1, nil, "x\"y"], [nil, 2.5, "\t\u{1}"]])
        #expect(await text(batch) == #"""
            {"b":1,"a":null,"s":"x\"y"}
            {"b":null,"a":2.5,"s":"\t\u0001"}

            """#)
    }

    @Test("doubles JSON cannot hold are written as null")
    func nonFiniteDoubles() async throws {
        let batch = try makeBatch(["d"], [[.double(.nan)], [.double(.infinity)], [.double(-.infinity)]])
        #expect(await text(batch) == "{\"d\":null}\n{\"d\":null}\n{\"d\":null}\n")
    }

    @Test("without a schema, whole numbers read as ints and others as doubles")
    func infersNumbers() async throws {
        let batch = try await read(#"{"i":12,"d":1.0,"e":1e-7,"s":"1","b":false,"n":null,"o":{"k":[1,"x"]}}"#)
        #expect(rows(batch) == [[12, 1.0, 1e-7, "1", false, nil, .object(ArtifactObject(keys: ["k"], values: [.array([1, "x"])]))]])
    }

    @Test("decodes escapes, including surrogate pairs")
    func decodesEscapes() async throws {
        let batch = try await read(#"{"s":"\u00e9\ud83d\ude00\/\b\f\"\\"}"#)
        #expect(rows(batch) == [["é😀/\u{8}\u{C}\"\\"]])
    }

    @Test("skips blank lines and accepts CRLF endings and a last line without a newline")
    func lenientLines() async throws {
        let batch = try await read("{\"a\":1}\r\n\n  \r\n{\"a\":2}\r\n{\"a\":3}")
        #expect(rows(batch) == [[1], [2], [3]])
    }

    @Test("a row without keys still counts as a row")
    func emptyRows() async throws {
        let batch = try await read("{}\n{\"a\":1}\n{}\n")
        #expect(rows(batch) == [[nil], [1], [nil]])
    }

    @Test("malformed JSON throws unreadable naming the line", arguments: [
        #"{"a":}"#, #"{"a":1"#, #"{"a":1} x"#, #"[1,2]"#, #"{"a":tru}"#, #"{"a":"open}"#, #"{"a":1,}"#,
        #"{a:1}"#, #"{"a":1.2.3}"#, #"{"a":-}"#, #"{"a":"\x"}"#, #"{"a":"\ud800"}"#, #"{"a":"\u12"}"#,
    ])
    func malformed(line: String) async throws {
        let input = "{\"a\":1}\n\n" + line + "\n{\"a\":2}\n"
        let error = await #expect(throws: ArtifactFormatError.self) { try await read(input) }
        #expect(error?.code == .unreadable)
        #expect(error?.message.hasPrefix("line 3:") == true, "\(error?.message ?? "")")
    }

    @Test("a string that is not a timestamp in a timestamp column is unreadable")
    func badTimestamp() async throws {
        let schema = Schema(columns: [Column(name: "t", type: .timestamp)])
        let error = await #expect(throws: ArtifactFormatError.self) {
            try await read("{\"t\":\"2024-01-01T00:00:00Z\"}\n{\"t\":\"yesterday\"}\n", schema: schema)
        }
        #expect(error?.code == .unreadable)
        #expect(error?.message.contains("line 2") == true)
    }

    @Test("a high surrogate followed by a non-surrogate escape is rejected without crashing")
    func brokenSurrogatePair() async {
        await #expect(processExitsWith: .success) {
            do {
                _ = try JSONLines.parseValue(Array(#""\ud83d\u0041""#.utf8))
                exit(2)  // accepted: wrong
            } catch {}
        }
    }

    @Test("canReuse allows widening on read but not conversion to strings or dropped columns", arguments: [
        ([Column(name: "a", type: .int)], [Column(name: "a", type: .int)], true),
        ([Column(name: "a", type: .int)], [Column(name: "a", type: .double)], true),
        ([Column(name: "a", type: .int)], [Column(name: "a", type: .decimal(precision: 21, scale: 2))], true),
        ([Column(name: "a", type: .decimal(precision: 4, scale: 2))], [Column(name: "a", type: .double)], true),
        ([Column(name: "a", type: .decimal(precision: 4, scale: 2))], [Column(name: "a", type: .decimal(precision: 6, scale: 3))], true),
        ([Column(name: "a", type: .decimal(precision: 4, scale: 2))], [Column(name: "a", type: .decimal(precision: 4, scale: 1))], false),
        ([Column(name: "a", type: .date)], [Column(name: "a", type: .timestamp)], true),
        ([Column(name: "a", type: .uuid)], [Column(name: "a", type: .string)], false),
        ([Column(name: "a", type: .null)], [Column(name: "a", type: .string)], true),
        ([Column(name: "a", type: .int)], [Column(name: "b", type: .bool), Column(name: "a", type: .int)], true),
        ([Column(name: "a", type: .array(.int))], [Column(name: "a", type: .array(.double))], true),
        ([Column(name: "a", type: .object([Column(name: "x", type: .int)]))],
         [Column(name: "a", type: .object([Column(name: "x", type: .double), Column(name: "y", type: .bool)]))], true),
        ([Column(name: "a", type: .int)], [Column(name: "a", type: .string)], false),
        ([Column(name: "a", type: .bool)], [Column(name: "a", type: .string)], false),
        ([Column(name: "a", type: .timestamp)], [Column(name: "a", type: .string)], false),
        ([Column(name: "a", type: .int), Column(name: "c", type: .int)], [Column(name: "a", type: .int)], false),
        ([Column(name: "a", type: .object([Column(name: "x", type: .int)]))],
         [Column(name: "a", type: .object([Column(name: "x", type: .string)]))], false),
    ])
    func canReuse(written: [Column], target: [Column], expected: Bool) {
        #expect(JSONLines().canReuse(rowsEncodedAs: Schema(columns: written), for: Schema(columns: target)) == expected)
    }
}
