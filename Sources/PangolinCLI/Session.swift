import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

/// Options every command takes: which server, which saved login, and the output form.
public struct GlobalOptions: ParsableArguments, Sendable {
    @Option(help: "The catalog's URL (default: PANGOLIN_URL, the profile's, or http://127.0.0.1:8080).")
    public var url: String?

    @Option(help: "The saved login to use (default: PANGOLIN_PROFILE or 'default').")
    public var profile: String?

    @Flag(help: "Print JSON for scripts instead of tables.")
    public var json = false

    public init() {}

    var profileName: String { profile ?? CommandEnvironment.current["PANGOLIN_PROFILE"] ?? "default" }

    /// The URL to use: the flag, PANGOLIN_URL, the profile's, or the local default.
    func resolvedURL(_ saved: Profile?) throws -> URL {
        let text = url ?? CommandEnvironment.current["PANGOLIN_URL"] ?? saved?.url ?? "http://127.0.0.1:8080"
        guard let parsed = URL(string: text), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
            throw ValidationError("'\(text)' is not a catalog URL; write it as http://host:port")
        }
        return parsed
    }

    /// A client for the command: PANGOLIN_TOKEN, or the profile's saved token.
    func client() throws -> PangolinClient {
        let saved = try Profiles.load().profiles[profileName]
        let token = CommandEnvironment.current["PANGOLIN_TOKEN"] ?? saved?.token
        return PangolinClient(url: try resolvedURL(saved), credential: token.map { .token($0) })
    }
}

/// A saved login; after logout only the URL and username stay.
struct Profile: Codable, Sendable {
    var url: String
    var username: String
    var token: String?
    var expiresAt: Date?
}

/// The profile file, `$PANGOLIN_CONFIG_DIR/profiles.json` (default `~/.config/pangolin`), readable
/// only by its owner since it holds tokens.
struct Profiles: Codable, Sendable {
    var profiles: [String: Profile] = [:]

    static var file: URL {
        let environment = CommandEnvironment.current
        let directory = environment["PANGOLIN_CONFIG_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config/pangolin")
        return directory.appendingPathComponent("profiles.json")
    }

    static func load() throws -> Profiles {
        guard let data = try? Data(contentsOf: file) else { return Profiles() }
        do {
            return try JSONDecoder.profiles.decode(Profiles.self, from: data)
        } catch {
            throw CLIError("\(file.path) is not a profile file this tool can read (\(error)); delete it and log in again")
        }
    }

    func save() throws {
        let directory = Self.file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(self)
        // Created with owner-only permissions before the token is written into it.
        if !FileManager.default.fileExists(atPath: Self.file.path) {
            FileManager.default.createFile(atPath: Self.file.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: Self.file.path)
        try data.write(to: Self.file)
    }
}

extension JSONDecoder {
    static var profiles: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// A failure worded for the person at the terminal, with the exit status scripts can test.
public struct CLIError: Error, CustomStringConvertible {
    public var description: String
    public var exitCode: Int32

    public init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}

/// Exit statuses: 0 success, 1 other failures, 2 the server refused the input, 3 not logged in or
/// not allowed, 4 not found, 5 conflict, 6 the server could not be reached, 64 bad command line.
enum Exit {
    static func status(for error: Error) -> (message: String, code: Int32) {
        switch error {
        case let error as PangolinError:
            let code: Int32 = switch error.code {
            case .invalidInput: 2
            case .unauthenticated: 3
            case .forbidden: 3
            case .notFound: 4
            case .conflict: 5
            default: 1
            }
            let hint = error.code == .unauthenticated ? " (log in with `login`, or set PANGOLIN_TOKEN)" : ""
            return (error.message + hint, code)
        case let error as PangolinClientError:
            if case .unreachable = error { return (error.description, 6) }
            return (error.description, 1)
        case let error as CLIError:
            return (error.description, error.exitCode)
        default:
            return ("\(error)", 1)
        }
    }
}

/// A command that talks to the catalog: runs `body` and turns failures into one line on standard
/// error and an exit status.
protocol CatalogCommand: AsyncParsableCommand {
    var global: GlobalOptions { get }
    func run(client: PangolinClient) async throws
}

extension CatalogCommand {
    public func run() async throws {
        do {
            try await run(client: try global.client())
        } catch let error as ValidationError {
            throw error
        } catch {
            let (message, code) = Exit.status(for: error)
            Console.current.error("error: \(message)")
            throw ExitCode(code)
        }
    }
}
