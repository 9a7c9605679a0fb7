import Foundation
import ObjectStorage
import PangolinTestSupport
import Testing

@Suite("Locations as catalogs record them")
struct ObjectLocationTests {
    @Test("an absolute path and a file:// URL name the same file, without creating its directory", arguments: [false, true])
    func localFile(asURL: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("location-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("orders.CSV")
        let location = try ObjectLocation(asURL ? file.absoluteString : file.path)
        #expect(location.key == "orders.CSV")
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        try await location.store.write(Data("a\n".utf8), to: location.key)
        #expect(try Data(contentsOf: file) == Data("a\n".utf8))
        #expect(try location.store.location(for: location.key) == file.standardizedFileURL.absoluteString)
    }

    @Test("other schemes, hosts and relative paths are refused with a message naming the location",
          arguments: ["file://server/share/orders.csv", "orders.csv", "https://example.com/x.csv"])
    func refused(location: String) {
        let error = #expect(throws: ObjectStorageError.self) { try ObjectLocation(location) }
        #expect(error?.code == .unsupportedLocation)
        #expect(error?.message.contains("'\(location)'") == true)
    }

    @Test("an s3:// or s3a:// location is the object of that bucket, reached with the environment's endpoint and keys, or given ones",
          arguments: ["s3", "s3a"])
    func bucketObject(scheme: String) async throws {
        let server = try SeaweedFS.shared()
        let bucket = try await server.newBucket()
        let name = bucket.configuration.bucket
        let fromEnvironment = try ObjectLocation("\(scheme)://\(name)/sales/2026/orders.csv", environment: server.environment)
        #expect(fromEnvironment.key == "orders.csv")
        #expect(try fromEnvironment.store.location(for: fromEnvironment.key) == "s3://\(name)/sales/2026/orders.csv")
        try await fromEnvironment.store.write(Data("a\n".utf8), to: fromEnvironment.key)
        #expect(try await bucket.read("sales/2026/orders.csv") == Data("a\n".utf8))
        let given = try ObjectLocation("s3://\(name)/sales/2026/orders.csv", s3: server.configuration(bucket: "ignored"), environment: [:])
        #expect(try await given.store.read(given.key) == Data("a\n".utf8))
    }

    @Test("an s3:// location without a bucket or an object is refused", arguments: ["s3://", "s3:///orders.csv", "s3://bucket", "s3://bucket/dir/"])
    func bucketRefused(location: String) {
        let error = #expect(throws: ObjectStorageError.self) { try ObjectLocation(location, environment: ["AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"]) }
        #expect(error?.message.contains("'\(location)'") == true, "\(error?.message ?? "")")
    }
}
