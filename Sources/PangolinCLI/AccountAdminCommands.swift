import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

struct CreateUser: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user", abstract: "Create a user in your tenant (or, for root, in --tenant-id).",
        discussion: "Example:\n  pangolin-admin create-user --username data-scientist@company.com --email data-scientist@company.com")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The username.") var username: String
    @Option(help: "An email address.") var email: String?
    @Option(help: "TenantUser or TenantAdmin.") var role = "TenantUser"
    @Option(help: "The password (prefer PANGOLIN_NEW_PASSWORD).") var password: String?
    @Option(help: "The tenant (root only).") var tenantID: String?

    func run(client: PangolinClient) async throws {
        guard let password = password ?? ProcessInfo.processInfo.environment["PANGOLIN_NEW_PASSWORD"] else {
            throw CLIError("give the new user's password with --password or PANGOLIN_NEW_PASSWORD", exitCode: 2)
        }
        let user = try await client.createUser(username: username, email: email, role: try UserRole(parsing: role), password: password, tenantID: tenantID)
        try Console.current.show(user, json: global.json) { Users.table([user]) }
    }
}

struct ListUsers: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-users", abstract: "List users.", discussion: "Example:\n  pangolin-admin list-users --json")
    @OptionGroup var global: GlobalOptions

    func run(client: PangolinClient) async throws {
        let users = try await client.users()
        try Console.current.show(users, json: global.json) { Users.table(users) }
    }
}

struct UpdateUser: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "update-user", abstract: "Change a user's email, role or whether it is active (a role change or deactivation revokes its tokens).",
        discussion: "Example:\n  pangolin-admin update-user --id <user id> --deactivate")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The user's id.") var id: String
    @Option(help: "A new email.") var email: String?
    @Option(help: "TenantUser or TenantAdmin.") var role: String?
    @Flag(help: "Deactivate the account.") var deactivate = false
    @Flag(help: "Reactivate the account.") var activate = false

    func run(client: PangolinClient) async throws {
        if deactivate && activate { throw ValidationError("give --activate or --deactivate, not both") }
        let active: Bool? = deactivate ? false : activate ? true : nil
        let user = try await client.updateUser(id: id, email: email, role: try role.map(UserRole.init(parsing:)), active: active)
        try Console.current.show(user, json: global.json) { Users.table([user]) }
    }
}

struct DeleteUser: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-user", abstract: "Delete a user with its grants; its tokens stop working.",
        discussion: "Example:\n  pangolin-admin delete-user --id <user id>")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The user's id.") var id: String

    func run(client: PangolinClient) async throws {
        try await client.deleteUser(id: id)
        Console.current.line("deleted user \(id)")
    }
}

enum Users {
    static func table(_ users: [User]) -> Table {
        Table(headers: ["ID", "USERNAME", "ROLE", "ACTIVE", "EMAIL"], rows: users.map {
            [$0.id, $0.username, $0.role.rawValue, $0.active ? "yes" : "no", $0.email ?? ""]
        })
    }
}

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

struct CreateServiceUser: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-service-user", abstract: "Create a service user; its API key is printed once.",
        discussion: "Example:\n  pangolin-admin create-service-user --name nightly-loader --expires-in-days 90")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The name.") var name: String
    @Option(help: "TenantUser or TenantAdmin.") var role = "TenantUser"
    @Option(help: "A description.") var description: String?
    @Option(help: "Days until the key stops working.") var expiresInDays: Int?

    func run(client: PangolinClient) async throws {
        let created = try await client.createServiceUser(name: name, role: try UserRole(parsing: role), description: description, expiresInDays: expiresInDays)
        try Console.current.show(["service_user_id": created.serviceUser.id, "api_key": created.apiKey], json: global.json) {
            Table(headers: ["ID", "NAME", "API KEY (shown once)"], rows: [[created.serviceUser.id, name, created.apiKey]])
        }
    }
}

struct MintToken: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "mint-token", abstract: "Mint a token for yourself or a user you administer; it is printed once.",
        discussion: "Example:\n  pangolin-admin mint-token --username ci-bot --hours 12")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Whose token (default: yours).") var username: String?
    @Option(help: "Hours until it expires.") var hours = 24

    func run(client: PangolinClient) async throws {
        let minted = try await client.mintToken(for: username, hours: hours)
        if global.json {
            try Console.current.show(["token": minted.token, "token_id": minted.tokenID], json: true) { Table(headers: [], rows: []) }
        } else {
            Console.current.line(minted.token)
        }
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

extension AuditAction: ExpressibleByArgument {}

struct Audit: CatalogCommand {
    static let configuration = CommandConfiguration(
        abstract: "List audit events, newest first, or verify the hash chain.",
        discussion: "Examples:\n  pangolin-admin audit --action grant_permission\n  pangolin-admin audit --verify")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this action (grant_permission, delete_asset, deny, …).") var action: AuditAction?
    @Option(help: "How many.") var limit = 50
    @Flag(help: "Walk the whole chain and report the first event that does not check out (root).") var verify = false

    func run(client: PangolinClient) async throws {
        if verify {
            let report = try await client.verifyAuditChain()
            try Console.current.show(report, json: global.json) {
                Table(headers: ["VALID", "EVENTS"], rows: [[report.valid ? "yes" : "NO", String(report.eventsChecked)]])
            }
            if !report.valid { throw ExitCode(1) }
            return
        }
        let events = try await client.auditEvents(action: action, limit: limit)
        try Console.current.show(events, json: global.json) {
            Table(headers: ["TIME", "USER", "ACTION", "RESOURCE", "RESULT"], rows: events.map {
                [ISO8601DateFormatter().string(from: $0.timestamp), $0.username ?? "-", $0.action, $0.resourceName ?? $0.resourceID ?? "", $0.result.rawValue]
            })
        }
    }
}
