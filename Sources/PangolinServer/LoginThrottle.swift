import Foundation
import PangolinStore
import Synchronization

/// Counts failed logins per account and per client address over a sliding window. Once either has
/// reached its limit, further attempts are refused — before the password is checked, so guessing
/// costs the server nothing — until the oldest failure leaves the window. A successful login clears
/// the account's failures. The failures live in a `LoginFailureLog`: this process's memory, or the
/// database that several instances share, so that failures on any of them count together.
final class LoginThrottle: Sendable {
    /// Limits; a limit of 0 turns that count off.
    struct Policy: Sendable {
        var failuresPerAccount: Int
        var failuresPerAddress: Int
        var window: Duration
    }

    private let policy: Policy
    private let log: any LoginFailureLog

    init(_ policy: Policy, log: any LoginFailureLog = MemoryLoginFailures()) {
        self.policy = policy
        self.log = log
    }

    private var window: TimeInterval {
        Double(policy.window.components.seconds) + Double(policy.window.components.attoseconds) / 1e18
    }

    private static func accountKey(_ account: String) -> String { "account:" + account.lowercased() }
    private static func addressKey(_ address: String) -> String { "address:" + address }

    /// Seconds until an attempt for `account` from `address` is allowed again, or nil when it is
    /// allowed now.
    func retryAfter(account: String, address: String?, now: Date = Date()) async throws -> Int? {
        var limits = [(Self.accountKey(account), policy.failuresPerAccount)]
        if let address { limits.append((Self.addressKey(address), policy.failuresPerAddress)) }
        limits.removeAll { $0.1 <= 0 }
        guard !limits.isEmpty else { return nil }
        let failures = try await log.failures(keys: limits.map(\.0), since: now.addingTimeInterval(-window))
        // When a limit is reached, the failure whose expiry lets the next attempt through.
        let waits = limits.compactMap { key, limit -> Date? in
            let times = failures[key] ?? []
            return times.count >= limit ? times[times.count - limit] : nil
        }
        return waits.max().map { max(1, Int(($0.timeIntervalSince1970 + window - now.timeIntervalSince1970).rounded(.up))) }
    }

    /// Notes a failed attempt.
    func recordFailure(account: String, address: String?, now: Date = Date()) async throws {
        var keys: [String] = []
        if policy.failuresPerAccount > 0 { keys.append(Self.accountKey(account)) }
        if policy.failuresPerAddress > 0, let address { keys.append(Self.addressKey(address)) }
        guard !keys.isEmpty else { return }
        try await log.record(keys: keys, at: now, forgetBefore: now.addingTimeInterval(-window))
    }

    /// Clears an account's failures after it logged in.
    func recordSuccess(account: String) async throws {
        try await log.clear(key: Self.accountKey(account))
    }
}

/// Where failed logins are kept.
protocol LoginFailureLog: Sendable {
    /// The failures under each key since `date`, oldest first.
    func failures(keys: [String], since date: Date) async throws -> [String: [Date]]
    /// Notes a failure under each key; failures before `forgetBefore` no longer count.
    func record(keys: [String], at date: Date, forgetBefore: Date) async throws
    func clear(key: String) async throws
}

/// Failed logins in this process's memory: one server on SQLite.
final class MemoryLoginFailures: LoginFailureLog {
    private let state = Mutex([String: [Date]]())
    /// Entries kept before stale ones are swept, so a flood of names cannot grow memory unbounded.
    private static let sweepThreshold = 10_000

    func failures(keys: [String], since date: Date) async throws -> [String: [Date]] {
        state.withLock { state in
            var found: [String: [Date]] = [:]
            for key in keys {
                let times = state[key, default: []].filter { $0 > date }
                state[key] = times.isEmpty ? nil : times
                found[key] = times
            }
            return found
        }
    }

    func record(keys: [String], at date: Date, forgetBefore: Date) async throws {
        state.withLock { state in
            if state.count > Self.sweepThreshold {
                state = state.filter { $0.value.last.map { $0 > forgetBefore } ?? false }
            }
            for key in keys { state[key, default: []].append(date) }
        }
    }

    func clear(key: String) async throws {
        _ = state.withLock { $0.removeValue(forKey: key) }
    }
}

/// Failed logins in the catalog database, which every instance on it shares.
struct StoreLoginFailures: LoginFailureLog {
    let store: any CatalogStore

    func failures(keys: [String], since date: Date) async throws -> [String: [Date]] {
        try await store.loginFailures(keys: keys, since: date)
    }

    func record(keys: [String], at date: Date, forgetBefore: Date) async throws {
        try await store.recordLoginFailure(keys: keys, at: date, forgetBefore: forgetBefore)
    }

    func clear(key: String) async throws {
        try await store.clearLoginFailures(key: key)
    }
}
