import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

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

struct Lineage: CatalogCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print an asset's lineage as a tree.",
        discussion: """
            Example:
              pangolin-user lineage --catalog ml_models --namespace production --asset customer_churn_v2 --direction upstream
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: AssetOptions
    @Option(help: "upstream, downstream or both.") var direction = "both"
    @Option(help: "How many steps to follow.") var depth = 3

    func run(client: PangolinClient) async throws {
        let asset = try await target.find(client)
        let graph = try await client.lineage(assetID: asset.id, direction: try LineageDirection(parsing: direction), depth: depth)
        if global.json {
            try Console.current.show(graph, json: true) { Table(headers: [], rows: []) }
            return
        }
        for line in LineageTree(graph: graph).lines() { Console.current.line(line) }
    }
}

/// A lineage graph drawn as indented trees from the root: upstream (`<-`) and downstream (`->`).
struct LineageTree {
    let graph: LineageGraph

    func lines() -> [String] {
        let names = Dictionary(uniqueKeysWithValues: graph.nodes.map { node in
            (node.id, node.redacted ? "(hidden)" : "\(node.namespace ?? "").\(node.name ?? node.id)")
        })
        var lines = [names[graph.root] ?? graph.root]
        func walk(_ id: String, upstream: Bool, prefix: String, seen: Set<String>) {
            let edges = graph.edges.filter { (upstream ? $0.downstream.assetID : $0.upstream.assetID) == id }
            for (index, edge) in edges.enumerated() {
                let other = upstream ? edge.upstream.assetID : edge.downstream.assetID
                let last = index == edges.count - 1
                let pin = (upstream ? edge.upstream.version : edge.downstream.version).map { "@v\($0)" } ?? ""
                let arrow = upstream ? "<-" : "->"
                let cycle = seen.contains(other) ? " (cycle)" : ""
                lines.append("\(prefix)\(last ? "└─" : "├─") \(arrow) \(edge.relation) \(names[other] ?? other)\(pin)\(cycle)")
                if cycle.isEmpty { walk(other, upstream: upstream, prefix: prefix + (last ? "   " : "│  "), seen: seen.union([other])) }
            }
        }
        walk(graph.root, upstream: true, prefix: "", seen: [graph.root])
        walk(graph.root, upstream: false, prefix: "", seen: [graph.root])
        return lines
    }
}
