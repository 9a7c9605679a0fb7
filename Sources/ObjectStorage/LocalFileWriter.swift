import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to a hidden temporary file beside the destination and renames it into place on commit.
/// Bytes are buffered and written in large blocks.
final class LocalFileWriter: ObjectWriter {
    private let key: String
    private let destination: String
    private let temporary: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var finished = false
    private static let bufferSize = 1 << 20

    init(key: String, destination: URL) throws {
        self.key = key
        self.destination = destination.path
        let directory = destination.deletingLastPathComponent().path
        temporary = directory + "/." + destination.lastPathComponent + ".tmp-" + UUID().uuidString.prefix(8).lowercased()
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 {
            throw ObjectStorageError(.io, key: key, "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit { abort() }

    func write(_ bytes: [UInt8]) throws {
        if buffer.count + bytes.count > Self.bufferSize { try flush() }
        if bytes.count >= Self.bufferSize {
            try bytes.withUnsafeBytes { try writeAll($0) }
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    func commit() throws {
        guard !finished else {
            guard descriptor == -2 else { return }
            throw ObjectStorageError(.io, key: key, "\(destination) was aborted and cannot be committed")
        }
        do {
            try flush()
            if fsync(descriptor) != 0 { throw failure("cannot flush") }
            close(descriptor)
            descriptor = -1
            if rename(temporary, destination) != 0 { throw failure("cannot move into place") }
            finished = true
        } catch {
            abort()
            throw error
        }
    }

    func abort() {
        guard !finished else { return }
        finished = true
        if descriptor >= 0 { close(descriptor) }
        descriptor = -2  // marks an aborted writer, so a later commit reports it
        unlink(temporary)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write")
            }
            offset += written
        }
    }

    private func failure(_ what: String) -> ObjectStorageError {
        ObjectStorageError(.io, key: key, "\(what) \(destination): \(String(cString: strerror(errno)))")
    }
}

/// Reads a local file in chunks, front to back or at any offset.
final class LocalFileReader: ObjectReader, RangeReader {
    private var descriptor: Int32
    private let key: String
    let size: Int64

    init(key: String, path: String) throws {
        self.key = key
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let code: ObjectStorageError.Code = errno == ENOENT ? .notFound : .io
            throw ObjectStorageError(code, key: key, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        size = fstat(descriptor, &status) == 0 ? Int64(status.st_size) : 0
    }

    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard descriptor >= 0, count > 0, offset < size else { return [] }
        let wanted = Int(min(Int64(count), size - offset))
        var bytes = [UInt8](repeating: 0, count: wanted)
        var filled = 0
        while filled < wanted {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, wanted - filled, off_t(offset) + off_t(filled)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw ObjectStorageError(.io, key: key, "cannot read '\(key)' at byte \(offset): \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            filled += got
        }
        if filled < wanted { bytes.removeSubrange(filled...) }
        return bytes
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    func read(upTo maximumCount: Int) throws -> [UInt8] {
        guard descriptor >= 0 else { return [] }
        var chunk = [UInt8](repeating: 0, count: maximumCount)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, maximumCount) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ObjectStorageError(.io, key: "", "cannot read: \(String(cString: strerror(errno)))")
            }
            if count == 0 {
                close(descriptor)
                descriptor = -1
                return []
            }
            chunk.removeSubrange(count...)
            return chunk
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
private let systemRead = Glibc.read
#else
private let systemWrite = Darwin.write
private let systemRead = Darwin.read
#endif
