import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

// Tokens: mint, list, revoke.

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
