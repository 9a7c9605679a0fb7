import Foundation
import Testing
@testable import ObjectStorage

@Suite("S3 configuration from Iceberg FileIO settings")
struct S3FileIOSettingsTests {
    @Test("region, endpoint, path-style addressing and keys come from the s3.* settings")
    func settings() throws {
        let configuration = try S3Configuration(
            bucket: "lake",
            fileIO: ["s3.region": "eu-west-1", "s3.endpoint": "http://127.0.0.1:8333", "s3.path-style-access": "true",
                     "s3.access-key-id": "AKIA", "s3.secret-access-key": "secret", "s3.session-token": "session"],
            source: "warehouse 'wh'")
        #expect(configuration.region == "eu-west-1")
        #expect(configuration.endpoint.absoluteString == "http://127.0.0.1:8333")
        #expect(configuration.addressing == .path)
        #expect(configuration.credentials?.accessKeyID == "AKIA")
        #expect(configuration.credentials?.secretAccessKey == "secret")
        #expect(configuration.credentials?.sessionToken == "session")
    }

    @Test("without settings it is AWS in us-east-1, virtual-hosted, with no keys of its own")
    func defaults() throws {
        let configuration = try S3Configuration(bucket: "lake", fileIO: [:], source: "warehouse 'wh'")
        #expect(configuration.region == "us-east-1")
        #expect(configuration.endpoint.host == "s3.amazonaws.com")
        #expect(configuration.addressing == .virtualHosted)
        #expect(configuration.credentials == nil)
    }

    @Test("an endpoint that is not a URL is an error naming where it came from")
    func badEndpoint() {
        #expect {
            try S3Configuration(bucket: "lake", fileIO: ["s3.endpoint": "not a url"], source: "warehouse 'wh'")
        } throws: { error in
            (error as? ObjectStorageError)?.message.contains("the endpoint 'not a url' in warehouse 'wh' is not a URL") == true
        }
    }
}
