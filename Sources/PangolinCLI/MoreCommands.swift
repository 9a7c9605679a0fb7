import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

struct CreateCatalog: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-catalog", abstract: "Create a catalog.", discussion: "Example:\n  pangolin-admin create-catalog --name ml_models --warehouse ml_warehouse")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The catalog's name.") var name: String
    @Option(help: "The warehouse that stores its data.") var warehouse: String?

    func run(client: PangolinClient) async throws {
        let catalog = try await client.createCatalog(name: name, warehouse: warehouse)
        Console.current.line("created catalog \(catalog.name)")
    }
}

struct CreateNamespace: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-namespace", abstract: "Create a namespace (its parent must exist).",
        discussion: "Example:\n  pangolin-user create-namespace --catalog ml_models --namespace production")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The catalog.") var catalog: String
    @Option(help: "The namespace, dotted.") var namespace: String

    func run(client: PangolinClient) async throws {
        let created = try await client.createNamespace(try NamespacePath(parsing: namespace), in: catalog)
        Console.current.line("created namespace \(catalog).\(created.path.dotted)")
    }
}

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

struct RequestAccess: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-access", abstract: "Ask to read a discoverable asset you found in search (by its id).",
        discussion: "Example:\n  pangolin-user request-access --asset-id <id from search> --reason \"quarterly report\"")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The asset's id, as search shows it.") var assetID: String
    @Option(help: "Why you need it.") var reason: String?

    func run(client: PangolinClient) async throws {
        let request = try await client.requestAccess(assetID: assetID, reason: reason)
        Console.current.line("requested access: \(request.id) (\(request.status.rawValue))")
    }
}

struct ListTokens: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-tokens", abstract: "List your tokens (never their text).", discussion: "Example:\n  pangolin-user list-tokens")
    @OptionGroup var global: GlobalOptions

    func run(client: PangolinClient) async throws {
        let tokens = try await client.myTokens()
        let format = ISO8601DateFormatter()
        try Console.current.show(tokens, json: global.json) {
            Table(headers: ["ID", "SOURCE", "ISSUED", "EXPIRES", "REVOKED"], rows: tokens.map {
                [$0.id, $0.source.rawValue, format.string(from: $0.issuedAt), format.string(from: $0.expiresAt), $0.revoked ? "yes" : "no"]
            })
        }
    }
}

struct RevokeToken: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke-token", abstract: "Revoke a token by its id.", discussion: "Example:\n  pangolin-user revoke-token --id <id from list-tokens>")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The token's id.") var id: String

    func run(client: PangolinClient) async throws {
        try await client.revokeToken(id: id)
        Console.current.line("revoked token \(id)")
    }
}

struct ListServiceUsers: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-service-users", abstract: "List the tenant's service users.", discussion: "Example:\n  pangolin-admin list-service-users")
    @OptionGroup var global: GlobalOptions

    func run(client: PangolinClient) async throws {
        let users = try await client.serviceUsers()
        try Console.current.show(users, json: global.json) {
            Table(headers: ["ID", "NAME", "ROLE", "ACTIVE"], rows: users.map { [$0.id, $0.name, $0.role.rawValue, $0.active ? "yes" : "no"] })
        }
    }
}

struct RotateKey: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-key", abstract: "Replace a service user's API key; the new key is printed once.",
        discussion: "Example:\n  pangolin-admin rotate-key --id <service user id>")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The service user's id.") var id: String

    func run(client: PangolinClient) async throws {
        Console.current.line(try await client.rotateServiceUserKey(id: id).apiKey)
    }
}

struct DeleteServiceUser: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-service-user", abstract: "Delete a service user; its key stops working.",
        discussion: "Example:\n  pangolin-admin delete-service-user --id <service user id>")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The service user's id.") var id: String

    func run(client: PangolinClient) async throws {
        try await client.deleteServiceUser(id: id)
        Console.current.line("deleted service user \(id)")
    }
}

struct CreateRole: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-role", abstract: "Create a custom role holding actions on one scope.",
        discussion: "Example:\n  pangolin-admin create-role --name analysts --catalog lake --namespace reports --actions read")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The role's name.") var name: String
    @Option(help: "A description.") var description: String?
    @OptionGroup var target: ScopeOptions
    @Option(help: "Actions, comma-separated.") var actions = "read"

    func run(client: PangolinClient) async throws {
        let scope = try await target.scope(client)
        let role = try await client.createRole(
            name: name, description: description, permissions: [PermissionGrant(scope: scope, actions: try CommaList.actions(actions))])
        Console.current.line("created role \(role.name) (\(role.id))")
    }
}

struct DeleteRole: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-role", abstract: "Delete a custom role, taking it from everyone who holds it.",
        discussion: "Example:\n  pangolin-admin delete-role --id <role id>")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The role's id.") var id: String

    func run(client: PangolinClient) async throws {
        try await client.deleteRole(id: id)
        Console.current.line("deleted role \(id)")
    }
}
