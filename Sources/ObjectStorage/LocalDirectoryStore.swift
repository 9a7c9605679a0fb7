import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An object store in a local directory. Objects are files; a write goes to a hidden temporary file
/// in the destination's directory, is flushed to disk and renamed over the destination on commit.
/// Names starting with `.` are never listed, so temporary files stay invisible.
public struct LocalDirectoryStore: ObjectStore {
    /// The directory that holds every object.
    public let root: URL

    /// A store rooted at `root`, which is created if missing.
    public init(root: URL) throws {
        try self.init(root: root, createIfMissing: true)
    }

    /// A store rooted at `root`; with `createIfMissing` false a missing root is left alone until
    /// something is written (writers create the directories they need), so reading creates nothing.
    public init(root: URL, createIfMissing: Bool) throws {
        self.root = root.standardizedFileURL
        guard createIfMissing else { return }
        do {
            try FileManager.default.createDirectory(at: self.root, withIntermediateDirectories: true)
        } catch {
            throw ObjectStorageError(.io, key: "", "cannot create the storage directory \(self.root.path): \(error.localizedDescription)")
        }
    }

    /// The file that holds an object.
    public func fileURL(for key: String) throws -> URL {
        root.appendingPathComponent(try ObjectKey.normalized(key))
    }

    public func location(for key: String) throws -> String { try fileURL(for: key).absoluteString }

    public func makeWriter(for key: String) throws -> any ObjectWriter {
        let destination = try fileURL(for: key)
        try Self.makeParentDirectories(of: destination, key: key)
        return try LocalFileWriter(key: key, destination: destination)
    }

    public func openReader(for key: String) throws -> any ObjectReader {
        try LocalFileReader(key: key, path: try fileURL(for: key).path)
    }

    public func openRangeReader(for key: String) throws -> any RangeReader {
        try LocalFileReader(key: key, path: try fileURL(for: key).path)
    }

    public func info(for key: String) throws -> ObjectInfo? {
        var status = stat()
        guard stat(try fileURL(for: key).path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return ObjectInfo(key: try ObjectKey.normalized(key), size: Int64(status.st_size), modified: Self.modified(status))
    }

    public func list(under prefix: String) throws -> [ObjectInfo] {
        let base = prefix.isEmpty ? "" : try ObjectKey.normalized(prefix)
        var found: [ObjectInfo] = []
        try walk(directory: base.isEmpty ? root.path : root.appendingPathComponent(base).path, key: base, into: &found)
        return found.sorted { $0.key < $1.key }
    }

    public func delete(_ key: String) throws {
        let path = try fileURL(for: key).path
        if unlink(path) != 0 && errno != ENOENT {
            throw ObjectStorageError(.io, key: key, "cannot delete \(path): \(String(cString: strerror(errno)))")
        }
    }

    public func deleteAll(under prefix: String) throws {
        let url = try fileURL(for: prefix)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            throw ObjectStorageError(.io, key: prefix, "cannot delete \(url.path): \(error.localizedDescription)")
        }
    }

    public func localFile(for key: String) throws -> URL? {
        try info(for: key) == nil ? nil : try fileURL(for: key)
    }

    /// A hidden directory inside the root, so published files are renamed, never copied.
    public func scratchDirectory() throws -> URL {
        let directory = root.appendingPathComponent(".scratch")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ObjectStorageError(.io, key: ".scratch", "cannot create \(directory.path): \(error.localizedDescription)")
        }
        return directory
    }

    public func publish(localFile: URL, as key: String) throws {
        let destination = try fileURL(for: key)
        try Self.makeParentDirectories(of: destination, key: key)
        if rename(localFile.path, destination.path) != 0 {
            throw ObjectStorageError(.io, key: key, "cannot move \(localFile.path) to \(destination.path): \(String(cString: strerror(errno)))")
        }
    }

    /// A hard link: the copy costs no bytes, and replacing either object later (always by rename,
    /// never in place) leaves the other as it was. An existing destination is replaced atomically
    /// by a link under a hidden name renamed over it. Where links are impossible (another file
    /// system) the bytes are copied.
    public func copy(_ source: String, to destination: String) async throws {
        let from = try fileURL(for: source)
        let to = try fileURL(for: destination)
        try Self.makeParentDirectories(of: to, key: destination)
        if link(from.path, to.path) == 0 { return }
        switch errno {
        case ENOENT:
            throw ObjectStorageError(.notFound, key: source, "cannot copy \(from.path): there is no such object")
        case EEXIST:
            // Replace the destination atomically: link under a hidden name beside it, then rename.
            let temporary = to.deletingLastPathComponent().appendingPathComponent(".\(to.lastPathComponent).link-\(UUID().uuidString)")
            guard link(from.path, temporary.path) == 0 else { return try await streamingCopy(source, to: destination) }
            if rename(temporary.path, to.path) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporary.path)
                throw ObjectStorageError(.io, key: destination, "cannot move \(temporary.path) to \(to.path): \(reason)")
            }
        default:
            try await streamingCopy(source, to: destination)  // another file system, or links refused
        }
    }

    /// Creates the directories above `file` that are missing, with one `mkdir` when the parent
    /// exists (the common case) rather than a walk over every component of the path.
    static func makeParentDirectories(of file: URL, key: String) throws {
        let directory = file.deletingLastPathComponent().path
        func make(_ path: String) -> Int32 {
            if mkdir(path, 0o755) == 0 || errno == EEXIST { return 0 }
            guard errno == ENOENT else { return errno }
            let parent = (path as NSString).deletingLastPathComponent
            guard parent != path, make(parent) == 0 else { return errno }
            return mkdir(path, 0o755) == 0 || errno == EEXIST ? 0 : errno
        }
        let failure = make(directory)
        if failure != 0 {
            throw ObjectStorageError(.io, key: key, "cannot create directory \(directory): \(String(cString: strerror(failure)))")
        }
    }

    private func walk(directory: String, key: String, into found: inout [ObjectInfo]) throws {
        guard let handle = opendir(directory) else {
            if errno == ENOENT || errno == ENOTDIR { return }
            throw ObjectStorageError(.io, key: key, "cannot list \(directory): \(String(cString: strerror(errno)))")
        }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasPrefix(".") { continue }
            let path = directory + "/" + name
            let childKey = key.isEmpty ? name : key + "/" + name
            var status = stat()
            guard stat(path, &status) == 0 else { continue }
            if (status.st_mode & S_IFMT) == S_IFDIR {
                try walk(directory: path, key: childKey, into: &found)
            } else if (status.st_mode & S_IFMT) == S_IFREG {
                found.append(ObjectInfo(key: childKey, size: Int64(status.st_size), modified: Self.modified(status)))
            }
        }
    }

    private static func modified(_ status: stat) -> Date {
        #if canImport(Darwin)
        let time = status.st_mtimespec
        #else
        let time = status.st_mtim
        #endif
        return Date(timeIntervalSince1970: Double(time.tv_sec) + Double(time.tv_nsec) / 1e9)
    }
}
