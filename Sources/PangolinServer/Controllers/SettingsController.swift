import Hummingbird
import PangolinModel

/// `GET|PUT /api/v1/config/settings`: a tenant's settings, for its administrators. The SMTP
/// password is sealed before it is stored and never leaves the server again.
struct SettingsController {
    let services: CatalogServices

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("config/settings", use: get)
        group.put("config/settings", use: replace)
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<TenantSettings> {
        let tenantID = try await services.authorize(.read, { .administration(tenantID: $0) }, request: request, context: context)
        return JSONResponse(Self.answer(try await services.store.settings(tenantID: tenantID)))
    }

    @Sendable func replace(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<TenantSettings> {
        let tenantID = try await services.authorize(.update, { .administration(tenantID: $0) }, request: request, context: context)
        var settings = try await request.decodeBody(TenantSettings.self, limit: services.maxBodyBytes)
        if let password = settings.smtpPassword, !password.isEmpty { settings.smtpPassword = try services.sealer.seal(password) }
        let stored = try await services.store.replaceSettings(settings, tenantID: tenantID, by: context.actor(request))
        return JSONResponse(Self.answer(stored))
    }

    /// The settings as answered: whether a password is stored, not the password.
    private static func answer(_ stored: TenantSettings) -> TenantSettings {
        var settings = stored
        settings.smtpPasswordSet = stored.smtpPassword != nil
        settings.smtpPassword = nil
        return settings
    }
}

extension TenantSettings: RequestBody {}
