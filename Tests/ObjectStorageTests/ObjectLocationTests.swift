import Foundation
import ObjectStorage
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
          arguments: ["s3://bucket/orders.csv", "file://server/share/orders.csv", "orders.csv", "https://example.com/x.csv"])
    func refused(location: String) {
        let error = #expect(throws: ObjectStorageError.self) { try ObjectLocation(location) }
        #expect(error?.code == .unsupportedLocation)
        #expect(error?.message.contains("'\(location)'") == true)
    }
}
