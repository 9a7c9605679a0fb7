import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

struct ListCatalogs: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-catalogs", abstract: "List the catalogs you can see.", discussion: "Example:\n  pangolin-user list-catalogs")
    @OptionGroup var global: GlobalOptions

    func run(client: PangolinClient) async throws {
        let catalogs = try await client.catalogs()
        try Console.current.show(catalogs, json: global.json) {
            Table(headers: ["NAME", "TYPE", "WAREHOUSE"], rows: catalogs.map { [$0.name, $0.catalogType.rawValue, $0.warehouseName ?? "-"] })
        }
    }
}

struct ListNamespaces: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-namespaces", abstract: "List a catalog's namespaces (under --parent).",
        discussion: "Example:\n  pangolin-user list-namespaces --catalog ml_models")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The catalog.") var catalog: String
    @Option(help: "Only those directly under this namespace.") var parent: String?

    func run(client: PangolinClient) async throws {
        let namespaces = try await client.namespaces(in: catalog, parent: try parent.map(NamespacePath.init(parsing:)))
        try Console.current.show(namespaces.map(\.dotted), json: global.json) {
            Table(headers: ["NAMESPACE"], rows: namespaces.map { [$0.dotted] })
        }
    }
}

struct ListAssets: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-assets", abstract: "List a namespace's assets.",
        discussion: "Example:\n  pangolin-user list-assets --catalog ml_models --namespace production")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The catalog.") var catalog: String
    @Option(help: "The namespace, dotted.") var namespace: String
    @Option(help: "How many.") var limit = 100

    func run(client: PangolinClient) async throws {
        let assets = try await client.assets(in: catalog, namespace: NamespacePath(parsing: namespace), limit: limit)
        try Console.current.show(assets, json: global.json) {
            Table(headers: ["NAME", "KIND", "VERSION", "LOCATION"], rows: assets.map { [$0.name, $0.kind.rawValue, "v\($0.version)", $0.location] })
        }
    }
}

struct GetAsset: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "get-asset", abstract: "Show one asset with its properties.",
        discussion: "Example:\n  pangolin-user get-asset --catalog ml_models --namespace production --asset customer_churn_v2")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: AssetOptions

    func run(client: PangolinClient) async throws {
        let asset = try await target.find(client)
        try Console.current.show(asset, json: global.json) {
            Table(headers: ["FIELD", "VALUE"], rows: [
                ["name", asset.name], ["kind", asset.kind.rawValue], ["catalog", asset.catalog], ["namespace", asset.namespace.dotted],
                ["location", asset.location], ["version", "v\(asset.version)"], ["id", asset.id],
            ] + asset.properties.sorted { $0.key < $1.key }.map { ["property \($0.key)", $0.value] })
        }
    }
}

struct RegisterAsset: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "register-asset", abstract: "Register an asset of any kind, with properties and lineage.",
        discussion: """
            Example:
              pangolin-user register-asset --catalog ml_models --namespace production --name customer_churn_v2 \\
                --kind ML_MODEL --location s3://bucket/models/churn/v2/model.pkl --property framework=scikit-learn \\
                --lineage trained_on=ml_features.customer_features@2025-12-01
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "The catalog.") var catalog: String
    @Option(help: "The namespace, dotted.") var namespace: String
    @Option(help: "The asset's name.") var name: String
    @Option(help: "The kind: ML_MODEL, CSV_TABLE, PARQUET_TABLE, DIRECTORY, …") var kind: String
    @Option(help: "Where the data lives.") var location: String
    @Option(help: "A property as key=value; repeat for more.") var property: [String] = []
    @Option(help: "What it was made from, as relation=reference; repeat for more.") var lineage: [String] = []
    @Option(help: "What this first version is.") var message: String?

    func run(client: PangolinClient) async throws {
        let asset = try await client.register(
            AssetDraft(name: name, kind: try AssetKind(parsing: kind), location: location, properties: try Pairs.parse(property, what: "--property"),
                       message: message, lineage: try Pairs.links(lineage)),
            in: catalog, namespace: NamespacePath(parsing: namespace))
        try Console.current.show(asset, json: global.json) {
            Table(headers: ["NAME", "KIND", "VERSION", "ID"], rows: [[asset.name, asset.kind.rawValue, "v\(asset.version)", asset.id]])
        }
    }
}

struct DeleteAsset: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-asset", abstract: "Delete an asset (its history stays readable to administrators).",
        discussion: "Example:\n  pangolin-user delete-asset --catalog ml_models --namespace production --asset churn_experiment_7")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: AssetOptions

    func run(client: PangolinClient) async throws {
        let asset = try await target.find(client)
        try await client.deleteAsset(asset.name, in: asset.catalog, namespace: asset.namespace)
        Console.current.line("deleted \(asset.catalog).\(asset.namespace).\(asset.name)")
    }
}

/// Comma-separated option values: `--tags "ml,production"`, `--actions read,create`.
enum CommaList {
    static func parse(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func actions(_ text: String?) throws -> [PermissionAction] {
        try parse(text).map(PermissionAction.init(parsing:))
    }
}

/// `key=value` arguments.
enum Pairs {
    static func parse(_ arguments: [String], what option: String) throws -> [String: String] {
        var pairs: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw ValidationError("\(option) takes key=value, not '\(argument)'")
            }
            pairs[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
        }
        return pairs
    }

    static func links(_ arguments: [String]) throws -> [LineageLink]? {
        guard !arguments.isEmpty else { return nil }
        return try arguments.map { argument in
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw ValidationError("--lineage takes relation=reference, such as trained_on=ml_features.customer_features@2025-12-01")
            }
            return LineageLink(upstream: String(argument[argument.index(after: equals)...]), relation: String(argument[..<equals]))
        }
    }
}
