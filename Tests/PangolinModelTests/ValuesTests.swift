import Foundation
import Testing
@testable import PangolinModel

@Suite("JSON values")
struct JSONValueTests {
    @Test("round-trips every JSON type, keeping integers apart from doubles")
    func roundTrips() throws {
        let text = #"{"a":1,"b":2.5,"c":"x","d":[true,null],"e":{"f":{}}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value == .object([
            "a": .int(1), "b": .double(2.5), "c": .string("x"), "d": .array([.bool(true), .null]),
            "e": .object(["f": .object([:])]),
        ]))
        let encoded = try PangolinJSON.encoder().encode(value)
        #expect(String(decoding: encoded, as: UTF8.self) == text)
    }

    @Test("flattens scalars for full-text indexing")
    func searchableText() {
        let value: JSONValue = .object(["b": .array([.string("deep"), .int(3)]), "a": .bool(true)])
        #expect(value.searchableText == ["true", "deep", "3"])
    }
}

@Suite("Secrets")
struct SecretsTests {
    @Test("masks credential-like settings and keeps the rest")
    func masksWarehouseSecrets() {
        let warehouse = Warehouse(
            id: "w", tenantID: "t", name: "w",
            storageConfig: ["s3.bucket": "b", "s3.secret-access-key": "hunter2", "s3.access-key-id": "AKIA"],
            vendingStrategy: .object(["AwsStatic": .object(["secret_access_key": .string("hunter2"), "access_key_id": .string("AKIA")])]),
            createdAt: Date())
        let shown = warehouse.redacted
        #expect(shown.storageConfig["s3.bucket"] == "b")
        #expect(shown.storageConfig["s3.secret-access-key"] == Secrets.mask)
        #expect(shown.vendingStrategy == .object([
            "AwsStatic": .object(["secret_access_key": .string(Secrets.mask), "access_key_id": .string("AKIA")]),
        ]))
    }
}

@Suite("Timestamps")
struct TimestampsTests {
    @Test("formats with milliseconds and parses the common ISO 8601 forms")
    func formatsAndParses() throws {
        let date = Date(timeIntervalSince1970: 1_764_583_200.123)
        #expect(Timestamps.format(date) == "2025-12-01T10:00:00.123Z")
        #expect(Timestamps.parse("2025-12-01T10:00:00Z") == Date(timeIntervalSince1970: 1_764_583_200))
        #expect(Timestamps.parse("2025-12-01") == Date(timeIntervalSince1970: 1_764_547_200))
        #expect(Timestamps.parse("yesterday") == nil)
    }

    @Test("formats like Foundation's ISO 8601 style across leap years, centuries and 1970", arguments: [
        -86_400.5, 0, 951_782_400, 951_868_799.9995, 1_709_164_800, 4_107_542_400, 1_764_547_199.999,
    ])
    func agreesWithFoundation(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let rounded = Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
        let expected = rounded.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        #expect(Timestamps.format(date).prefix(19) == expected.prefix(19))
        #expect(Timestamps.parse(Timestamps.format(date)).map { abs($0.timeIntervalSince(rounded)) < 0.0005 } == true)
    }

    @Test("search splits text into words as the index does")
    func searchWords() {
        #expect(SearchQuery(text: "customer_churn v2!").words == ["customer", "churn", "v2"])
        #expect(SearchQuery(text: "\"); DROP").words == ["DROP"])
    }
}

@Suite("Identifiers")
struct IdentifierTests {
    @Test("are version 7 UUIDs that sort in the order they were made")
    func timeOrdered() throws {
        let first = Identifiers.make()
        Thread.sleep(forTimeInterval: 0.002)
        let second = Identifiers.make()
        #expect(Identifiers.isValid(first) && Identifiers.isValid(second))
        #expect(first < second)
        #expect(first == first.lowercased())
        let uuid = try #require(UUID(uuidString: first))
        #expect(uuid.uuid.6 >> 4 == 7, "version nibble")
        #expect(uuid.uuid.8 >> 6 == 0b10, "RFC 9562 variant")
        #expect(Set((0..<1000).map { _ in Identifiers.make() }).count == 1000)
    }
}
