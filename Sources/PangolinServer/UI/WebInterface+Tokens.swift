import Foundation
import Hummingbird
import PangolinModel

/// "My tokens": the viewer's tokens, the session's own among them, each revocable.
extension WebInterface {
    struct TokensView {
        let session: SessionView
        let tokens: [TokenRow]
    }

    struct TokenRow {
        let id: String
        let source: String
        let issued: String
        let expires: String
        let state: String
        let current: Bool
        let revocable: Bool
        let revokeLink: String
    }

    @Sendable func tokensPage(request: Request, context: AuthenticatedContext) async throws -> Response {
        let tokens = try await TokenController(services: services).listMine(request: request.forAPI(path: "/api/v1/users/me/tokens?limit=1000"), context: context).value
        let now = Date()
        return renderer.page("tokens", TokensView(session: session(request, context), tokens: tokens.map { token in
            let state = token.revoked ? "revoked" : token.expiresAt <= now ? "expired" : "active"
            return TokenRow(
                id: token.id, source: token.source.rawValue, issued: WebDates.text(token.issuedAt), expires: WebDates.text(token.expiresAt),
                state: state, current: token.id == context.principal.tokenID, revocable: state == "active",
                revokeLink: "/ui/tokens/\(WebPaths.segment(token.id))/revoke")
        }))
    }

    /// Revokes one of the viewer's tokens; revoking the session's own logs out.
    @Sendable func revokeToken(request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await form(request)
        _ = try await TokenController(services: services).delete(request: request.forAPI(), context: context)
        if try context.parameters.text("token_id") == context.principal.tokenID {
            return PageRenderer.redirect(to: "/ui/login", headers: [.setCookie: WebSession.setCookie(WebSession.cookieName, "", expires: nil, request: request)])
        }
        return PageRenderer.redirect(to: "/ui/tokens")
    }
}
