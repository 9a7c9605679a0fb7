import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

// Assets: list, get, register, delete, business metadata and search, with the options they share.

/// Options naming one asset: catalog, namespace, name.
struct AssetOptions: ParsableArguments {
    @Option(help: "The catalog.") var catalog: String
    @Option(help: "The namespace, dotted (ml.prod); optional where the asset's name is unique in the catalog.") var namespace: String?
    @Option(help: "The asset's name.") var asset: String

    func find(_ client: PangolinClient) async throws -> Asset {
        try await Self.find(asset, catalog: catalog, namespace: namespace, client: client)
    }

    /// The asset, found by name in the namespace, or by name anywhere in the catalog.
    static func find(_ name: String, catalog: String, namespace: String?, client: PangolinClient) async throws -> Asset {
        if let namespace {
            return try await client.asset(name, in: catalog, namespace: NamespacePath(parsing: namespace))
        }
        return try await client.resolve(name, inCatalog: catalog).asset
    }
}

/// Options naming what a grant or role covers: the narrowest given of --asset, --namespace,
/// --catalog, else the tenant.
struct ScopeOptions: ParsableArguments {
    @Option(help: "The catalog.") var catalog: String?
    @Option(help: "The namespace, dotted.") var namespace: String?
    @Option(help: "An asset's name (with --catalog; --namespace when the name is not unique).") var asset: String?

    func validate() throws {
        if (namespace != nil || asset != nil) && catalog == nil { throw ValidationError("--namespace and --asset need --catalog") }
    }

    func scope(_ client: PangolinClient) async throws -> PermissionScope {
        guard let catalog else { return .tenant }
        if let asset {
            return .asset(assetID: try await AssetOptions.find(asset, catalog: catalog, namespace: namespace, client: client).id)
        }
        if let namespace { return .namespace(catalogID: catalog, namespace: try NamespacePath(parsing: namespace)) }
        return .catalog(catalogID: catalog)
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

struct SetMetadata: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-metadata", abstract: "Set an asset's description, labels and discoverability.",
        discussion: """
            Replaces the asset's business metadata. Labels are what search's --tags finds.

            Example:
              pangolin-admin set-metadata --catalog ml_models --namespace production --asset customer_churn \\
                --tags "ml,classification,production,customer-analytics"
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: AssetOptions
    @Option(help: "Labels, comma-separated.") var tags: String?
    @Option(help: "A description.") var description: String?
    @Flag(help: "Show the asset in search to people who cannot read it (name, kind, description only).") var discoverable = false

    func run(client: PangolinClient) async throws {
        let asset = try await target.find(client)
        let metadata = try await client.setMetadata(
            assetID: asset.id, description: description, tags: CommaList.parse(tags), discoverable: discoverable)
        try Console.current.show(metadata, json: global.json) {
            Table(headers: ["ASSET", "TAGS", "DISCOVERABLE", "DESCRIPTION"],
                  rows: [[asset.name, metadata.tags.joined(separator: ","), String(metadata.discoverable), metadata.description ?? ""]])
        }
    }
}

struct Search: CatalogCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search assets by words and filters.",
        discussion: """
            Example:
              pangolin-user search --query churn --kind ML_MODEL --tags ml,production
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Words to find in names, descriptions, labels and property values.") var query: String?
    @Option(help: "Only this catalog.") var catalog: String?
    @Option(help: "Only this namespace and those under it.") var namespace: String?
    @Option(help: "Kinds, comma-separated (ML_MODEL,CSV_TABLE,…).") var kind: String?
    @Option(help: "Labels the assets must all carry, comma-separated.") var tags: String?
    @Option(help: "Only assets with this version tag.") var versionTag: String?
    @Option(help: "How many results.") var limit = 20

    func run(client: PangolinClient) async throws {
        let page = try await client.search(SearchQuery(
            text: query, catalog: catalog, namespace: try namespace.map(NamespacePath.init(parsing:)),
            kinds: try CommaList.parse(kind).map(AssetKind.init(parsing:)), tags: CommaList.parse(tags), versionTag: versionTag, limit: limit))
        try Console.current.show(page, json: global.json) {
            Table(headers: ["NAME", "KIND", "CATALOG", "NAMESPACE", "ACCESS", "DESCRIPTION"], rows: page.items.map {
                [$0.name, $0.kind.rawValue, $0.catalog, $0.namespace, $0.hasAccess ? "yes" : "discoverable", $0.description ?? ""]
            })
        }
        if !global.json && page.total > page.items.count {
            Console.current.line("\(page.items.count) of \(page.total); use --limit for more")
        }
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
