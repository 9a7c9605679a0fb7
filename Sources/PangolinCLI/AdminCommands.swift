import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

struct GrantPermission: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant-permission", abstract: "Grant a role, or actions, on a catalog, namespace or asset to a user.",
        discussion: """
            The scope is the narrowest given: --asset, else --namespace, else --catalog, else the tenant.

            Examples:
              pangolin-admin grant-permission --user data-scientist@company.com --catalog ml_models \\
                --namespace production --role READ
              pangolin-admin grant-permission --user loader --catalog lake --actions read,create
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The user (id, username or email) or service user (id or name).") var user: String
    @OptionGroup var target: ScopeOptions
    @Option(help: "READ, READ_WRITE or ADMIN.") var role: String?
    @Option(help: "Actions instead of a role, comma-separated: read,list,create,update,write,delete,manage-discovery,all.")
    var actions: String?

    func validate() throws {
        if (role == nil) == (actions == nil) { throw ValidationError("give either --role or --actions") }
    }

    func run(client: PangolinClient) async throws {
        let scope = try await target.scope(client)
        let permission: Permission
        if let role {
            guard let builtIn = BuiltInRole(named: role) else { throw CLIError("unknown role '\(role)'; use READ, READ_WRITE or ADMIN", exitCode: 2) }
            permission = try await client.grant(builtIn, to: user, on: scope)
        } else {
            permission = try await client.grant(try CommaList.actions(actions), to: user, on: scope)
        }
        try Console.current.show(permission, json: global.json) {
            Table(headers: ["ID", "USER", "SCOPE", "ACTIONS"],
                  rows: [[permission.id, user, Self.describe(scope: scope), permission.role ?? permission.actions.map(\.rawValue).joined(separator: ",")]])
        }
    }

    static func describe(scope: PermissionScope) -> String {
        switch scope {
        case .tenant: "tenant"
        case .catalog(let catalog): "catalog \(catalog)"
        case .namespace(let catalog, let namespace): "namespace \(catalog).\(namespace)"
        case .asset(let id): "asset \(id)"
        case .label(let label): "label \(label)"
        }
    }
}

struct ListPermissions: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-permissions", abstract: "List grants (yours, or for administrators the tenant's).",
        discussion: "Example:\n  pangolin-admin list-permissions --user data-scientist@company.com")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this user's (id).") var user: String?

    func run(client: PangolinClient) async throws {
        let permissions = try await client.permissions(userID: user)
        try Console.current.show(permissions, json: global.json) {
            Table(headers: ["ID", "USER", "SCOPE", "ACTIONS"], rows: permissions.map {
                [$0.id, $0.userID, GrantPermission.describe(scope: $0.scope), $0.role ?? $0.actions.map(\.rawValue).joined(separator: ",")]
            })
        }
    }
}

struct RevokePermission: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke-permission", abstract: "Revoke a grant by its id.", discussion: "Example:\n  pangolin-admin revoke-permission --id <id>")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The grant's id, from list-permissions.") var id: String

    func run(client: PangolinClient) async throws {
        try await client.revokePermission(id: id)
        Console.current.line("revoked \(id)")
    }
}
