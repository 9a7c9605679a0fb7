import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

// Versions and tags: list, compare, tag, move a tag, resolve a reference.

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

struct Diff: CatalogCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what changed between two versions (default: the last change).",
        discussion: "Example:\n  pangolin-user diff --catalog ml_models --asset customer_churn_v2 --from v1 --to v3")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: AssetOptions
    @Option(help: "The older version.") var from: String?
    @Option(help: "The newer version.") var to: String?

    func run(client: PangolinClient) async throws {
        let diff = try await client.diff(assetID: try await target.find(client).id, from: from, to: to)
        var rows: [[String]] = []
        if let location = diff.location { rows.append(["location", location.from, location.to]) }
        rows += diff.added.sorted { $0.key < $1.key }.map { ["+ \($0.key)", "", $0.value] }
        rows += diff.removed.sorted { $0.key < $1.key }.map { ["- \($0.key)", $0.value, ""] }
        rows += diff.changed.sorted { $0.key < $1.key }.map { ["~ \($0.key)", $0.value.from, $0.value.to] }
        try Console.current.show(diff, json: global.json) { Table(headers: ["FIELD", "v\(diff.from)", "v\(diff.to)"], rows: rows) }
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

struct CreateTag: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-tag", abstract: "Tag a version of an asset (the latest unless --version says).",
        discussion: """
            Example:
              pangolin-user create-tag --catalog ml_models --name production-2025-12-24 --asset customer_churn_v2
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: AssetOptions
    @Option(help: "The tag's name.") var name: String
    @Option(help: "The version: 3, v3, a version id or a date (default: the latest).") var version: String?
    @Option(help: "Why.") var message: String?

    func run(client: PangolinClient) async throws {
        let asset = try await target.find(client)
        let tag = try await client.createTag(assetID: asset.id, name: name, version: version, message: message)
        try Console.current.show(tag, json: global.json) {
            Table(headers: ["ASSET", "TAG", "VERSION"], rows: [[asset.name, tag.name, "v\(tag.version)"]])
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
