import Crypto
import Foundation
import PangolinModel

/// Encrypts the secrets of warehouses' storage settings (AES-256-GCM with the server's storage
/// key) before they reach the database, and decrypts them only to hand out credentials. A sealed
/// value reads `sealed:v1:<base64 of nonce, ciphertext and tag>`; which settings are secret is
/// `Secrets.isSecret`'s rule, the same that masks them in answers.
public struct SecretSealer: Sendable {
    static let marker = "sealed:v1:"
    private let key: SymmetricKey

    /// A sealer with a key of 32 bytes.
    public init(key: Data) throws {
        guard key.count == 32 else {
            throw StartupError("the storage key must be 32 bytes (base64 of 32 random bytes), not \(key.count)")
        }
        self.key = SymmetricKey(data: key)
    }

    /// A sealer with a new random key, for a server that keeps nothing.
    public static func ephemeral() -> SecretSealer {
        try! SecretSealer(key: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })  // 32 bytes by construction
    }

    static func isSealed(_ value: String) -> Bool { value.hasPrefix(marker) }

    /// The value sealed, unless it is already.
    func seal(_ value: String) throws -> String {
        if Self.isSealed(value) { return value }
        let box = try AES.GCM.seal(Data(value.utf8), using: key)
        guard let combined = box.combined else { throw PangolinError(.internal, "AES-GCM gave no sealed box") }
        return Self.marker + combined.base64EncodedString()
    }

    /// The plain value of a sealed one (a value never sealed is returned as it is).
    func open(_ value: String) throws -> String {
        guard Self.isSealed(value) else { return value }
        guard let data = Data(base64Encoded: String(value.dropFirst(Self.marker.count))),
              let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: key) else {
            throw PangolinError(.unavailable,
                "a warehouse secret cannot be decrypted with this server's storage key; was the key (PANGOLIN_STORAGE_KEY or <data-dir>/storage-key) replaced? "
                    + "Set the warehouse's secret again with PUT /api/v1/warehouses/{name}")
        }
        return String(decoding: plain, as: UTF8.self)
    }

    /// Storage settings with every secret sealed. A secret sent back masked (as a client that
    /// edits what it read would) keeps the value it replaces from `previous`.
    func seal(_ config: [String: String], previous: [String: String] = [:]) throws -> [String: String] {
        try config.reduce(into: [:]) { sealed, entry in
            guard Secrets.isSecret(entry.key) else { sealed[entry.key] = entry.value; return }
            if entry.value == Secrets.mask {
                guard let kept = previous[entry.key] else {
                    throw PangolinError.invalid("storage_config.\(entry.key) is the mask \(Secrets.mask), and there is no earlier value to keep; send the secret itself")
                }
                sealed[entry.key] = kept
            } else {
                sealed[entry.key] = try seal(entry.value)
            }
        }
    }

    /// A vending strategy with every secret member sealed, masked ones keeping `previous`'s.
    func seal(_ value: JSONValue, previous: JSONValue? = nil) throws -> JSONValue {
        switch value {
        case .object(let members):
            var previousMembers: [String: JSONValue] = [:]
            if case .object(let old)? = previous { previousMembers = old }
            return .object(try members.reduce(into: [:]) { sealed, entry in
                if Secrets.isSecret(entry.key), case .string(let text) = entry.value {
                    if text == Secrets.mask {
                        guard case .string(let kept)? = previousMembers[entry.key] else {
                            throw PangolinError.invalid("vending_strategy member \(entry.key) is the mask \(Secrets.mask), and there is no earlier value to keep; send the secret itself")
                        }
                        sealed[entry.key] = .string(kept)
                    } else {
                        sealed[entry.key] = .string(try seal(text))
                    }
                } else {
                    sealed[entry.key] = try seal(entry.value, previous: previousMembers[entry.key])
                }
            })
        case .array(let items): return .array(try items.map { try seal($0) })
        default: return value
        }
    }

    /// Storage settings with every secret opened.
    func open(_ config: [String: String]) throws -> [String: String] {
        try config.mapValues(open)
    }

    /// A vending strategy with every secret member opened.
    func open(_ value: JSONValue) throws -> JSONValue {
        switch value {
        case .object(let members): .object(try members.mapValues(open))
        case .array(let items): .array(try items.map(open))
        case .string(let text): .string(try open(text))
        default: value
        }
    }

    /// Whether settings hold a secret not yet sealed (stored by an older server).
    static func holdsPlainSecrets(_ config: [String: String], _ strategy: JSONValue?) -> Bool {
        func plain(_ value: JSONValue) -> Bool {
            switch value {
            case .object(let members):
                members.contains { key, member in
                    if Secrets.isSecret(key), case .string(let text) = member { return !isSealed(text) && text != Secrets.mask }
                    return plain(member)
                }
            case .array(let items): items.contains(where: plain)
            default: false
            }
        }
        return config.contains { Secrets.isSecret($0.key) && !isSealed($0.value) } || strategy.map(plain) == true
    }
}
