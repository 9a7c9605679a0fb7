import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

// Lineage: record an edge, print the graph as a tree, show the impact of a version.

struct AddLineage: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-lineage", abstract: "Record what an asset was made from.",
        discussion: """
            Example:
              pangolin-user add-lineage --catalog ml_models --namespace production --asset customer_churn_v2 \\
                --relation trained_on --upstream ml_features.customer_features@2025-12-01
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: AssetOptions
    @Option(help: "A lower_snake relation: trained_on, derived_from, parent_model, input, …") var relation: String
    @Option(help: "The upstream asset, as a reference.") var upstream: String

    func run(client: PangolinClient) async throws {
        let edge = try await client.addLineage(assetID: try await target.find(client).id, upstream: upstream, relation: relation)
        let pin = edge.upstream.version.map { " (pinned to v\($0))" } ?? ""
        Console.current.line("\(target.asset) \(relation) \(upstream)\(pin)")
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

struct Impact: CatalogCommand {
    static let configuration = CommandConfiguration(
        abstract: "List everything downstream of a version of an asset.",
        discussion: "Example:\n  pangolin-user impact --catalog ml_models --namespace ml_features --asset customer_features --version v3")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: AssetOptions
    @Option(help: "The version (default: the current one).") var version: String?

    func run(client: PangolinClient) async throws {
        let graph = try await client.impact(assetID: try await target.find(client).id, version: version)
        let affected = graph.nodes.dropFirst()
        try Console.current.show(graph, json: global.json) {
            Table(headers: ["ASSET", "KIND"], rows: affected.map {
                [$0.redacted ? "(hidden)" : "\($0.catalog ?? "").\($0.namespace ?? "").\($0.name ?? "")", $0.kind?.rawValue ?? ""]
            })
        }
    }
}
