import Foundation
import Hummingbird
import PangolinModel

/// Reading query-string parameters with errors that name the parameter.
extension Request {
    /// A positive page size no larger than `maximum`, or `fallback` when absent.
    func limit(default fallback: Int = 100, maximum: Int = 1000) throws -> Int {
        guard let text = uri.queryParameters.get("limit") else { return fallback }
        guard let value = Int(text), value >= 1, value <= maximum else {
            throw PangolinError.invalid("query parameter 'limit' must be a whole number from 1 to \(maximum), not '\(text)'")
        }
        return value
    }

    /// A non-negative offset, or 0 when absent.
    func offset() throws -> Int {
        guard let text = uri.queryParameters.get("offset") else { return 0 }
        guard let value = Int(text), value >= 0 else {
            throw PangolinError.invalid("query parameter 'offset' must be a whole number of 0 or more, not '\(text)'")
        }
        return value
    }

    /// An optional ISO 8601 timestamp parameter.
    func timestamp(_ name: String) throws -> Date? {
        guard let text = uri.queryParameters.get(name) else { return nil }
        guard let date = Timestamps.parse(text) else {
            throw PangolinError.invalid("query parameter '\(name)' must be an ISO 8601 timestamp such as 2025-12-01T10:00:00Z, not '\(text)'")
        }
        return date
    }
}

extension Parameters {
    /// A path parameter, percent-decoded; the router guarantees it is present for the routes
    /// that declare it.
    func text(_ name: String) throws -> String {
        let raw = try require(name)
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return raw }
        guard let decoded = raw.removingPercentEncoding else {
            throw PangolinError.invalid("path segment '\(raw)' is not valid percent-encoding")
        }
        return decoded
    }
}
