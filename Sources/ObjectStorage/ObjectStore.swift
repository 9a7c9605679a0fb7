import Foundation

/// A place that keeps objects under slash-separated keys: a local directory, or an S3-compatible
/// bucket. Writes are atomic: an object is either absent, its previous content, or the complete
/// new content — never a partial file. Every operation that may go over a network is async.
public protocol ObjectStore: Sendable {
    /// Starts writing an object; nothing is visible under `key` until the writer commits.
    func makeWriter(for key: String) async throws -> any ObjectWriter
    /// Opens an object for sequential reading.
    func openReader(for key: String) async throws -> any ObjectReader
    /// Opens an object for reading at any offset, as columnar formats read their footers first.
    func openRangeReader(for key: String) async throws -> any RangeReader
    /// Size, modification time and ETag of an object, or nil when there is none.
    func info(for key: String) async throws -> ObjectInfo?
    /// Every object whose key starts with `prefix` followed by `/` (or all objects when the prefix
    /// is empty), sorted by key. Objects being written are not listed.
    func list(under prefix: String) async throws -> [ObjectInfo]
    /// Removes an object; removing one that does not exist is not an error.
    func delete(_ key: String) async throws
    /// Removes several objects, in as few requests as the store allows.
    func delete(_ keys: [String]) async throws
    /// Removes every object under a prefix.
    func deleteAll(under prefix: String) async throws
    /// The local file that holds an object, for engines that open files themselves; nil when the
    /// store does not keep objects as local files.
    func localFile(for key: String) async throws -> URL?
    /// A local directory for building files that will be published into the store.
    func scratchDirectory() throws -> URL
    /// Moves a finished local file into the store under `key`, replacing any previous object
    /// atomically. The local file is gone afterwards.
    func publish(localFile: URL, as key: String) async throws
    /// The absolute location of an object (`file:///…` for a local directory, `s3://bucket/key`
    /// for a bucket), as a catalog records where an asset lives and other tools open it.
    func location(for key: String) throws -> String
    /// Copies an object to another key, atomically at the destination. A store may share the bytes
    /// between the two (a hard link, a server-side copy), since no write changes an object in place.
    func copy(_ source: String, to destination: String) async throws
}

/// What a store knows about one object.
public struct ObjectInfo: Sendable, Hashable {
    /// The object's key.
    public var key: String
    /// Its size in bytes.
    public var size: Int64
    /// When it was last written.
    public var modified: Date
    /// What the store says identifies this content (S3's ETag; for a local file its size and
    /// modification time), so caches can tell a replaced object from the one they hold.
    public var etag: String

    /// Describes an object.
    public init(key: String, size: Int64, modified: Date, etag: String? = nil) {
        self.key = key
        self.size = size
        self.modified = modified
        self.etag = etag ?? "\(size)-\(Int64((modified.timeIntervalSince1970 * 1_000_000_000).rounded()))"
    }
}

/// Receives an object's bytes; `commit` publishes them atomically, `abort` discards them.
/// A writer that is dropped without committing discards what it received (a bucket's unfinished
/// upload is aborted when it is dropped too, but `abort()` does it at once).
public protocol ObjectWriter: AnyObject {
    /// Appends bytes.
    func write(_ bytes: [UInt8]) async throws
    /// Makes the object durable and visible under its key, replacing any previous content.
    func commit() async throws
    /// Discards everything written.
    func abort() async
}

/// Reads an object front to back in chunks.
public protocol ObjectReader: AnyObject {
    /// The next chunk of at most `maximumCount` bytes, or an empty array at the end.
    func read(upTo maximumCount: Int) async throws -> [UInt8]
}

/// Reads an object at any offset.
public protocol RangeReader: AnyObject {
    /// The object's size in bytes.
    var size: Int64 { get }
    /// At most `count` bytes from `offset`; fewer only at the end of the object.
    func read(at offset: Int64, count: Int) async throws -> [UInt8]
}

/// An object read whole into memory, for stores that cannot read ranges.
final class MemoryRangeReader: RangeReader {
    private let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var size: Int64 { Int64(bytes.count) }
    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, offset < size, count > 0 else { return [] }
        return Array(bytes[Int(offset)..<min(bytes.count, Int(offset) + count)])
    }
}

extension ObjectWriter {
    /// Appends the bytes of a `Data` value.
    public func write(_ data: Data) async throws {
        try await write([UInt8](data))
    }
}

extension ObjectStore {
    public func localFile(for key: String) async throws -> URL? { nil }

    public func openRangeReader(for key: String) async throws -> any RangeReader {
        MemoryRangeReader(Array(try await read(key)))
    }

    public func delete(_ keys: [String]) async throws {
        for key in keys { try await delete(key) }
    }

    public func scratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pangolin-scratch")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    public func publish(localFile: URL, as key: String) async throws {
        let writer = try await makeWriter(for: key)
        do {
            guard let handle = FileHandle(forReadingAtPath: localFile.path) else {
                throw ObjectStorageError(.notFound, key: key, "cannot open \(localFile.path) to publish it")
            }
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty { try await writer.write(chunk) }
            try await writer.commit()
            try? FileManager.default.removeItem(at: localFile)
        } catch {
            await writer.abort()
            throw error
        }
    }

    public func copy(_ source: String, to destination: String) async throws {
        try await streamingCopy(source, to: destination)
    }

    /// Writes a whole object atomically.
    public func write(_ data: Data, to key: String) async throws {
        let writer = try await makeWriter(for: key)
        do {
            try await writer.write(data)
            try await writer.commit()
        } catch {
            await writer.abort()
            throw error
        }
    }

    /// Reads a whole object.
    public func read(_ key: String) async throws -> Data {
        let reader = try await openReader(for: key)
        var data = Data()
        while true {
            let chunk = try await reader.read(upTo: 8 << 20)
            if chunk.isEmpty { return data }
            data.append(contentsOf: chunk)
        }
    }

    /// Whether an object exists.
    public func exists(_ key: String) async throws -> Bool {
        try await info(for: key) != nil
    }

    /// Copies an object to another key (atomically at the destination), streaming its bytes.
    public func streamingCopy(_ source: String, to destination: String) async throws {
        let reader = try await openReader(for: source)
        let writer = try await makeWriter(for: destination)
        do {
            try await ObjectCopy.pump(from: reader, to: writer)
            try await writer.commit()
        } catch {
            await writer.abort()
            throw error
        }
    }
}

/// Moves bytes from a reader to a writer in large chunks.
public enum ObjectCopy {
    /// Appends everything `reader` still holds to `writer`, optionally skipping leading bytes.
    public static func pump(from reader: any ObjectReader, to writer: any ObjectWriter, skipping skip: Int = 0) async throws {
        var toSkip = skip
        while true {
            let chunk = try await reader.read(upTo: 8 << 20)
            if chunk.isEmpty { return }
            if toSkip >= chunk.count {
                toSkip -= chunk.count
                continue
            }
            try await writer.write(toSkip == 0 ? chunk : Array(chunk[toSkip...]))
            toSkip = 0
        }
    }
}
