import Foundation
import NIOHTTP1

/// Uploads one object: bytes gather into parts of `partSize`; a small object goes up in one PUT on
/// commit, a large one as a multipart upload whose parts go up while later bytes are still being
/// written, a few at a time, so memory holds about `concurrentParts + 1` parts. Nothing is visible
/// before `commit` completes the upload; a failure, `abort()` or dropping the writer aborts it.
final class S3ObjectWriter: ObjectWriter {
    private let client: S3Client
    private let key: String
    private var buffer: [UInt8] = []
    private var uploadID: String?
    private var parts: [Task<(Int, String), any Error>] = []
    private var finished = false

    init(client: S3Client, key: String) {
        self.client = client
        self.key = key
    }

    deinit {
        guard !finished, let uploadID else { return }
        for part in parts { part.cancel() }
        let (client, key) = (client, key)
        Task { _ = try? await client.send(.DELETE, key: key, query: [("uploadId", uploadID)], idempotent: true) }
    }

    private var partSize: Int { client.configuration.partSize }

    func write(_ bytes: [UInt8]) async throws {
        guard !finished else { throw ObjectStorageError(.io, key: key, "s3://\(client.configuration.bucket)/\(key) is already finished") }
        do { try Task.checkCancellation() } catch { await abort(); throw error }
        buffer.append(contentsOf: bytes)
        while buffer.count >= partSize {
            let part = Array(buffer.prefix(partSize))
            buffer.removeFirst(partSize)
            do {
                try await upload(part)
            } catch {
                await abort()
                throw error
            }
        }
    }

    /// Starts uploading a part, first waiting for the oldest one when enough are in flight.
    private func upload(_ part: [UInt8]) async throws {
        if uploadID == nil {
            let response = try await client.send(.POST, key: key, query: [("uploads", "")], idempotent: false)
            guard let id = S3XML(response.body).first("UploadId") else {
                throw ObjectStorageError(.io, key: key, "S3 started no multipart upload of s3://\(client.configuration.bucket)/\(key)")
            }
            uploadID = id
        }
        let inFlight = parts.count - completed
        if inFlight >= client.configuration.concurrentParts { _ = try await parts[completed].value; completed += 1 }
        let number = parts.count + 1
        let (client, key, id) = (client, key, uploadID!)
        parts.append(Task {
            let response = try await client.send(.PUT, key: key, query: [("partNumber", String(number)), ("uploadId", id)], body: part, idempotent: true)
            guard let etag = response.headers.first(name: "ETag") else {
                throw ObjectStorageError(.io, key: key, "S3 gave no ETag for part \(number) of s3://\(client.configuration.bucket)/\(key)")
            }
            return (number, etag)
        })
    }

    /// Parts known to have finished, oldest first.
    private var completed = 0

    func commit() async throws {
        guard !finished else { return }
        do {
            try Task.checkCancellation()
            if uploadID == nil {
                _ = try await client.send(.PUT, key: key, body: buffer, idempotent: true)
            } else {
                if !buffer.isEmpty { try await upload(buffer) }
                var etags: [(Int, String)] = []
                for part in parts { etags.append(try await part.value) }
                let body = Array(("<CompleteMultipartUpload>" + etags.map { "<Part><PartNumber>\($0.0)</PartNumber><ETag>\(S3XML.escape($0.1))</ETag></Part>" }
                    .joined() + "</CompleteMultipartUpload>").utf8)
                let response = try await client.send(.POST, key: key, query: [("uploadId", uploadID!)], headers: [("Content-Type", "application/xml")],
                                                     body: body, idempotent: false)
                // S3 may answer 200 and report the failure in the body.
                if let error = S3XML(response.body).blocks("Error").first {
                    throw ObjectStorageError(.io, key: key, "S3 could not complete s3://\(client.configuration.bucket)/\(key): \(error.first("Message") ?? "")")
                }
            }
            buffer = []
            finished = true
        } catch {
            await abort()
            throw error
        }
    }

    func abort() async {
        guard !finished else { return }
        finished = true
        buffer = []
        for part in parts { part.cancel() }
        for part in parts { _ = try? await part.value }
        if let uploadID {
            // A cancelled task still aborts the upload: the request runs outside its cancellation.
            let (client, key) = (client, key)
            await Task { _ = try? await client.send(.DELETE, key: key, query: [("uploadId", uploadID)], idempotent: true) }.value
        }
    }
}
