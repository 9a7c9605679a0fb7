/// An error that the catalog reports to its callers: a stable code, a message written for the
/// person reading it, and optionally the underlying cause.
public struct PangolinError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; decides the HTTP status and the `code` on the wire.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidInput = "invalid_input"
            case unauthenticated
            case forbidden
            case notFound = "not_found"
            case conflict
            case preconditionFailed = "precondition_failed"
            case payloadTooLarge = "payload_too_large"
            case unsupportedMediaType = "unsupported_media_type"
            case tooManyRequests = "too_many_requests"
            case unavailable
            case `internal`
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The request is malformed or names something invalid (400).
        public static let invalidInput = Code(.invalidInput)
        /// No valid credentials were presented (401).
        public static let unauthenticated = Code(.unauthenticated)
        /// The caller is known but may not do this (403).
        public static let forbidden = Code(.forbidden)
        /// The named resource does not exist (404).
        public static let notFound = Code(.notFound)
        /// The request conflicts with the current state: duplicate name, stale version (409).
        public static let conflict = Code(.conflict)
        /// A precondition header did not match (412).
        public static let preconditionFailed = Code(.preconditionFailed)
        /// The request body is larger than the server accepts (413).
        public static let payloadTooLarge = Code(.payloadTooLarge)
        /// The request body is not JSON (415).
        public static let unsupportedMediaType = Code(.unsupportedMediaType)
        /// The caller is being throttled (429).
        public static let tooManyRequests = Code(.tooManyRequests)
        /// A dependency such as the database is not available (503).
        public static let unavailable = Code(.unavailable)
        /// A fault inside the server; never used for a caller's mistake (500).
        public static let `internal` = Code(.internal)

        /// The snake_case name sent as `error.code`.
        public var description: String { base.rawValue }

        /// The code a server sent as `error.code`; nil for a name this version does not know.
        public init?(wireName: String) {
            guard let base = Base(rawValue: wireName) else { return nil }
            self.base = base
        }

        /// The HTTP status each kind of failure is reported with; the one table the server
        /// answers by and the client reads answers by.
        private static let statuses: [(Code, Int)] = [
            (.invalidInput, 400), (.unauthenticated, 401), (.forbidden, 403), (.notFound, 404), (.conflict, 409),
            (.preconditionFailed, 412), (.payloadTooLarge, 413), (.unsupportedMediaType, 415), (.tooManyRequests, 429),
            (.unavailable, 503), (.internal, 500),
        ]

        /// The HTTP status this failure is answered with.
        public var httpStatus: Int { Self.statuses.first { $0.0 == self }?.1 ?? 500 }

        /// The code an HTTP status stands for: other 4xx statuses (405, 422, …) are the caller's
        /// mistake, other 5xx a fault of the server.
        public init(httpStatus: Int) {
            if let known = Self.statuses.first(where: { $0.1 == httpStatus }) {
                self = known.0
            } else {
                self = httpStatus < 500 && httpStatus >= 400 ? .invalidInput : .internal
            }
        }

        /// Whether the caller can fix this failure (a 4xx status).
        public var isClientError: Bool { httpStatus < 500 }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence saying what was wrong and, where it helps, what to do.
    public var message: String
    /// For a throttled request, how many seconds to wait before trying again.
    public var retryAfterSeconds: Int?

    /// Creates an error with a code and a message for the reader.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// A 400 error.
    public static func invalid(_ message: String) -> PangolinError { .init(.invalidInput, message) }
    /// A 404 error.
    public static func notFound(_ message: String) -> PangolinError { .init(.notFound, message) }
    /// A 409 error.
    public static func conflict(_ message: String) -> PangolinError { .init(.conflict, message) }
    /// A 403 error.
    public static func forbidden(_ message: String) -> PangolinError { .init(.forbidden, message) }
    /// A 401 error.
    public static func unauthenticated(_ message: String) -> PangolinError { .init(.unauthenticated, message) }
}
