import Logging

extension ServerConfiguration {
    /// The environment variables the server reads, each the fallback for the flag of the same meaning.
    public enum EnvironmentKey: String, CaseIterable, Sendable {
        case host = "PANGOLIN_HOST"
        case port = "PANGOLIN_PORT"
        case dataDirectory = "PANGOLIN_DATA_DIR"
        case rootUsername = "PANGOLIN_ROOT_USER"
        case rootPassword = "PANGOLIN_ROOT_PASSWORD"
        case jwtSecret = "PANGOLIN_JWT_SECRET"
        case storageKey = "PANGOLIN_STORAGE_KEY"
        case tokenLifetimeHours = "PANGOLIN_TOKEN_LIFETIME_HOURS"
        case maxBodyBytes = "PANGOLIN_MAX_BODY_BYTES"
        case bcryptCost = "PANGOLIN_BCRYPT_COST"
        case loginFailuresPerAccount = "PANGOLIN_LOGIN_FAILURES_PER_ACCOUNT"
        case loginFailuresPerAddress = "PANGOLIN_LOGIN_FAILURES_PER_ADDRESS"
        case loginThrottleMinutes = "PANGOLIN_LOGIN_THROTTLE_MINUTES"
        case logLevel = "PANGOLIN_LOG_LEVEL"
        case databaseURL = "PANGOLIN_DATABASE_URL"
    }

    /// Applies the values set in `environment`; empty values count as unset.
    public mutating func apply(environment: [String: String]) throws {
        func value(_ key: EnvironmentKey) -> String? {
            environment[key.rawValue].flatMap { $0.isEmpty ? nil : $0 }
        }
        func number<T: FixedWidthInteger>(_ key: EnvironmentKey, in range: ClosedRange<T>) throws -> T? {
            guard let text = value(key) else { return nil }
            guard let number = T(text), range.contains(number) else {
                throw StartupError("\(key.rawValue) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            }
            return number
        }
        if let host = value(.host) { self.host = host }
        if let port: Int = try number(.port, in: 0...65535) { self.port = port }
        if let directory = value(.dataDirectory) { dataDirectory = directory }
        if let user = value(.rootUsername) { rootUsername = user }
        if let password = value(.rootPassword) { rootPassword = password }
        if let secret = value(.jwtSecret) { jwtSecret = secret }
        if let key = value(.storageKey) { storageKey = key }
        if let url = value(.databaseURL) { databaseURL = url }
        if let hours: Int = try number(.tokenLifetimeHours, in: 1...8760) { tokenLifetime = .seconds(hours * 3600) }
        if let bytes: Int = try number(.maxBodyBytes, in: 1024...(1 << 30)) { maxBodyBytes = bytes }
        if let cost: UInt8 = try number(.bcryptCost, in: 4...31) { bcryptCost = cost }
        if let count: Int = try number(.loginFailuresPerAccount, in: 0...1_000_000) { loginFailuresPerAccount = count }
        if let count: Int = try number(.loginFailuresPerAddress, in: 0...1_000_000) { loginFailuresPerAddress = count }
        if let minutes: Int = try number(.loginThrottleMinutes, in: 1...10_080) { loginThrottleWindow = .seconds(minutes * 60) }
        if let level = value(.logLevel) {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw StartupError("PANGOLIN_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical, not '\(level)'")
            }
            logLevel = parsed
        }
    }
}
