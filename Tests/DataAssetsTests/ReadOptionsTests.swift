import ArtifactFormats
import DataAssets
import Foundation
import Testing

@Suite("Read options")
struct ReadOptionsTests {
    @Test("a CSV dialect applies to the files the asset writes and reads")
    func csvDialect() async throws {
        let temp = try await TemporaryWorkspace()
        let options = AssetOptions(fragmentFormat: "csv", readOptions: ReadOptions(csv: CSVDialect(delimiter: ";")))
        let asset = Asset(path: "r/people.csv", options: options) { [Person(id: 1, name: "a;b"), Person(id: 2, name: "c,d")] }
        _ = try await asset.materialize(in: temp.workspace)
        #expect(try await temp.text("r/people.csv") == "id;name\n1;\"a;b\"\n2;c,d\n")
        #expect(try await asset.rows(as: Person.self, in: temp.workspace) == [Person(id: 1, name: "a;b"), Person(id: 2, name: "c,d")])
    }

    @Test("column types override the recorded ones when an artifact is read, for files changed by others")
    func columnTypes() async throws {
        struct Code: Codable, Sendable, Equatable { var id: String; var name: String }
        let temp = try await TemporaryWorkspace()
        let recorded = Asset(path: "r/codes.csv") { [Person(id: 7, name: "seven")] }
        _ = try await recorded.materialize(in: temp.workspace)
        try await temp.store.write(Data("id,name\nn/a,seven\n".utf8), to: "r/codes.csv")
        let error = await #expect(throws: DataAssetError.self) { try await recorded.rows(as: Code.self, in: temp.workspace) }
        #expect(error?.code == .unreadableArtifact)
        #expect(error?.message.contains("r/codes.csv") == true)
        let overridden = recorded.with { $0.readOptions.columnTypes = ["id": .string] }
        #expect(try await overridden.rows(as: Code.self, in: temp.workspace) == [Code(id: "n/a", name: "seven")])
    }
}
