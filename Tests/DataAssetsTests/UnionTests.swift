import ArtifactFormats
import DataAssets
import Foundation
import Testing

struct Version1: Codable, Sendable { var id: Int; var score: Int }
struct Version2: Codable, Sendable { var id: Int; var score: Double; var email: String }
struct WithAddress: Codable, Sendable {
    struct Address: Codable, Sendable, Equatable { var city: String; var zip: String? }
    var id: Int
    var address: Address
}
struct WithTextScore: Codable, Sendable { var id: Int; var score: String }

/// Rows whose shape changes from one batch to the next, as an API's pages often do.
enum Drifting: Encodable, Sendable {
    case first(Version1), second(Version2), nested(WithAddress), text(WithTextScore)

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .first(let row): try row.encode(to: encoder)
        case .second(let row): try row.encode(to: encoder)
        case .nested(let row): try row.encode(to: encoder)
        case .text(let row): try row.encode(to: encoder)
        }
    }
}

@Suite("Unifying fragments")
struct UnionTests {
    @Test("a column added by a later batch is null in earlier rows, and int widens to double")
    func newColumnAndPromotion() async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "silver/scores.json|csv") {
            batches([[Drifting.first(Version1(id: 1, score: 7))], [Drifting.second(Version2(id: 2, score: 7.5, email: "b@x.org"))]])
        }
        let result = try await asset.materialize(in: temp.workspace)
        #expect(result.schema == Schema(columns: [Column(name: "id", type: .int), Column(name: "score", type: .double),
                                                  Column(name: "email", type: .string)]))
        #expect(try await temp.text("silver/scores.csv") == "id,score,email\n1,7.0,\n2,7.5,b@x.org\n")
        let rows = try await asset.query("ORDER BY id", in: temp.workspace).rows
        #expect(rows == [[1, 7.0, nil], [2, 7.5, "b@x.org"]])
    }

    @Test("a column that holds text in one batch becomes text in every row")
    func promotionToString() async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "silver/mixed.json") {
            batches([[Drifting.first(Version1(id: 1, score: 7))], [Drifting.text(WithTextScore(id: 2, score: "high"))]])
        }
        _ = try await asset.materialize(in: temp.workspace)
        #expect(try await temp.text("silver/mixed.json") == #"{"id":1,"score":"7"}"# + "\n" + #"{"id":2,"score":"high"}"# + "\n")
    }

    @Test("nested structs whose fields drift merge into one struct column")
    func nestedDrift() async throws {
        struct CityOnly: Codable, Sendable { struct Address: Codable, Sendable { var city: String }; var id: Int; var address: Address }
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "silver/addresses.json|csv") {
            AsyncStream<[WithAddress]> { continuation in
                continuation.yield([WithAddress(id: 1, address: .init(city: "Oslo", zip: nil))])
                continuation.yield([WithAddress(id: 2, address: .init(city: "Lima", zip: "15001"))])
                continuation.finish()
            }
        }
        let result = try await asset.materialize(in: temp.workspace)
        #expect(result.schema?.columns.last == Column(name: "address", type: .object([Column(name: "city", type: .string), Column(name: "zip", type: .string)])))
        let back = try await asset.rows(as: WithAddress.self, in: temp.workspace)
        #expect(back.map(\.address) == [.init(city: "Oslo", zip: nil), .init(city: "Lima", zip: "15001")])
        let viaSQL = try await asset.query("WHERE json_extract(address, '$.city') = 'Lima'", in: temp.workspace).decode(WithAddress.self)
        #expect(viaSQL.map(\.id) == [2])
    }

    @Test("types that cannot be unified fail the run with an error naming the column")
    func conflict() async throws {
        let temp = try await TemporaryWorkspace()
        let bad = Asset(path: "silver/bad.json") {
            AsyncStream<[AnyRow]> { continuation in
                continuation.yield([AnyRow(["id": .int(1), "address": .object(.init(keys: ["city"], values: ["x"]))])])
                continuation.yield([AnyRow(["id": .int(2), "address": .int(5)])])
                continuation.finish()
            }
        }
        let error = await #expect(throws: DataAssetError.self) { try await bad.materialize(in: temp.workspace) }
        #expect(error?.code == .typeConflict)
        #expect(error?.message.contains("column 'address'") == true)
        #expect(try await !temp.store.exists("silver/bad.json"))
        #expect(try await temp.keys(under: "silver/_artifacts/asset=bad").isEmpty, "a failed run leaves no fragments behind")
    }
}

/// A row given as name–value pairs.
struct AnyRow: Encodable, Sendable {
    let fields: [(String, ArtifactValue)]
    init(_ fields: KeyValuePairs<String, ArtifactValue>) { self.fields = Array(fields) }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in fields { try container.encode(JSONScalar(value), forKey: Key(stringValue: name)) }
    }
}

/// Encodes an ArtifactValue through the ordinary Encodable machinery.
struct JSONScalar: Encodable {
    let value: ArtifactValue
    init(_ value: ArtifactValue) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        switch value {
        case .int(let int): var c = encoder.singleValueContainer(); try c.encode(int)
        case .string(let text): var c = encoder.singleValueContainer(); try c.encode(text)
        case .object(let object):
            var c = encoder.container(keyedBy: AnyRow.Key.self)
            for (key, value) in zip(object.keys, object.values) { try c.encode(JSONScalar(value), forKey: .init(stringValue: key)) }
        default: var c = encoder.singleValueContainer(); try c.encodeNil()
        }
    }
}
