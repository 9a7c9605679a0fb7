import DataAssets
import Foundation
import ObjectStorage
import PangolinTestSupport
import Testing

@Suite("Workspace from FILESYSTEM_URL")
struct WorkspaceEnvironmentTests {
    @Test("a path or a file:// URL names the workspace directory", arguments: [false, true])
    func localDirectory(asURL: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fs-url-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let value = asURL ? directory.absoluteString : directory.path
        let workspace = try Workspace.fromEnvironment(["FILESYSTEM_URL": value])
        _ = try await Asset(path: "out/people.json") { [Person(id: 1, name: "a")] }.materialize(in: workspace)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out/people.json").path))
    }

    @Test("an s3:// URL names a bucket and prefix, reached with the AWS_* variables", arguments: ["s3", "s3a"])
    func bucket(scheme: String) async throws {
        let server = try SeaweedFS.shared()
        let bucket = try await server.newBucket()
        let environment = server.environment.merging(["FILESYSTEM_URL": "\(scheme)://\(bucket.configuration.bucket)/team/lake"]) { $1 }
        let workspace = try Workspace.fromEnvironment(environment)
        let result = try await Asset(path: "out/people.json") { [Person(id: 1, name: "a")] }.materialize(in: workspace)
        #expect(try await bucket.read("team/lake/out/people.json") == Data(#"{"id":1,"name":"a"}"#.utf8 + [10]))
        #expect(try workspace.store.location(for: result.run.artifacts[0]) == "s3://\(bucket.configuration.bucket)/team/lake/out/people.json")
    }

    @Test("a bucket without credentials, and a scheme without a store, are refused with a message saying what to set")
    func refused() {
        let noKeys = #expect(throws: DataAssetError.self) {
            try Workspace.fromEnvironment(["FILESYSTEM_URL": "s3://my-bucket", "HOME": "/nonexistent"])
        }
        #expect(noKeys?.code == .invalidDefinition)
        #expect(noKeys?.message.contains("AWS_ACCESS_KEY_ID") == true, "\(noKeys?.message ?? "")")
        let error = #expect(throws: DataAssetError.self) { try Workspace.fromEnvironment(["FILESYSTEM_URL": "gs://my-bucket"]) }
        #expect(error?.code == .invalidDefinition)
        #expect(error?.message.contains("'gs'") == true)
    }

    @Test("an unset FILESYSTEM_URL says what to set")
    func unset() {
        let error = #expect(throws: DataAssetError.self) { try Workspace.fromEnvironment([:]) }
        #expect(error?.message.contains("FILESYSTEM_URL is not set") == true)
    }
}

@Suite("Catalog connection from PANGOLIN_URL")
struct CatalogEnvironmentTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fs-url-\(UUID().uuidString)").path

    @Test("PANGOLIN_URL with a token, a catalog and a namespace connects the workspace")
    func connected() throws {
        let workspace = try Workspace.fromEnvironment([
            "FILESYSTEM_URL": directory, "PANGOLIN_URL": "http://127.0.0.1:8080", "PANGOLIN_TOKEN": "t",
            "PANGOLIN_CATALOG": "lake", "PANGOLIN_NAMESPACE": "ml.prod",
        ])
        #expect(workspace.catalog?.catalog == "lake")
        #expect(workspace.catalog?.namespace.dotted == "ml.prod")
        #expect(workspace.catalog?.client.currentCredential == .token("t"))
        #expect(workspace.catalog?.url == "http://127.0.0.1:8080")
        let keyed = try CatalogConnection.fromEnvironment([
            "PANGOLIN_URL": "http://127.0.0.1:8080", "PANGOLIN_API_KEY": "pgk_x", "PANGOLIN_CATALOG": "lake", "PANGOLIN_NAMESPACE": "sales",
        ])
        #expect(keyed?.client.currentCredential == .apiKey("pgk_x"))
    }

    @Test("without PANGOLIN_URL the workspace has no catalog")
    func unconnected() throws {
        #expect(try Workspace.fromEnvironment(["FILESYSTEM_URL": directory]).catalog == nil)
    }

    @Test("a missing credential, catalog or namespace, or a bad URL, says what to set", arguments: [
        (["PANGOLIN_CATALOG": "lake", "PANGOLIN_NAMESPACE": "sales"], "PANGOLIN_TOKEN"),
        (["PANGOLIN_TOKEN": "t", "PANGOLIN_NAMESPACE": "sales"], "PANGOLIN_CATALOG is not"),
        (["PANGOLIN_TOKEN": "t", "PANGOLIN_CATALOG": "lake"], "PANGOLIN_NAMESPACE is not"),
        (["PANGOLIN_TOKEN": "t", "PANGOLIN_CATALOG": "lake", "PANGOLIN_NAMESPACE": "a..b"], "PANGOLIN_NAMESPACE 'a..b'"),
        (["PANGOLIN_URL": "127.0.0.1:8080", "PANGOLIN_TOKEN": "t", "PANGOLIN_CATALOG": "lake", "PANGOLIN_NAMESPACE": "sales"], "http://"),
    ])
    func incomplete(variables: [String: String], mentioned: String) {
        let environment = ["FILESYSTEM_URL": directory, "PANGOLIN_URL": "http://127.0.0.1:8080"].merging(variables) { _, new in new }
        let error = #expect(throws: DataAssetError.self) { try Workspace.fromEnvironment(environment) }
        #expect(error?.code == .invalidDefinition)
        #expect(error?.message.contains(mentioned) == true, "\(error?.message ?? "")")
    }
}
