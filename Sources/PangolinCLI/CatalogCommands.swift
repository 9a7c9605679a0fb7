import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

// Catalogs and namespaces: list and create.

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
