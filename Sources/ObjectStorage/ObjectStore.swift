import Foundation

/// A place that keeps objects under slash-separated keys: a local directory today, an
/// S3-compatible bucket later. Writes are atomic: an object is either absent, its previous
/// content, or the complete new content — never a partial file.
public protocol ObjectStore: Sendable {
    /// Starts writing an object; nothing is visible under `key` until the writer commits.
    func makeWriter(for key: String) throws -> any ObjectWriter
    /// Opens an object for sequential reading.
    func openReader(for key: String) throws -> any ObjectReader
    /// Opens an object for reading at any offset, as columnar formats read their footers first.
    func openRangeReader(for key: String) throws -> any RangeReader
    /// Size and modification time of an object, or nil when there is none.
    func info(for key: String) throws -> ObjectInfo?
    /// Every object whose key starts with `prefix` followed by `/` (or all objects when the prefix
    /// is empty), sorted by key. Objects being written are not listed.
    func list(under prefix: String) throws -> [ObjectInfo]
    /// Removes an object; removing one that does not exist is not an error.
    func delete(_ key: String) throws
    /// Removes every object under a prefix.
    func deleteAll(under prefix: String) throws
    /// The local file that holds an object, for engines that open files themselves; nil when the
    /// store does not keep objects as local files.
    func localFile(for key: String) throws -> URL?
    /// A local directory for building files that will be published into the store.
    func scratchDirectory() throws -> URL
    /// Moves a finished local file into the store under `key`, replacing any previous object
    /// atomically. The local file is gone afterwards.
    func publish(localFile: URL, as key: String) throws
    /// The absolute URL of an object (`file:///…` for a local directory), as a catalog records
    /// where an asset lives.
    func url(for key: String) throws -> URL
    /// Copies an object to another key, atomically at the destination. A store may share the bytes
    /// between the two (a hard link, a server-side copy), since no write changes an object in place.
    func copy(_ source: String, to destination: String) throws
}

/// What a store knows about one object.
public struct ObjectInfo: Sendable, Hashable {
    /// The object's key.
    public var key: String
    /// Its size in bytes.
    public var size: Int64
    /// When it was last written.
    public var modified: Date

    /// Describes an object.
    public init(key: String, size: Int64, modified: Date) {
        self.key = key
        self.size = size
        self.modified = modified
    }
}

/// Receives an object's bytes; `commit` publishes them atomically, `abort` discards them.
/// A writer that is dropped without committing discards what it received.
public protocol ObjectWriter: AnyObject {
    /// Appends bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Makes the object durable and visible under its key, replacing any previous content.
    func commit() throws
    /// Discards everything written.
    func abort()
}

/// Reads an object front to back in chunks.
public protocol ObjectReader: AnyObject {
    /// The next chunk of at most `maximumCount` bytes, or an empty array at the end.
    func read(upTo maximumCount: Int) throws -> [UInt8]
}

/// Reads an object at any offset.
public protocol RangeReader: AnyObject {
    /// The object's size in bytes.
    var size: Int64 { get }
    /// At most `count` bytes from `offset`; fewer only at the end of the object.
    func read(at offset: Int64, count: Int) throws -> [UInt8]
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
    /// Appends the bytes of an array.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends the bytes of a `Data` value.
    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }
}

extension ObjectStore {
    public func localFile(for key: String) throws -> URL? { nil }

    public func openRangeReader(for key: String) throws -> any RangeReader {
        MemoryRangeReader(Array(try read(key)))
    }

    public func scratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pangolin-scratch")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    public func publish(localFile: URL, as key: String) throws {
        let writer = try makeWriter(for: key)
        do {
            guard let handle = FileHandle(forReadingAtPath: localFile.path) else {
                throw ObjectStorageError(.notFound, key: key, "cannot open \(localFile.path) to publish it")
            }
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { try writer.write(chunk) }
            try writer.commit()
            try? FileManager.default.removeItem(at: localFile)
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Writes a whole object atomically.
    public func write(_ data: Data, to key: String) throws {
        let writer = try makeWriter(for: key)
        do {
            try writer.write(data)
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Reads a whole object.
    public func read(_ key: String) throws -> Data {
        let reader = try openReader(for: key)
        var data = Data()
        while true {
            let chunk = try reader.read(upTo: 1 << 20)
            if chunk.isEmpty { return data }
            data.append(contentsOf: chunk)
        }
    }

    /// Whether an object exists.
    public func exists(_ key: String) throws -> Bool {
        try info(for: key) != nil
    }

    public func copy(_ source: String, to destination: String) throws {
        try streamingCopy(source, to: destination)
    }

    /// Copies an object to another key (atomically at the destination), streaming its bytes.
    public func streamingCopy(_ source: String, to destination: String) throws {
        let reader = try openReader(for: source)
        let writer = try makeWriter(for: destination)
        do {
            try ObjectCopy.pump(from: reader, to: writer)
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }
}

/// Moves bytes from a reader to a writer in large chunks.
public enum ObjectCopy {
    /// Appends everything `reader` still holds to `writer`, optionally skipping leading bytes.
    public static func pump(from reader: any ObjectReader, to writer: any ObjectWriter, skipping skip: Int = 0) throws {
        var toSkip = skip
        while true {
            let chunk = try reader.read(upTo: 1 << 20)
            if chunk.isEmpty { return }
            if toSkip >= chunk.count {
                toSkip -= chunk.count
                continue
            }
            try chunk.withUnsafeBytes { try writer.write(UnsafeRawBufferPointer(rebasing: $0[toSkip...])) }
            toSkip = 0
        }
    }
}
