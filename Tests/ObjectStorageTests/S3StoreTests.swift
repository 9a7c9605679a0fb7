import Crypto
import Foundation
import PangolinTestSupport
import Testing
@testable import ObjectStorage

@Suite("Signature Version 4")
struct SigV4Tests {
    @Test("the GET Object example of the S3 documentation signs to its published signature")
    func documentationExample() throws {
        let signer = SigV4(credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                           region: "us-east-1")
        let date = try #require(ISO8601DateFormatter().date(from: "2013-05-24T00:00:00Z"))
        let headers = signer.sign(method: "GET", path: "/test.txt", query: [],
                                  headers: [("host", "examplebucket.s3.amazonaws.com"), ("range", "bytes=0-9")],
                                  payloadHash: SigV4.emptyPayloadHash, date: date)
        let authorization = headers.first { $0.0 == "Authorization" }?.1
        #expect(authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("paths and queries are percent-encoded as SigV4 wants: unreserved characters alone stay")
    func encoding() {
        #expect(SigV4.encodePath("/b/a b/ü+x~.txt") == "/b/a%20b/%C3%BC%2Bx~.txt")
        #expect(SigV4.canonicalQuery([("prefix", "a b/"), ("list-type", "2"), ("continuation-token", "x+y=")])
            == "continuation-token=x%2By%3D&list-type=2&prefix=a%20b%2F")
    }
}

@Suite("S3 on a real server")
struct S3StoreTests {
    @Test("a wrong secret is refused with a message that says to check the keys")
    func wrongSecret() async throws {
        let good = try await S3Fixture.store()
        let bad = try S3Store(try S3Fixture.configuration(bucket: good.configuration.bucket, secret: "not-the-secret"))
        let error = await #expect(throws: ObjectStorageError.self) { _ = try await bad.list(under: "") }
        #expect(error?.code == .denied)
        #expect(error?.message.contains("check the access key and secret") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("bucket '\(good.configuration.bucket)'") == true)
    }

    @Test("a missing bucket is named, with what to do")
    func missingBucket() async throws {
        let store = try S3Store(try S3Fixture.configuration(bucket: "no-such-bucket-\(UUID().uuidString.prefix(8).lowercased())"))
        let error = await #expect(throws: ObjectStorageError.self) { try await store.write(Data("x".utf8), to: "k") }
        #expect(error?.code == .noSuchBucket)
        #expect(error?.message.contains("does not exist") == true && error?.message.contains("create it") == true, "\(error?.message ?? "")")
    }

    @Test("a 50 MiB object goes up in parts and reads back whole")
    func multipart() async throws {
        let store = try await S3Fixture.store()
        let data = pattern(50 << 20)
        let writer = try await store.makeWriter(for: "big/object.bin")
        for offset in stride(from: 0, to: data.count, by: 3 << 20) {
            try await writer.write([UInt8](data[offset..<min(data.count, offset + (3 << 20))]))
        }
        try await writer.commit()
        let info = try #require(try await store.info(for: "big/object.bin"))
        #expect(info.size == Int64(data.count))
        #expect(info.etag.contains("-"))  // the ETag of a multipart upload names its part count
        let back = try await store.read("big/object.bin")
        #expect(SHA256.hash(data: back) == SHA256.hash(data: data))
    }

    @Test("an upload abandoned halfway, by abort or by cancellation, leaves no object and no upload")
    func interrupted() async throws {
        let store = try await S3Fixture.store()
        let writer = try await store.makeWriter(for: "half.bin")
        try await writer.write([UInt8](pattern(12 << 20)))
        await writer.abort()
        #expect(try await store.info(for: "half.bin") == nil)
        let cancelled = Task {
            let writer = try await store.makeWriter(for: "cancelled.bin")
            try await writer.write([UInt8](pattern(12 << 20)))
            withUnsafeCurrentTask { $0?.cancel() }
            try await writer.write([UInt8](pattern(12 << 20)))
            try await writer.commit()
        }
        _ = await cancelled.result
        #expect(try await store.info(for: "cancelled.bin") == nil)
        #expect(try await store.list(under: "").isEmpty)
        let uploads = try await store.client.send(.GET, key: nil, query: [("uploads", "")], idempotent: true)
        #expect(S3XML(uploads.body).blocks("Upload").isEmpty)
    }

    @Test("listing 2,500 keys follows continuation tokens, and deleting them takes batches")
    func manyKeys() async throws {
        let store = try await S3Fixture.store(prefix: "many")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<2500 {
                if index >= 32 { try await group.next() }
                group.addTask { try await store.write(Data("\(index)".utf8), to: String(format: "k/%05d", index)) }
            }
            try await group.waitForAll()
        }
        let listed = try await store.list(under: "k")
        #expect(listed.count == 2500)
        #expect(listed.map(\.key) == (0..<2500).map { String(format: "k/%05d", $0) })
        try await store.deleteAll(under: "k")
        #expect(try await store.list(under: "").isEmpty)
    }

    @Test("locations are s3:// URLs of the bucket key, prefix included")
    func locations() async throws {
        let store = try await S3Fixture.store(prefix: "lake/raw")
        #expect(try store.location(for: "orders/a b.parquet") == "s3://\(store.configuration.bucket)/lake/raw/orders/a b.parquet")
        let configuration = try S3Configuration.fromEnvironment(url: "s3://my-bucket/some/prefix/", credentials: S3Credentials(accessKeyID: "a", secretAccessKey: "b"),
                                                                environment: ["AWS_REGION": "eu-west-1"])
        #expect(configuration.bucket == "my-bucket" && configuration.prefix == "some/prefix" && configuration.region == "eu-west-1")
        #expect(configuration.endpoint.absoluteString == "https://s3.eu-west-1.amazonaws.com" && configuration.addressing == .virtualHosted)
    }

    @Test("credentials come from the environment first, then the profile AWS_PROFILE names in the credentials file")
    func credentialChain() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("credentials-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("""
            [default]
            aws_access_key_id = default-key
            aws_secret_access_key = default-secret
            # a comment
            [profile work]
            aws_access_key_id=work-key
            aws_secret_access_key=work-secret
            aws_session_token=work-token
            """.utf8).write(to: file)
        let fromFile = ["AWS_SHARED_CREDENTIALS_FILE": file.path]
        #expect(try S3Credentials.fromEnvironment(fromFile)?.accessKeyID == "default-key")
        let work = try #require(try S3Credentials.fromEnvironment(fromFile.merging(["AWS_PROFILE": "work"]) { $1 }))
        #expect([work.accessKeyID, work.secretAccessKey, work.sessionToken] == ["work-key", "work-secret", "work-token"])
        #expect(work.source == "profile [work] of \(file.path)")
        #expect(try S3Credentials.fromEnvironment(fromFile.merging(["AWS_ACCESS_KEY_ID": "env", "AWS_SECRET_ACCESS_KEY": "env-secret"]) { $1 })?.accessKeyID == "env")
        #expect(throws: ObjectStorageError.self) { try S3Credentials.fromEnvironment(fromFile.merging(["AWS_PROFILE": "missing"]) { $1 }) }
        #expect(throws: ObjectStorageError.self) { try S3Credentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "only-the-key"]) }
    }
}
