import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in and save the token in a profile readable only by you.",
        discussion: """
            The password comes from --password, PANGOLIN_PASSWORD, or the terminal.

            Example:
              pangolin-admin login --url http://127.0.0.1:8080 --username admin
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Your username.") var username: String
    @Option(help: "Your password (prefer PANGOLIN_PASSWORD or the prompt: command lines are visible to others).")
    var password: String?
    @Option(help: "The tenant to log in to, for accounts in several.") var tenant: String?

    func run() async throws {
        let password = try self.password ?? CommandEnvironment.current["PANGOLIN_PASSWORD"] ?? Self.prompt()
        var profiles = try Profiles.load()
        let url = try global.resolvedURL(profiles.profiles[global.profileName])
        let client = PangolinClient(url: url)
        do {
            let result = try await client.login(username: username, password: password, tenantID: tenant)
            profiles.profiles[global.profileName] = Profile(url: url.absoluteString, username: username, token: result.token,
                                                            expiresAt: result.expiresAt)
            try profiles.save()
            Console.current.line("logged in to \(url.absoluteString) as \(username) (profile '\(global.profileName)')")
        } catch {
            let (message, code) = Exit.status(for: error)
            Console.current.error("error: \(message)")
            throw ExitCode(code)
        }
    }

    static func prompt() throws -> String {
        guard let entered = getpass("Password: ").map({ String(cString: $0) }), !entered.isEmpty else {
            throw ValidationError("no password given; use --password, PANGOLIN_PASSWORD or type it at the prompt")
        }
        return entered
    }
}

struct Logout: CatalogCommand {
    static let configuration = CommandConfiguration(
        abstract: "Revoke the saved token and forget it (the profile keeps its URL).", discussion: "Example:\n  pangolin-user logout")

    @OptionGroup var global: GlobalOptions

    func run(client: PangolinClient) async throws {
        var profiles = try Profiles.load()
        guard profiles.profiles[global.profileName]?.token != nil else {
            throw CLIError("no saved login in profile '\(global.profileName)'")
        }
        // A token the server already refuses is forgotten all the same.
        do { try await client.logout() } catch let error as PangolinError where error.code == .unauthenticated {}
        profiles.profiles[global.profileName]?.token = nil
        profiles.profiles[global.profileName]?.expiresAt = nil
        try profiles.save()
        Console.current.line("logged out (profile '\(global.profileName)')")
    }
}

struct WhoAmI: CatalogCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Show the account of the saved login.", discussion: "Example:\n  pangolin-user whoami --json")

    @OptionGroup var global: GlobalOptions

    func run(client: PangolinClient) async throws {
        let user = try await client.me()
        try Console.current.show(user, json: global.json) {
            Table(headers: ["USERNAME", "ROLE", "TENANT", "EMAIL"], rows: [[user.username, user.role.rawValue, user.tenantID ?? "-", user.email ?? ""]])
        }
    }
}
