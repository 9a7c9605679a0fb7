import Foundation
import PangolinTestSupport
import Testing
@testable import ObjectStorage

/// Buckets on the test process's SeaweedFS.
enum S3Fixture {
    static func configuration(bucket: String, prefix: String = "", secret: String? = nil) throws -> S3Configuration {
        try SeaweedFS.shared().configuration(bucket: bucket, prefix: prefix, secret: secret)
    }

    static func store(prefix: String = "") async throws -> S3Store {
        try await SeaweedFS.shared().newBucket(prefix: prefix)
    }
}

func pattern(_ count: Int, seed: Int = 0) -> Data {
    Data((0..<count).map { UInt8(truncatingIfNeeded: ($0 &+ seed) &* 31 &+ ($0 >> 9)) })
}

@Suite("Object stores, each checked the same way")
struct ObjectStoreConformanceTests {
    @Test("a written object reads back whole; it is absent until its writer commits, and an aborted writer leaves nothing", arguments: StoreKind.allCases)
    func atomicWrites(kind: StoreKind) async throws {
        let store = try await kind.makeStore(prefix: "some/prefix")
        let writer = try await store.makeWriter(for: "dir/object.bin")
        try await writer.write([UInt8](pattern(1000)))
        #expect(try await store.info(for: "dir/object.bin") == nil)
        try await writer.commit()
        #expect(try await store.read("dir/object.bin") == pattern(1000))
        #expect(try await store.info(for: "dir/object.bin")?.size == 1000)
        let aborted = try await store.makeWriter(for: "dir/aborted.bin")
        try await aborted.write([1, 2, 3])
        await aborted.abort()
        #expect(try await store.info(for: "dir/aborted.bin") == nil)
        #expect(try await store.list(under: "dir").map(\.key) == ["dir/object.bin"])
    }

    @Test("replacing an object changes its ETag, and readers see the old bytes or the new, never a mixture", arguments: StoreKind.allCases)
    func replace(kind: StoreKind) async throws {
        let store = try await kind.makeStore(prefix: "some/prefix")
        try await store.write(pattern(100), to: "a")
        let first = try #require(try await store.info(for: "a"))
        try await Task.sleep(for: .milliseconds(5))
        try await store.write(pattern(120, seed: 7), to: "a")
        let second = try #require(try await store.info(for: "a"))
        #expect(first.etag != second.etag)
        #expect(try await store.read("a") == pattern(120, seed: 7))
    }

    @Test("ranges read what lies there, and nothing past the end", arguments: StoreKind.allCases)
    func ranges(kind: StoreKind) async throws {
        let store = try await kind.makeStore(prefix: "some/prefix")
        try await store.write(pattern(10_000), to: "r")
        let reader = try await store.openRangeReader(for: "r")
        #expect(reader.size == 10_000)
        #expect(try await reader.read(at: 9_990, count: 100) == [UInt8](pattern(10_000)[9_990...]))
        #expect(try await reader.read(at: 123, count: 7) == [UInt8](pattern(10_000)[123..<130]))
        #expect(try await reader.read(at: 10_000, count: 5).isEmpty)
    }

    @Test("lists are sorted, recursive and limited to the prefix; deletes remove one, several or a subtree", arguments: StoreKind.allCases)
    func listAndDelete(kind: StoreKind) async throws {
        let store = try await kind.makeStore(prefix: "some/prefix")
        for key in ["c", "b/2", "a/sub/3", "a/1", "ab/9"] { try await store.write(Data(key.utf8), to: key) }
        #expect(try await store.list(under: "").map(\.key) == ["a/1", "a/sub/3", "ab/9", "b/2", "c"])
        #expect(try await store.list(under: "a").map(\.key) == ["a/1", "a/sub/3"])
        #expect(try await store.list(under: "missing").isEmpty)
        try await store.delete("c")
        try await store.delete("c")  // deleting what is gone is not an error
        try await store.delete(["b/2", "ab/9"])
        try await store.deleteAll(under: "a")
        #expect(try await store.list(under: "").isEmpty)
    }

    @Test("a copy keeps its bytes when the source is replaced, and the source when the copy is", arguments: StoreKind.allCases)
    func copies(kind: StoreKind) async throws {
        let store = try await kind.makeStore(prefix: "some/prefix")
        try await store.write(Data("first".utf8), to: "source")
        try await store.copy("source", to: "copies/target")
        try await store.write(Data("second".utf8), to: "source")
        #expect(try await store.read("copies/target") == Data("first".utf8))
        try await store.write(Data("third".utf8), to: "copies/target")
        #expect(try await store.read("source") == Data("second".utf8))
        #expect(try await store.list(under: "copies").map(\.key) == ["copies/target"])
    }

    @Test("a local file is published under a key and is gone afterwards", arguments: StoreKind.allCases)
    func publish(kind: StoreKind) async throws {
        let store = try await kind.makeStore(prefix: "some/prefix")
        let file = try store.scratchDirectory().appendingPathComponent("publish-\(UUID().uuidString)")
        try pattern(3000).write(to: file)
        try await store.publish(localFile: file, as: "tables/t.sqlite")
        #expect(try await store.read("tables/t.sqlite") == pattern(3000))
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test("a missing object is notFound, for readers and for info", arguments: StoreKind.allCases)
    func missing(kind: StoreKind) async throws {
        let store = try await kind.makeStore(prefix: "some/prefix")
        #expect(try await store.info(for: "nothing") == nil)
        let error = await #expect(throws: ObjectStorageError.self) { _ = try await store.read("nothing") }
        #expect(error?.code == .notFound)
    }

    @Test("keys with spaces, unicode, plus signs and other punctuation are stored and listed as they are", arguments: StoreKind.allCases)
    func oddKeys(kind: StoreKind) async throws {
        let store = try await kind.makeStore(prefix: "some/prefix")
        let keys = ["a b/c d.json", "ünï/cødé ✓.csv", "plus+sign/1+1=2.txt", "odd/(paren)&amp;'quote'~%25.bin"]
        for key in keys { try await store.write(Data(key.utf8), to: key) }
        #expect(try await store.list(under: "").map(\.key) == keys.sorted())
        for key in keys { #expect(try await store.read(key) == Data(key.utf8)) }
    }
}
