import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

// Service users: create, list, rotate their keys, delete.

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
