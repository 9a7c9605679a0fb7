import Crypto
import Foundation
import HTTPTypes
import PangolinModel
import PangolinStore

/// API keys of service users: `pgk_<service user id>_<64 hex digits of randomness>`. The id part
/// finds the account with one lookup; only the key's SHA-256 is stored, which is safe for a key of
/// 256 random bits and cheap enough to check on every request (bcrypt is for guessable passwords).
struct APIKeys: Sendable {
    let store: any CatalogStore

    /// A new key for a service user and the hash to store.
    static func generate(for serviceUserID: String) -> (key: String, hash: String) {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let key = "pgk_" + serviceUserID.replacingOccurrences(of: "-", with: "") + "_" + secret
        return (key, hash(key))
    }

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The principal an API key stands for, or a 401 that says why the key is refused.
    func verify(_ key: String) async throws -> Principal {
        let invalid = PangolinError.unauthenticated("the API key is not valid; ask an administrator to rotate it")
        let parts = key.split(separator: "_")
        guard parts.count == 3, parts[0] == "pgk", parts[1].count == 32, let id = Self.uuid(parts[1]) else { throw invalid }
        guard let found = try await store.serviceUserCredentials(id: id), Self.equal(Self.hash(key), found.keyHash) else { throw invalid }
        let user = found.serviceUser
        guard user.active else {
            throw PangolinError.unauthenticated("service user '\(user.name)' is deactivated; an administrator can reactivate it")
        }
        let now = Date()
        if let expiresAt = user.expiresAt, expiresAt <= now {
            throw PangolinError.unauthenticated("the API key of service user '\(user.name)' has expired; rotate it for a new one")
        }
        if user.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
            try await store.touchServiceUser(id: user.id, at: now)
        }
        return Principal(userID: user.id, username: user.principalName, role: user.role, tenantID: user.tenantID)
    }

    private static func uuid(_ hex: Substring) -> String? {
        guard hex.allSatisfy(\.isHexDigit) else { return nil }
        let h = Array(hex)
        return [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }.joined(separator: "-")
    }

    /// Compares without stopping at the first difference.
    private static func equal(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8), b = Array(right.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

let apiKeyHeader = HTTPField.Name("X-API-Key")!
