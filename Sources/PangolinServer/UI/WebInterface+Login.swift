import Foundation
import HTTPTypes
import Hummingbird
import PangolinModel

/// Logging in and out: the API's login (with its throttle and audit) behind a form, and a session
/// cookie holding the token it issues.
extension WebInterface {
    struct LoginView {
        let session: SessionView? = nil
        let csrf: String
        let next: String
        let username: String
        let error: String?
    }

    @Sendable func loginPage(request: Request, context: PangolinRequestContext) async throws -> Response {
        let next = request.uri.queryParameters.get("next").flatMap { WebPaths.localPath(String($0)) } ?? "/ui"
        if context.principal != nil { return PageRenderer.redirect(to: next) }
        return loginForm(request: request, next: next, username: "", error: nil, status: .ok)
    }

    @Sendable func login(request: Request, context: PangolinRequestContext) async throws -> Response {
        let form = try await WebForm.read(request, limit: services.maxBodyBytes)
        try WebSession.checkCSRF(form, secret: WebSession.cookie(WebSession.loginCookieName, in: request))
        let next = form.text("next").flatMap(WebPaths.localPath) ?? "/ui"
        let username = form.text("username") ?? ""
        let result: LoginResult
        do {
            let api = try request.forAPI(path: "/api/v1/users/login", json: [
                "username": .string(username), "password": .string(form.fields["password"]?.first ?? ""),
            ])
            result = try await AuthController(services: services).login(request: api, context: context).value
        } catch let error as PangolinError where error.code == .unauthenticated || error.code == .tooManyRequests || error.code == .invalidInput {
            var response = loginForm(request: request, next: next, username: username, error: error.message, status: error.code.status)
            if let seconds = error.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
            return response
        }
        var headers = HTTPFields()
        headers.append(HTTPField(name: .setCookie, value: WebSession.setCookie(WebSession.cookieName, result.token, expires: result.expiresAt, request: request)))
        headers.append(HTTPField(name: .setCookie, value: WebSession.setCookie(WebSession.loginCookieName, "", expires: nil, request: request)))
        return PageRenderer.redirect(to: next, headers: headers)
    }

    /// Revokes the session's token, as `POST /api/v1/users/logout` does, and forgets the cookie.
    @Sendable func logout(request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await form(request)
        _ = try await TokenController(services: services).logout(request: request.forAPI(path: "/api/v1/users/logout"), context: context)
        let cookie = WebSession.setCookie(WebSession.cookieName, "", expires: nil, request: request)
        return PageRenderer.redirect(to: "/ui/login", headers: [.setCookie: cookie])
    }

    /// The login form, with a fresh random value in a cookie that its CSRF token is made from.
    private func loginForm(request: Request, next: String, username: String, error: String?, status: HTTPResponse.Status) -> Response {
        let nonce = WebSession.nonce()
        var response = renderer.page(
            "login", LoginView(csrf: WebSession.csrfToken(for: nonce), next: next, username: username, error: error), status: status)
        response.headers[.setCookie] = WebSession.setCookie(
            WebSession.loginCookieName, nonce, expires: Date().addingTimeInterval(3600), request: request)
        return response
    }
}
