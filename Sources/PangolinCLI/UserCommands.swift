import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

// Users: create, list, update and delete.

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
        guard let password = password ?? CommandEnvironment.current["PANGOLIN_NEW_PASSWORD"] else {
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
