import Foundation
import Synchronization

/// Counts failed logins per account and per client address over a sliding window. Once either has
/// reached its limit, further attempts are refused — before the password is checked, so guessing
/// costs the server nothing — until the oldest failure leaves the window. A successful login clears
/// the account's failures.
final class LoginThrottle: Sendable {
    /// Limits; a limit of 0 turns that count off.
    struct Policy: Sendable {
        var failuresPerAccount: Int
        var failuresPerAddress: Int
        var window: Duration
    }

    private struct State {
        var accounts: [String: [Date]] = [:]
        var addresses: [String: [Date]] = [:]
    }

    private let policy: Policy
    private let state = Mutex(State())
    /// Entries kept before stale ones are swept, so a flood of names cannot grow memory unbounded.
    private static let sweepThreshold = 10_000

    init(_ policy: Policy) {
        self.policy = policy
    }

    private var window: TimeInterval {
        Double(policy.window.components.seconds) + Double(policy.window.components.attoseconds) / 1e18
    }

    /// Seconds until an attempt for `account` from `address` is allowed again, or nil when it is
    /// allowed now.
    func retryAfter(account: String, address: String?, now: Date = Date()) -> Int? {
        let cutoff = now.addingTimeInterval(-window)
        return state.withLock { state in
            var waits: [TimeInterval] = []
            if let wait = Self.wait(&state.accounts, key: account.lowercased(), limit: policy.failuresPerAccount, cutoff: cutoff) {
                waits.append(wait)
            }
            if let address, let wait = Self.wait(&state.addresses, key: address, limit: policy.failuresPerAddress, cutoff: cutoff) {
                waits.append(wait)
            }
            return waits.max().map { max(1, Int(($0 + window - now.timeIntervalSince1970).rounded(.up))) }
        }
    }

    /// Notes a failed attempt.
    func recordFailure(account: String, address: String?, now: Date = Date()) {
        let cutoff = now.addingTimeInterval(-window)
        state.withLock { state in
            if policy.failuresPerAccount > 0 { Self.append(now, to: &state.accounts, key: account.lowercased(), cutoff: cutoff) }
            if policy.failuresPerAddress > 0, let address { Self.append(now, to: &state.addresses, key: address, cutoff: cutoff) }
        }
    }

    /// Clears an account's failures after it logged in.
    func recordSuccess(account: String) {
        _ = state.withLock { $0.accounts.removeValue(forKey: account.lowercased()) }
    }

    /// When the limit is reached, the time (since 1970) of the failure whose expiry lets the next
    /// attempt through.
    private static func wait(_ failures: inout [String: [Date]], key: String, limit: Int, cutoff: Date) -> TimeInterval? {
        guard limit > 0, var times = failures[key] else { return nil }
        times.removeAll { $0 <= cutoff }
        failures[key] = times.isEmpty ? nil : times
        guard times.count >= limit else { return nil }
        return times[times.count - limit].timeIntervalSince1970
    }

    private static func append(_ time: Date, to failures: inout [String: [Date]], key: String, cutoff: Date) {
        if failures.count > sweepThreshold {
            failures = failures.filter { $0.value.last.map { $0 > cutoff } ?? false }
        }
        failures[key, default: []].append(time)
    }
}
