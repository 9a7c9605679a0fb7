import DataAssets
import Foundation
import ObjectStorage
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

    @Test("a scheme without a store is refused with a message naming it")
    func otherScheme() {
        let error = #expect(throws: DataAssetError.self) { try Workspace.fromEnvironment(["FILESYSTEM_URL": "s3://my-bucket"]) }
        #expect(error?.code == .invalidDefinition)
        #expect(error?.message.contains("'s3'") == true)
    }

    @Test("an unset FILESYSTEM_URL says what to set")
    func unset() {
        let error = #expect(throws: DataAssetError.self) { try Workspace.fromEnvironment([:]) }
        #expect(error?.message.contains("FILESYSTEM_URL is not set") == true)
    }
}
