import Hummingbird
import NIOCore
import PangolinModel

/// Per-request state for every route: who is calling, when a credential was presented, and from where.
public struct PangolinRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller's address, for the audit log.
    public let remoteAddress: String?
    /// Set by `AuthenticationMiddleware` once a token has been verified.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
        self.principal = nil
    }
}

/// The context of routes that require a caller: its principal is never missing.
public struct AuthenticatedContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let principal: Principal
    public let remoteAddress: String?

    public init(context: PangolinRequestContext) throws {
        guard let principal = context.principal else {
            throw PangolinError.unauthenticated(
                "this endpoint needs a token: log in with POST /api/v1/users/login and send 'Authorization: Bearer <token>'")
        }
        self.coreContext = context.coreContext
        self.principal = principal
        self.remoteAddress = context.remoteAddress
    }

    /// Who to record in the audit log for a change made by this request.
    func actor(_ request: Request) -> AuditActor {
        AuditActor(
            userID: principal.userID, username: principal.username, ipAddress: remoteAddress,
            userAgent: request.headers[.userAgent])
    }
}
