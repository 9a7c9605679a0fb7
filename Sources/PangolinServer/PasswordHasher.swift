import HummingbirdBcrypt
import NIOPosix
import Foundation

/// bcrypt hashing off the request threads: a hash takes a noticeable fraction of a second by design.
public struct PasswordHasher: Sendable {
    /// The bcrypt work factor.
    public let cost: UInt8

    /// A hash of a random password, compared against when a username does not exist so that a
    /// wrong username takes as long to refuse as a wrong password.
    public let decoyHash: String

    public init(cost: UInt8) {
        self.cost = cost
        self.decoyHash = Bcrypt.hash(UUID().uuidString, cost: cost)
    }

    /// Shortest accepted password.
    public static let minimumLength = 8

    public func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
