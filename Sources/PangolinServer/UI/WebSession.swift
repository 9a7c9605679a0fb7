import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import PangolinModel

/// The browser's session: a cookie holding a revocable token (the API's own), and the CSRF token
/// every form that changes something carries.
enum WebSession {
    static let cookieName = "pangolin_session"
    /// The random value the login form carries before there is a session.
    static let loginCookieName = "pangolin_login"
    /// The form field that carries the CSRF token.
    static let csrfField = "csrf"

    /// The value of cookie `name` in the request's `Cookie` headers.
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// The session token of the request, if it carries one.
    static func token(in request: Request) -> String? {
        cookie(cookieName, in: request).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The CSRF token of a session: a keyed hash of its token, which only a page served to that
    /// session knows (the cookie itself is HttpOnly and never leaves for another site).
    static func csrfToken(for secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        return base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data("pangolin-ui-csrf".utf8), using: key)))
    }

    /// A fresh random value for the login form's cookie.
    static func nonce() -> String {
        base64URL(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// `data` in base64url without padding: safe in a cookie and a form field alike.
    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Refuses a form whose CSRF token is not the one of `secret` (the session's token, or the
    /// login cookie before there is a session).
    static func checkCSRF(_ form: WebForm, secret: String?) throws {
        guard let secret, let sent = form.text(csrfField),
              case let expected = csrfToken(for: secret), sent.utf8.count == expected.utf8.count,
              // Compared in constant time, so the answer's timing says nothing about the token.
              zip(sent.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else {
            throw PangolinError.forbidden("this form was sent without its security token (CSRF); reload the page and submit it again")
        }
    }

    /// Whether the browser reached the server over HTTPS (directly or through a proxy that says so),
    /// which makes cookies `Secure`.
    static func isHTTPS(_ request: Request) -> Bool {
        request.uri.scheme?.rawValue == "https" || request.headers[forwardedProto]?.lowercased() == "https"
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Strict, for `/ui`, Secure over HTTPS; `expires`
    /// nil clears the cookie.
    static func setCookie(_ name: String, _ value: String, expires: Date?, request: Request) -> String {
        var parts = ["\(name)=\(value)", "Path=/ui", "HttpOnly", "SameSite=Strict"]
        if let expires {
            parts.append("Max-Age=\(max(Int(expires.timeIntervalSinceNow.rounded(.down)), 0))")
        } else {
            parts.append("Max-Age=0")
        }
        if isHTTPS(request) { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    private static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}

/// Reads the session cookie of `/ui` requests and, when its token is valid, records who the
/// caller is, as the API's authentication does for a bearer token. The API never reads the cookie,
/// so other sites cannot make a browser call it.
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = PangolinRequestContext
    let services: CatalogServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if context.principal == nil, let token = WebSession.token(in: request) {
            // An expired or revoked session is no session: the page asks to log in again.
            context.principal = try? await services.tokens.verify(token)
        }
        return try await next(request, context)
    }
}
