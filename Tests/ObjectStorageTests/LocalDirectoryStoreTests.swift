import Foundation
import Testing
@testable import ObjectStorage

/// Runs `body` with a store in a fresh temporary directory and removes the directory afterwards.
private func withStore(_ body: (LocalDirectoryStore) async throws -> Void) async throws {
    let root = FileManager.default.temporaryDirectory
        .appendingPathComponent("object-storage-tests-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try await body(try LocalDirectoryStore(root: root))
}

/// Every entry of a directory, hidden ones included, as paths relative to it.
private func rawEntries(_ store: LocalDirectoryStore) throws -> [String] {
    let root = store.root.path
    let enumerator = try #require(FileManager.default.enumerator(atPath: root))
    return enumerator.compactMap { entry -> String? in
        let path = entry as! String
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
        return isDirectory.boolValue ? nil : path
    }.sorted()
}

/// The storage error `body` throws, recording an issue when it throws nothing or something else.
private func storageError(_ body: () async throws -> Void) async -> ObjectStorageError? {
    do {
        try await body()
        Issue.record("expected an ObjectStorageError, but nothing was thrown")
    } catch let error as ObjectStorageError {
        return error
    } catch {
        Issue.record("expected an ObjectStorageError, got \(error)")
    }
    return nil
}

/// Bytes that differ from position to position, so a misplaced block is noticed.
private func pattern(count: Int) -> Data {
    Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) })
}

/// A reader that hands out a fixed byte array a few bytes at a time.
private final class ChunkedReader: ObjectReader {
    private var remaining: [UInt8]
    private let chunkSize: Int

    init(_ bytes: [UInt8], chunkSize: Int) {
        remaining = bytes
        self.chunkSize = chunkSize
    }

    func read(upTo maximumCount: Int) async throws -> [UInt8] {
        let chunk = Array(remaining.prefix(min(chunkSize, maximumCount)))
        remaining.removeFirst(chunk.count)
        return chunk
    }
}

@Suite("Local directory store: writing and reading")
struct LocalDirectoryStoreWriteTests {
    @Test("a written object reads back byte for byte")
    func roundTrip() async throws {
        try await withStore { store in
            let data = Data("hello, 世界 👋\n\0binary".utf8)
            try await store.write(data, to: "reports/2025/hello.txt")
            #expect(try await store.read("reports/2025/hello.txt") == data)
            #expect(try await store.info(for: "reports/2025/hello.txt")?.size == Int64(data.count))
        }
    }

    @Test("an empty object can be written and read")
    func emptyObject() async throws {
        try await withStore { store in
            try await store.write(Data(), to: "empty")
            #expect(try await store.read("empty").isEmpty)
            #expect(try await store.info(for: "empty")?.size == 0)
        }
    }

    @Test("an aborted writer leaves no object and no temporary file")
    func abortLeavesNothing() async throws {
        try await withStore { store in
            let writer = try await store.makeWriter(for: "dir/object")
            try await writer.write(Data("partial".utf8))
            await writer.abort()
            #expect(try await store.info(for: "dir/object") == nil)
            #expect(try await store.list(under: "").isEmpty)
            #expect(try rawEntries(store).isEmpty)
        }
    }

    @Test("a writer dropped without commit leaves no object and no temporary file")
    func droppedWriterLeavesNothing() async throws {
        try await withStore { store in
            do {
                let writer = try await store.makeWriter(for: "dir/object")
                try await writer.write(Data("partial".utf8))
            }
            #expect(try await store.info(for: "dir/object") == nil)
            #expect(try rawEntries(store).isEmpty)
        }
    }

    @Test("an aborted or dropped writer leaves the previous content intact", arguments: [true, false])
    func abortKeepsPreviousContent(explicitAbort: Bool) async throws {
        try await withStore { store in
            try await store.write(Data("old".utf8), to: "object")
            do {
                let writer = try await store.makeWriter(for: "object")
                try await writer.write(Data("new content".utf8))
                if explicitAbort { await writer.abort() }
            }
            #expect(try await store.read("object") == Data("old".utf8))
            #expect(try rawEntries(store) == ["object"])
        }
    }

    @Test("until commit readers see the old content; after commit the new content replaces it")
    func commitReplacesAtomically() async throws {
        try await withStore { store in
            try await store.write(Data("old".utf8), to: "object")
            let writer = try await store.makeWriter(for: "object")
            try await writer.write(Data("new and longer content".utf8))
            #expect(try await store.read("object") == Data("old".utf8))
            #expect(try await store.list(under: "").map(\.key) == ["object"])
            #expect(try rawEntries(store).count == 2, "the hidden temporary file exists beside the object")
            try await writer.commit()
            #expect(try await store.read("object") == Data("new and longer content".utf8))
            #expect(try await store.info(for: "object")?.size == 22)
            #expect(try rawEntries(store) == ["object"])
        }
    }

    @Test("a 3 MiB object reads back identical", arguments: [3 << 20, 100_000])
    func largeObject(pieceSize: Int) async throws {
        try await withStore { store in
            let data = pattern(count: 3 << 20)
            let writer = try await store.makeWriter(for: "big.bin")
            var offset = 0
            while offset < data.count {
                let end = min(offset + pieceSize, data.count)
                try await writer.write(data[offset..<end])
                offset = end
            }
            try await writer.commit()
            #expect(try await store.info(for: "big.bin")?.size == Int64(data.count))
            #expect(try await store.read("big.bin") == data)
        }
    }

    @Test("opening a missing object fails with notFound")
    func missingReader() async throws {
        try await withStore { store in
            let error = await storageError { _ = try await store.openReader(for: "nothing") }
            #expect(error?.code == .notFound)
        }
    }
}

@Suite("Local directory store: listing and deleting")
struct LocalDirectoryStoreListTests {
    @Test("list is recursive, sorted by key and skips names starting with '.'")
    func listRecursiveSortedVisible() async throws {
        try await withStore { store in
            for key in ["c", "b/2", "a/sub/3", "a/1", ".hidden", "a/.secret", ".dir/x"] {
                try await store.write(Data(key.utf8), to: key)
            }
            let writer = try await store.makeWriter(for: "a/in-progress")
            let all = try await store.list(under: "")
            #expect(all.map(\.key) == ["a/1", "a/sub/3", "b/2", "c"])
            #expect(all.map(\.size) == [3, 7, 3, 1])
            #expect(try await store.list(under: "a").map(\.key) == ["a/1", "a/sub/3"])
            #expect(try await store.list(under: "missing").isEmpty)
            await writer.abort()
        }
    }

    @Test("info returns nil for a missing object and for a directory")
    func infoOfMissing() async throws {
        try await withStore { store in
            try await store.write(Data("x".utf8), to: "dir/file")
            #expect(try await store.info(for: "nothing") == nil)
            #expect(try await store.info(for: "dir") == nil)
            #expect(try await store.exists("dir/file"))
            #expect(try await store.info(for: "dir//./file")?.key == "dir/file")
        }
    }

    @Test("deleting a missing object is not an error; deleting an existing one removes it")
    func deleteMissing() async throws {
        try await withStore { store in
            try await store.delete("never/written")
            try await store.write(Data("x".utf8), to: "object")
            try await store.delete("object")
            #expect(try await store.info(for: "object") == nil)
        }
    }

    @Test("deleteAll removes everything under a prefix and nothing beside it")
    func deleteAllUnderPrefix() async throws {
        try await withStore { store in
            for key in ["a/1", "a/sub/2", "ab", "b/3"] {
                try await store.write(Data(key.utf8), to: key)
            }
            try await store.deleteAll(under: "a")
            #expect(try await store.list(under: "").map(\.key) == ["ab", "b/3"])
            try await store.deleteAll(under: "missing")
        }
    }
}

@Suite("Object keys")
struct ObjectKeyTests {
    @Test("absolute, climbing and empty keys are rejected as invalid", arguments: [
        "/etc/passwd", "a/../b", "..", "a/b/..", "", "/", "./", ".//.",
    ])
    func rejectsInvalidKeys(key: String) async throws {
        let error = await storageError { _ = try ObjectKey.normalized(key) }
        #expect(error?.code == .invalidKey)
    }

    @Test("empty and '.' segments are dropped", arguments: [
        ("a/./b//c/", "a/b/c"), ("./x", "x"), ("a", "a"), ("...", "..."), ("a/.hidden", "a/.hidden"),
    ])
    func dropsEmptySegments(key: String, expected: String) async throws {
        #expect(try ObjectKey.normalized(key) == expected)
    }

    @Test("a store refuses keys that would leave its root")
    func storeRejectsEscapingKeys() async throws {
        try await withStore { store throws in
            let failure = await storageError { try await store.write(Data("x".utf8), to: "../outside") }
            #expect(failure?.code == .invalidKey)
            #expect(try rawEntries(store).isEmpty)
        }
    }
}

@Suite("Copying objects")
struct ObjectCopyTests {
    @Test("copy writes the same bytes under the new key and keeps the source")
    func copyObject() async throws {
        try await withStore { store in
            let data = pattern(count: (1 << 20) + 17)
            try await store.write(data, to: "source")
            try await store.copy("source", to: "copies/target")
            #expect(try await store.read("copies/target") == data)
            #expect(try await store.read("source") == data)
        }
    }

    @Test("copying a missing object fails with notFound and creates nothing")
    func copyMissing() async throws {
        try await withStore { store throws in
            let failure = await storageError { try await store.copy("nothing", to: "target") }
            #expect(failure?.code == .notFound)
            #expect(try await store.info(for: "target") == nil)
        }
    }

    @Test("pump skips leading bytes, also across chunk boundaries", arguments: [0, 1, 4, 5, 9, 10, 25])
    func pumpSkipping(skip: Int) async throws {
        try await withStore { store in
            let bytes = Array(pattern(count: 10))
            let writer = try await store.makeWriter(for: "out")
            try await ObjectCopy.pump(from: ChunkedReader(bytes, chunkSize: 3), to: writer, skipping: skip)
            try await writer.commit()
            #expect(try await store.read("out") == Data(bytes.dropFirst(skip)))
        }
    }

    @Test("pump skips more than a megabyte of a stored object")
    func pumpSkippingLarge() async throws {
        try await withStore { store in
            let data = pattern(count: 3 << 20)
            try await store.write(data, to: "source")
            let skip = (3 << 19) + 3
            let writer = try await store.makeWriter(for: "tail")
            try await ObjectCopy.pump(from: store.openReader(for: "source"), to: writer, skipping: skip)
            try await writer.commit()
            #expect(try await store.read("tail") == data.dropFirst(skip))
        }
    }
}
