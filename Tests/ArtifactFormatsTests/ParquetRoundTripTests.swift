import Foundation
import Testing
@testable import ArtifactFormats

@Suite("Parquet written and read back")
struct ParquetRoundTripTests {
    static let schemaOfEverything = Schema(columns: [
        Column(name: "id", type: .int), Column(name: "name", type: .string), Column(name: "score", type: .double),
        Column(name: "active", type: .bool), Column(name: "at", type: .timestamp), Column(name: "day", type: .date),
        Column(name: "price", type: .decimal(precision: 6, scale: 2)), Column(name: "token", type: .uuid),
        Column(name: "tags", type: .array(.string)),
        Column(name: "address", type: .object([Column(name: "city", type: .string), Column(name: "zip", type: .int)])),
        Column(name: "points", type: .array(.object([Column(name: "x", type: .double), Column(name: "labels", type: .array(.int))]))),
        Column(name: "nothing", type: .null),
    ])

    static func everything() throws -> RowBatch {
        let point = { (x: Double, labels: [ArtifactValue]) in ArtifactValue.object(ArtifactObject(keys: ["x", "labels"], values: [.double(x), .array(labels)])) }
        return try makeBatch(schemaOfEverything.names, [
            [.int(.min), "Ada, \"quoted\"\nline", .double(.nan), .bool(true), .timestamp(date(micros: -1_000_001)),
             .date(-719_162), .decimal(try decimal("-1234.56")), .uuid(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!),
             .array(["a", "", "日本 🚀"]), .object(ArtifactObject(keys: ["city", "zip"], values: ["Zürich", 8000])),
             .array([point(1.5, [1, 2]), point(-0.0, []), .null]), .null],
            [.int(.max), "", .double(.infinity), .bool(false), .timestamp(date(micros: 1_738_315_800_123_456)),
             .date(20_000), .decimal(try decimal("0.01")), .null, .array([]), .object(ArtifactObject(keys: ["city", "zip"], values: [nil, nil])),
             .array([]), .null],
            [nil, nil, .double(-.infinity), nil, nil, nil, nil, nil, nil, nil, nil, nil],
        ])
    }

    @Test("every type, nulls, empty values and nested values come back equal, with every codec", arguments: ArtifactCompression.allCases)
    func everyType(compression: ArtifactCompression) throws {
        let format = ParquetFormat(compression: compression)
        let batch = try Self.everything()
        let bytes = try encoded(batch, as: format)
        #expect(bytes.starts(with: Array("PAR1".utf8)) && bytes.suffix(4).elementsEqual("PAR1".utf8))
        let read = try readBack(bytes, as: format, schema: nil, chunkSize: 1 << 20)
        #expect(read.rowCount == 3)
        for (name, index) in zip(batch.schema.names, 0...) {
            let written = (0..<3).map { batch.value(row: $0, column: index) }
            let back = (0..<3).map { read.value(row: $0, column: read.existingIndex(of: name)!) }
            #expect(written.map(Self.comparable) == back.map(Self.comparable), "column \(name)")
        }
        try Data(bytes).write(to: URL(fileURLWithPath: "/tmp/pq/everything-\(compression).parquet"))
    }

    /// NaN never equals itself; compare its text instead.
    static func comparable(_ value: ArtifactValue) -> String {
        if case .double(let double) = value { return "\(double)" }
        if case .timestamp(let date) = value { return "\(Timestamp.microseconds(date))" }
        if case .array(let items) = value { return "[" + items.map(comparable).joined(separator: ",") + "]" }
        if case .object(let object) = value { return "{" + zip(object.keys, object.values.map(comparable)).map { "\($0):\($1)" }.joined(separator: ",") + "}" }
        return "\(value)"
    }
}
