import Foundation
import Hummingbird
import Logging
import PangolinModel

/// The catalog's web interface at `/ui`: pages rendered on the server from the same handlers the
/// API runs, so a page shows exactly what the API would show its viewer, and every change a form
/// makes goes through the API's validation, authorization and audit.
struct WebInterface {
    let services: CatalogServices
    let renderer: PageRenderer

    func addRoutes(to router: Router<PangolinRequestContext>) {
        router.get("/") { _, _ in PageRenderer.redirect(to: "/ui") }
        let ui = router.group("ui")
            .add(middleware: WebSessionMiddleware(services: services))
            .add(middleware: WebInterfaceMiddleware(services: services, renderer: renderer))
        ui.get("static/{file}", use: staticFile)
        ui.get("login", use: loginPage)
        ui.post("login", use: login)

        let pages = ui.group(context: AuthenticatedContext.self)
        pages.get("", use: dashboard)
        pages.post("logout", use: logout)
        pages.get("catalogs/{catalog}", use: catalogPage)
        pages.get("catalogs/{catalog}/namespaces/{namespace}", use: namespacePage)
        pages.get("search", use: searchPage)
        pages.get("assets/{id}", use: assetPage)
        pages.post("assets/{id}/metadata", use: saveMetadata)
        pages.post("assets/{id}/tags", use: createTag)
        pages.post("assets/{id}/tags/{name}", use: moveTag)
        pages.post("assets/{id}/tags/{name}/delete", use: deleteTag)
        pages.get("tokens", use: tokensPage)
        pages.post("tokens/{token_id}/revoke", use: revokeToken)
        pages.get("admin/users", use: usersPage)
        pages.post("admin/users", use: createUser)
        pages.get("admin/roles", use: rolesPage)
        pages.get("admin/grants", use: grantsPage)
        pages.post("admin/grants", use: createGrant)
        pages.post("admin/grants/{id}/revoke", use: revokeGrant)
        pages.get("admin/service-users", use: serviceUsersPage)
        pages.post("admin/service-users", use: createServiceUser)
        pages.post("admin/service-users/{id}/rotate", use: rotateServiceUserKey)
        pages.get("admin/access-requests", use: accessRequestsPage)
        pages.post("admin/access-requests/{id}", use: reviewAccessRequest)
        pages.get("admin/audit", use: auditPage)
        pages.get("**") { request, _ -> Response in
            throw PangolinError(.notFound, "the interface has no page at \(request.uri.path); start from the dashboard")
        }
    }

    @Sendable func staticFile(request: Request, context: PangolinRequestContext) async throws -> Response {
        let name = try context.parameters.text("file")
        guard let response = renderer.file(name) else { throw PangolinError(.notFound, "the interface has no file '\(name)'") }
        return response
    }

    /// The frame of a page for this viewer.
    func session(_ request: Request, _ context: AuthenticatedContext) -> SessionView {
        SessionView(principal: context.principal, request: request, services: services)
    }

    /// The form a page posted, once its CSRF token has been checked against the session's.
    func form(_ request: Request) async throws -> WebForm {
        let form = try await WebForm.read(request, limit: services.maxBodyBytes)
        try WebSession.checkCSRF(form, secret: WebSession.token(in: request))
        return form
    }

    /// Refuses a page for administrators to anybody else, as the API refuses its routes.
    func requireAdministrator(_ context: AuthenticatedContext) throws {
        guard services.authorizer.administers(context.principal, tenantID: context.principal.tenantID) else {
            throw PangolinError.forbidden("\(context.principal.username) may not open the administration pages; they are for administrators")
        }
    }
}
