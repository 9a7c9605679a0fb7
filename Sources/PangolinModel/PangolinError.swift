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
    /// What the error is about: the kind of resource that is missing (404), or that already
    /// exists or still holds others (409). Sent as `error.resource`.
    public var resource: ResourceKind?
    /// For a conflict about `resource`: why it stands in the way.
    public var conflict: Conflict?

    /// Why a resource makes a change conflict.
    public enum Conflict: String, Sendable, Hashable, Codable {
        /// One of that name is there already.
        case exists
        /// It still holds others, so it cannot be deleted.
        case notEmpty = "not_empty"
    }

    /// Creates an error with a code and a message for the reader.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// A 400 error.
    public static func invalid(_ message: String) -> PangolinError { .init(.invalidInput, message) }
    /// A 404 error: no `resource` of that kind is there (or the caller may not know of it).
    public static func notFound(_ resource: ResourceKind, _ message: String) -> PangolinError {
        var error = PangolinError(.notFound, message)
        error.resource = resource
        return error
    }
    /// A 409 error.
    public static func conflict(_ message: String) -> PangolinError { .init(.conflict, message) }
    /// A 409 error: a `resource` of that name exists already.
    public static func exists(_ resource: ResourceKind, _ message: String) -> PangolinError {
        var error = PangolinError(.conflict, message)
        (error.resource, error.conflict) = (resource, .exists)
        return error
    }
    /// A 409 error: the `resource` still holds others and cannot be deleted.
    public static func notEmpty(_ resource: ResourceKind, _ message: String) -> PangolinError {
        var error = PangolinError(.conflict, message)
        (error.resource, error.conflict) = (resource, .notEmpty)
        return error
    }
    /// A 403 error.
    public static func forbidden(_ message: String) -> PangolinError { .init(.forbidden, message) }
    /// A 401 error.
    public static func unauthenticated(_ message: String) -> PangolinError { .init(.unauthenticated, message) }
}

/// The kinds of resource the catalog keeps, as errors name them.
public enum ResourceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case tenant, warehouse, catalog, namespace, asset, table, version
    case versionTag = "tag"
    case metadata
    case lineageEdge = "lineage_edge"
    case user
    case serviceUser = "service_user"
    case role, permission
    case accessRequest = "access_request"
    case token
    case auditEvent = "audit_event"
}

/// The body of every error answer on Pangolin's paths, `{"error": {"code", "message", …}}`: what
/// the server sends and the client reads.
public struct ErrorEnvelope: Codable, Sendable, Hashable {
    public struct Detail: Codable, Sendable, Hashable {
        /// The `PangolinError.Code`'s wire name.
        public var code: String
        public var message: String
        public var resource: ResourceKind?
        public var conflict: PangolinError.Conflict?

        enum CodingKeys: String, CodingKey {
            case code, message, resource, conflict
        }

        public init(code: String, message: String, resource: ResourceKind? = nil, conflict: PangolinError.Conflict? = nil) {
            self.code = code
            self.message = message
            self.resource = resource
            self.conflict = conflict
        }

        /// Reads what this version knows and ignores the rest: a numeric `code` (Iceberg's
        /// shape) or a resource kind added later does not make the error unreadable.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try container.decode(String.self, forKey: .message)
            code = (try? container.decode(String.self, forKey: .code)) ?? ""
            resource = (try? container.decodeIfPresent(ResourceKind.self, forKey: .resource)) ?? nil
            conflict = (try? container.decodeIfPresent(PangolinError.Conflict.self, forKey: .conflict)) ?? nil
        }
    }

    public var error: Detail

    public init(_ error: PangolinError) {
        self.error = Detail(code: error.code.description, message: error.message, resource: error.resource, conflict: error.conflict)
    }

    /// The error the server reported; `status` decides the code when the body names none this
    /// version knows.
    public func pangolinError(status: Int) -> PangolinError {
        var result = PangolinError(PangolinError.Code(wireName: error.code) ?? PangolinError.Code(httpStatus: status), error.message)
        result.resource = error.resource
        result.conflict = error.conflict
        return result
    }
}
