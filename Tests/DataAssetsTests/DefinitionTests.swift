import ArtifactFormats
import DataAssets
import Foundation
import Testing

struct Region: Codable, Sendable {
    struct Source: Codable, Sendable { var system: String }
    var region: String
    var format: String = "json"
    var source = Source(system: "crm")
    var labels: [String: String] = ["tier": "gold"]
}

@Suite("Defining assets")
struct DefinitionTests {
    @Test("the default name is the primary file name without its extension")
    func defaultName() {
        #expect(Asset(path: "bronze/customers.json|csv") { [Person(id: 1, name: "a")] }.name == "customers")
        #expect(Asset(path: "data/v1.2/orders.final.json") { [Person(id: 1, name: "a")] }.name == "orders.final")
        #expect(Asset(path: "x.json", name: "explicit") { [Person(id: 1, name: "a")] }.name == "explicit")
    }

    @Test("a path with several dots keeps every dot but the extension's")
    func severalDots() async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "data/v1.2/orders.final.json|csv") { [Person(id: 1, name: "a")] }
        let result = try await asset.materialize(in: temp.workspace)
        #expect(result.run.artifacts == ["data/v1.2/orders.final.json", "data/v1.2/orders.final.csv"])
        #expect(try await temp.store.exists("data/v1.2/orders.final.csv"))
    }

    @Test("a placeholder is filled before the extension is read")
    func placeholderBeforeExtension() async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "exports/{region}.{format}", name: "export_{region}", parameters: Region.self) { context in
            [Person(id: 1, name: context.parameters.region)]
        }
        let bound = asset.with(arguments: Region(region: "emea", format: "csv"))
        #expect(bound.path == "exports/emea.csv")
        #expect(bound.name == "export_emea")
        let result = try await bound.materialize(in: temp.workspace)
        #expect(result.run.artifacts == ["exports/emea.csv"])
        #expect(try await temp.text("exports/emea.csv") == "id,name\n1,emea\n")
    }

    @Test("nested and dictionary placeholders resolve from the parameters")
    func nestedPlaceholders() {
        let asset = Asset(path: "{source.system}/{labels[tier]}/{region}.json", parameters: Region.self) { _ in [Person(id: 1, name: "a")] }
        #expect(asset.with(arguments: Region(region: "apac")).path == "crm/gold/apac.json")
    }

    @Test("binding leaves unknown placeholders in place, and running names the missing key and the available ones")
    func strictWhenRun() async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "out/{region}/{missing}.json", parameters: Region.self) { _ in [Person(id: 1, name: "a")] }
        let bound = asset.with(arguments: Region(region: "emea"))
        #expect(bound.path == "out/emea/{missing}.json")
        let error = await #expect(throws: DataAssetError.self) { try await bound.materialize(in: temp.workspace) }
        #expect(error?.code == .unresolvedPlaceholder)
        #expect(error?.message.contains("'{missing}'") == true)
        #expect(error?.message.contains("region, format, source.system, labels.tier") == true)
    }

    @Test("a parameterized asset run without arguments says how to bind them")
    func missingArguments() async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "out/{region}.json", parameters: Region.self) { _ in [Person(id: 1, name: "a")] }
        let error = await #expect(throws: DataAssetError.self) { try await asset.materialize(in: temp.workspace) }
        #expect(error?.code == .missingArguments)
        #expect(error?.message.contains("with(arguments:") == true)
    }

    @Test("with(arguments:) and with(options:) return new assets and leave the original unchanged")
    func copiesAreIndependent() {
        let original = Asset(path: "out/{region}.json", parameters: Region.self) { _ in [Person(id: 1, name: "a")] }
        let bound = original.with(arguments: Region(region: "emea"))
        let snapshotting = bound.with { $0.snapshotArtifacts = true }
        #expect(original.path == "out/{region}.json")
        #expect(original.arguments == nil)
        #expect(bound.options.snapshotArtifacts == false)
        #expect(snapshotting.options.snapshotArtifacts == true)
        #expect(snapshotting.path == "out/emea.json")
    }

    @Test("an unknown extension is an error that lists the known ones", arguments: ["out/data.xlsx", "out/data.json|xml", "out/noextension"])
    func unknownExtension(path: String) async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: path, name: "data") { [Person(id: 1, name: "a")] }
        let error = await #expect(throws: DataAssetError.self) { try await asset.materialize(in: temp.workspace) }
        #expect(error?.code == .unknownExtension)
        #expect(error?.message.contains(".json") == true)
        #expect(try await temp.keys(under: "").isEmpty)
    }

    @Test("a path cannot leave the workspace")
    func pathStaysInside() async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "../outside.json") { [Person(id: 1, name: "a")] }
        let error = await #expect(throws: DataAssetError.self) { try await asset.materialize(in: temp.workspace) }
        #expect(error?.code == .invalidDefinition)
    }
}
