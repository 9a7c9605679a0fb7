import ArtifactFormats
import DataAssets
import Foundation
import ObjectStorage
import PangolinClient
import PangolinModel

/// A command-line bridge for the compatibility suite: Python tests hand rows to the library's
/// Parquet (and other) writers and readers, and to its asset-data API, as typed JSON, and compare
/// what comes back with what pyarrow, DuckDB and pypangolin see.
///
/// Typed JSON: a row is an array of [column, value] pairs, a value `null` or a one-key object naming its
/// type: `{"int": "-9223372036854775808"}`, `{"double": "nan"}`, `{"bool": true}`,
/// `{"decimal": "1.50"}`, `{"string": "…"}`, `{"timestamp": "<microseconds since 1970>"}`,
/// `{"date": <days since 1970>}`, `{"uuid": "…"}`, `{"array": [values]}`, `{"object": [[key, value], …]}`.
///
///     artifact-tool read FILE [--columns a,b]         rows of a file, one typed JSON row per line
///     artifact-tool schema FILE                        the schema of a file, as the library reads it
///     artifact-tool write ROWS.jsonl FILE [--compression C] [--row-group-rows N]
///     artifact-tool sequence FILE ROWS                 ROWS generated rows (id, region, amount, at, flag)
///     artifact-tool write-asset ROWS.jsonl --catalog C --namespace N --name A --location L [--compression C]
///     artifact-tool read-asset --reference REF [--catalog C]
///
/// FILE is an absolute path or an s3:// URL, reached with the AWS_* variables. The asset commands
/// talk to PANGOLIN_URL with PANGOLIN_TOKEN.
@main
struct ArtifactTool {
    static func main() async {
        do {
            try await run(Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("artifact-tool: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ arguments: [String]) async throws {
        guard let command = arguments.first else { throw Failure("name a command: read, schema, write, sequence, write-asset, read-asset") }
        var positional: [String] = []
        var options: [String: String] = [:]
        var index = 1
        while index < arguments.count {
            if arguments[index].hasPrefix("--"), index + 1 < arguments.count {
                options[String(arguments[index].dropFirst(2))] = arguments[index + 1]
                index += 2
            } else {
                positional.append(arguments[index])
                index += 1
            }
        }
        let compression = try options["compression"].map { name in
            guard let value = ArtifactCompression(rawValue: name) else { throw Failure("unknown compression \(name)") }
            return value
        }
        switch command {
        case "read":
            let file = try positional.single("FILE")
            let format = try ArtifactFormats.format(forFile: file)
            let reader = try await format.makeReader(try await LocationSource(file), schema: nil, options: ReadOptions(),
                                                     columns: options["columns"].map { $0.split(separator: ",").map(String.init) }, batchRows: 10_000)
            while let batch = try await reader.next() { print(batch: batch) }
        case "schema":
            let file = try positional.single("FILE")
            let schema = try await ParquetFormat.schema(of: try await LocationSource(file))
            Swift.print(String(decoding: try JSONEncoder().encode(schema), as: UTF8.self))
        case "write":
            guard positional.count == 2 else { throw Failure("write ROWS.jsonl FILE") }
            var format = try ArtifactFormats.format(forFile: positional[1])
            if let compression { format = try format.compressed(compression) }
            if let rows = options["row-group-rows"].flatMap(Int.init) { format = ParquetFormat(compression: compression ?? .snappy, rowGroupRows: rows) }
            try await write(try readRows(positional[0]), as: format, to: positional[1])
        case "sequence":
            guard positional.count == 2, let count = Int(positional[1]) else { throw Failure("sequence FILE ROWS") }
            try await writeSequence(count, to: positional[0])
        case "write-asset":
            let client = try catalogClient()
            let asset = try await client.writeAsset(
                try readRows(try positional.single("ROWS.jsonl")), name: try options.required("name"), in: try options.required("catalog"),
                namespace: try NamespacePath(parsing: try options.required("namespace")), location: try options.required("location"),
                compression: compression)
            Swift.print(asset.version)
        case "read-asset":
            let client = try catalogClient()
            for try await batch in try await client.readAssetBatches(reference: try options.required("reference"), inCatalog: options["catalog"]) {
                print(batch: batch)
            }
        default:
            throw Failure("unknown command \(command)")
        }
    }

    static func catalogClient() throws -> PangolinClient {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["PANGOLIN_URL"].flatMap(URL.init(string:)), let token = environment["PANGOLIN_TOKEN"] else {
            throw Failure("set PANGOLIN_URL and PANGOLIN_TOKEN")
        }
        return PangolinClient(url: url, credential: .token(token))
    }

    static func write(_ batch: RowBatch, as format: any ArtifactFormat, to path: String) async throws {
        let sink = MemorySink()
        let writer = try await format.makeWriter(schema: batch.schema, sink: sink)
        try await writer.append(batch)
        try await writer.finish()
        try await store(sink.bytes, at: path)
    }

    static func store(_ bytes: [UInt8], at location: String) async throws {
        let target = try ObjectLocation(location)
        try await target.store.write(Data(bytes), to: target.key)
    }

    /// `count` rows in batches of 100,000, written through one Parquet writer.
    static func writeSequence(_ count: Int, to path: String) async throws {
        let sink = MemorySink()
        let schema = Schema(columns: [
            Column(name: "id", type: .int), Column(name: "region", type: .string), Column(name: "amount", type: .double),
            Column(name: "at", type: .timestamp), Column(name: "flag", type: .bool),
        ])
        let writer = try await ParquetFormat(rowGroupRows: 250_000).makeWriter(schema: schema, sink: sink)
        var start = 0
        while start < count {
            let end = min(count, start + 100_000)
            var batch = RowBatch(columnNames: schema.names)
            for id in start..<end {
                try batch.set(.int(Int64(id)), at: 0)
                try batch.set(.string(["emea", "apac", "amer"][id % 3]), at: 1)
                try batch.set(.double(Double(id % 1000) / 4), at: 2)
                try batch.set(.timestamp(Date(timeIntervalSince1970: 1_750_000_000 + Double(id))), at: 3)
                try batch.set(id % 7 == 0 ? .null : .bool(id % 2 == 0), at: 4)
                batch.endRow()
            }
            try await writer.append(batch)
            start = end
        }
        try await writer.finish()
        try await store(sink.bytes, at: path)
    }

    // MARK: Typed JSON

    static func readRows(_ path: String) throws -> RowBatch {
        var batch = RowBatch()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(separator: "\n") where !line.isEmpty {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [[Any]] else {
                throw Failure("a row is a JSON array of [column, value] pairs")
            }
            for pair in object {
                guard pair.count == 2, let name = pair[0] as? String else { throw Failure("a row's pair is [column, value]") }
                try batch.set(try value(pair[1]), at: batch.columnIndex(for: name))
            }
            batch.endRow()
        }
        return batch
    }

    static func value(_ json: Any) throws -> ArtifactValue {
        if json is NSNull { return .null }
        guard let tagged = json as? [String: Any], tagged.count == 1, let (tag, payload) = tagged.first else { throw Failure("untagged value \(json)") }
        switch (tag, payload) {
        case ("int", let text as String): return .int(Int64(text)!)
        case ("double", let text as String): return .double(Double(text)!)
        case ("bool", let flag as Bool): return .bool(flag)
        case ("decimal", let text as String): return .decimal(Decimal(string: text)!)
        case ("string", let text as String): return .string(text)
        case ("timestamp", let text as String): return .timestamp(Date(timeIntervalSince1970: Double(Int64(text)!) / 1_000_000))
        case ("date", let days as Int): return .date(Int32(days))
        case ("uuid", let text as String): return .uuid(UUID(uuidString: text)!)
        case ("array", let items as [Any]): return .array(try items.map(value))
        case ("object", let pairs as [[Any]]):
            return .object(ArtifactObject(keys: pairs.map { $0[0] as! String }, values: try pairs.map { try value($0[1]) }))
        default: throw Failure("unknown tag \(tag)")
        }
    }

    static func tagged(_ value: ArtifactValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .int(let int): return ["int": String(int)]
        case .double(let double): return ["double": "\(double)"]
        case .bool(let bool): return ["bool": bool]
        case .decimal(let decimal): return ["decimal": decimal.description]
        case .string(let string): return ["string": string]
        case .timestamp(let date): return ["timestamp": String(Timestamp.microseconds(date))]
        case .date(let days): return ["date": Int(days)]
        case .uuid(let uuid): return ["uuid": uuid.uuidString.lowercased()]
        case .array(let items): return ["array": items.map(tagged)]
        case .object(let object): return ["object": zip(object.keys, object.values).map { [$0, tagged($1)] }]
        }
    }

    static func print(batch: RowBatch) {
        for row in 0..<batch.rowCount {
            let pairs = batch.schema.names.enumerated().map { [$1, tagged(batch.value(row: row, column: $0))] as [Any] }
            let data = try! JSONSerialization.data(withJSONObject: pairs, options: [.withoutEscapingSlashes])
            Swift.print(String(decoding: data, as: UTF8.self))
        }
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// An object named by a location (a path or an s3:// URL) as a source of bytes.
final class LocationSource: ArtifactSource {
    private let reader: any RangeReader

    init(_ location: String) async throws {
        let object = try ObjectLocation(location)
        reader = try await object.store.openRangeReader(for: object.key)
    }

    var size: Int64 { reader.size }

    func read(at offset: Int64, count: Int) async throws -> [UInt8] {
        try await reader.read(at: offset, count: count)
    }
}

extension [String] {
    func single(_ what: String) throws -> String {
        guard count == 1 else { throw Failure("expected one \(what)") }
        return self[0]
    }
}

extension [String: String] {
    func required(_ key: String) throws -> String {
        guard let value = self[key] else { throw Failure("--\(key) is required") }
        return value
    }
}
