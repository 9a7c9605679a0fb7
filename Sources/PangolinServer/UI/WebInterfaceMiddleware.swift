import Foundation
import HTTPTypes
import Hummingbird
import PangolinModel

/// Wraps every `/ui` request: a caller without a session is sent to the login page, any other
/// failure becomes a page that says what went wrong with the status the API would give, and every
/// response carries the headers that keep pages from running anything but the interface's own script.
struct WebInterfaceMiddleware: RouterMiddleware {
    typealias Context = PangolinRequestContext
    let services: CatalogServices
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = await page(for: error, request: request, context: context)
        }
        for (name, value) in Self.securityHeaders { response.headers[name] = value }
        return response
    }

    /// No inline script or style, nothing from elsewhere, never inside a frame.
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (HTTPField.Name("Content-Security-Policy")!,
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "same-origin"),
    ]

    /// What the heading of an error page calls its status.
    static func title(of status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "Not what this page takes"
        case 401: "Not logged in"
        case 403: "Not allowed"
        case 404: "Not found"
        case 409: "Conflict"
        case 412: "Changed meanwhile"
        case 413: "Too large"
        case 415: "Not a form"
        case 429: "Too many attempts"
        case 503: "Unavailable"
        default: status.code >= 500 ? "Server error" : "Refused"
        }
    }

    private func page(for error: any Error, request: Request, context: Context) async -> Response {
        let failure = ErrorMiddleware.pangolinError(error, request: request, context: context)
        if failure.code == .unauthenticated, request.method == .get || context.principal == nil {
            var headers: HTTPFields = [:]
            if WebSession.token(in: request) != nil {
                headers[.setCookie] = WebSession.setCookie(WebSession.cookieName, "", expires: nil, request: request)
            }
            let next = request.method == .get ? request.uri.description : "/ui"
            return PageRenderer.redirect(to: "/ui/login?next=\(WebPaths.query(next))", headers: headers)
        }
        if failure.code == .forbidden { await services.recordRefusal(failure, request: request, context: context) }
        let session = context.principal.map { SessionView(principal: $0, request: request, services: services) }
        let view = ErrorPageView(
            session: session, status: Int(failure.code.status.code), title: Self.title(of: failure.code.status), message: failure.message,
            back: request.headers[.referer].flatMap(WebPaths.localPath) ?? "/ui")
        var response = renderer.page("error", view, status: failure.code.status)
        if let seconds = failure.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        return response
    }
}

/// A page that says what went wrong.
struct ErrorPageView {
    let session: SessionView?
    let status: Int
    let title: String
    let message: String
    /// Where "back" leads: the page the form was on.
    let back: String
}
