import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

// Roles, grants and access requests.

struct ListRoles: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-roles", abstract: "List the built-in and custom roles.", discussion: "Example:\n  pangolin-admin list-roles")
    @OptionGroup var global: GlobalOptions

    func run(client: PangolinClient) async throws {
        let roles = try await client.roles()
        try Console.current.show(roles, json: global.json) {
            Table(headers: ["ID", "NAME", "GRANTS", "DESCRIPTION"], rows: roles.map { [$0.id, $0.name, String($0.permissions.count), $0.description ?? ""] })
        }
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

struct AssignRole: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign-role", abstract: "Assign a custom role (by id or name) to a user or service user.",
        discussion: "Example:\n  pangolin-admin assign-role --user <user id> --role analysts")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The user or service user's id.") var user: String
    @Option(help: "The role's id or name.") var role: String

    func run(client: PangolinClient) async throws {
        try await client.assignRole(role, to: user)
        Console.current.line("assigned \(role) to \(user)")
    }
}

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

struct ListAccessRequests: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-access-requests", abstract: "List access requests, pending first.",
        discussion: "Example:\n  pangolin-admin list-access-requests")
    @OptionGroup var global: GlobalOptions

    func run(client: PangolinClient) async throws {
        let requests = try await client.accessRequests()
        try Console.current.show(requests, json: global.json) {
            Table(headers: ["ID", "ASSET", "USER", "STATUS", "REASON"], rows: requests.map {
                [$0.id, $0.assetID, $0.username, $0.status.rawValue, $0.reason ?? ""]
            })
        }
    }
}

struct ReviewAccessRequest: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "review-access-request", abstract: "Approve (granting read) or deny an access request.",
        discussion: "Example:\n  pangolin-admin review-access-request --id <id> --approve --comment \"for Q3 only\"")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The request's id.") var id: String
    @Flag(help: "Approve it.") var approve = false
    @Flag(help: "Deny it.") var deny = false
    @Option(help: "A comment for the requester.") var comment: String?

    func validate() throws {
        if approve == deny { throw ValidationError("give exactly one of --approve or --deny") }
    }

    func run(client: PangolinClient) async throws {
        let reviewed = try await client.review(accessRequest: id, approve: approve, comment: comment)
        Console.current.line("\(reviewed.id): \(reviewed.status.rawValue)")
    }
}
