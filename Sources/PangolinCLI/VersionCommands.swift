import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

struct ListVersions: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-versions", abstract: "List an asset's versions, newest first.",
        discussion: "Example:\n  pangolin-user list-versions --catalog ml_models --asset customer_churn_v2")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: AssetOptions

    func run(client: PangolinClient) async throws {
        let versions = try await client.versions(assetID: try await target.find(client).id)
        try Console.current.show(versions, json: global.json) {
            Table(headers: ["VERSION", "ID", "CREATED", "BY", "MESSAGE"], rows: versions.map {
                ["v\($0.number)", $0.shortID, ISO8601DateFormatter().string(from: $0.createdAt), $0.createdBy ?? "", $0.message ?? ""]
            })
        }
    }
}

struct ListTags: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-tags", abstract: "List an asset's version tags.",
        discussion: "Example:\n  pangolin-user list-tags --catalog ml_models --asset customer_churn_v2")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: AssetOptions

    func run(client: PangolinClient) async throws {
        let tags = try await client.tags(assetID: try await target.find(client).id)
        try Console.current.show(tags, json: global.json) {
            Table(headers: ["TAG", "VERSION", "BY", "MESSAGE"], rows: tags.map { [$0.name, "v\($0.version)", $0.createdBy ?? "", $0.message ?? ""] })
        }
    }
}

struct MoveTag: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "move-tag", abstract: "Point a tag at another version.",
        discussion: "Example:\n  pangolin-user move-tag --catalog ml_models --asset customer_churn_v2 --name production --version v3")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: AssetOptions
    @Option(help: "The tag.") var name: String
    @Option(help: "The version: 3, v3, a version id or a date.") var version: String

    func run(client: PangolinClient) async throws {
        let tag = try await client.moveTag(assetID: try await target.find(client).id, name: name, to: version)
        Console.current.line("\(tag.name) -> v\(tag.version)")
    }
}

struct Resolve: CatalogCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show which asset and version a reference names.",
        discussion: "Example:\n  pangolin-user resolve ml_features.customer_features@2025-12-01")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A reference: name, namespace.name or catalog.namespace.name, with @vN, @<tag>, @<date> …") var reference: String
    @Option(help: "Read the reference inside this catalog.") var catalog: String?

    func run(client: PangolinClient) async throws {
        let resolved = try await client.resolve(reference, inCatalog: catalog)
        try Console.current.show(resolved, json: global.json) {
            Table(headers: ["ASSET", "VERSION", "LOCATION", "CREATED"], rows: [[
                "\(resolved.asset.catalog).\(resolved.asset.namespace).\(resolved.asset.name)", "v\(resolved.version.number)",
                resolved.version.location, ISO8601DateFormatter().string(from: resolved.version.createdAt),
            ]])
        }
    }
}
