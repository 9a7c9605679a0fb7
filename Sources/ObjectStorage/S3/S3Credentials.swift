import Foundation

/// The keys an S3 request is signed with.
public struct S3Credentials: Sendable, Hashable {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// For temporary credentials.
    public var sessionToken: String?
    /// Where the keys came from, for messages that say which keys to check.
    public var source: String

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "the store's configuration") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }

    /// The credentials found the usual way, in order: `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY` (with `AWS_SESSION_TOKEN`), then the profile `AWS_PROFILE` (or
    /// `default`) of `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`); nil when there are none.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> S3Credentials? {
        if let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty {
            guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
                throw ObjectStorageError(.denied, key: "", "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or neither to use ~/.aws/credentials")
            }
            return S3Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
                                 source: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        let profile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let path = environment["AWS_SHARED_CREDENTIALS_FILE"]
            ?? (environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path) + "/.aws/credentials"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            if environment["AWS_PROFILE"] != nil {
                throw ObjectStorageError(.denied, key: "", "AWS_PROFILE is '\(profile)' but \(path) cannot be read; create it, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
            }
            return nil
        }
        let sections = Self.ini(text)
        guard let values = sections[profile] else {
            if environment["AWS_PROFILE"] != nil {
                throw ObjectStorageError(.denied, key: "", "\(path) has no profile [\(profile)] (AWS_PROFILE); it has: \(sections.keys.sorted().joined(separator: ", "))")
            }
            return nil
        }
        guard let key = values["aws_access_key_id"], let secret = values["aws_secret_access_key"] else {
            throw ObjectStorageError(.denied, key: "", "profile [\(profile)] of \(path) lacks aws_access_key_id or aws_secret_access_key")
        }
        return S3Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: values["aws_session_token"],
                             source: "profile [\(profile)] of \(path)")
    }

    /// `[section]` and `key = value` lines; comments start with `#` or `;`.
    static func ini(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("profile ") { name = String(name.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
                current = name
                sections[name, default: [:]] = sections[name, default: [:]]
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            sections[current]?[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return sections
    }
}
