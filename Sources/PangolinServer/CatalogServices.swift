import Foundation
import HTTPTypes
import Hummingbird
import PangolinModel
import PangolinStore

/// The long-lived collaborators every controller shares, built once per application.
public struct CatalogServices: Sendable {
    public let store: any CatalogStore
    public let authorizer: Authorizer
    public let tokens: TokenService
    public let passwords: PasswordHasher
    let loginThrottle: LoginThrottle
    /// The tenant root acts in when a request names none.
    public let defaultTenantID: String
    public let maxBodyBytes: Int
    /// Encrypts warehouses' storage secrets at rest.
    let sealer: SecretSealer
    /// Where Iceberg tables of catalogs without a storage location are kept (`<data directory>/warehouse`).
    var defaultTableRoot: String? = nil
    /// Table metadata files read lately; they never change once written.
    let tableMetadataCache = TableMetadataCache()

    /// The tenant a request acts in: the caller's own, or for root the one named by the
    /// `X-Pangolin-Tenant` header (id or name), else the default tenant.
    func tenantID(for request: Request, context: AuthenticatedContext) async throws -> String {
        let named = request.headers[tenantHeader]?.trimmingCharacters(in: .whitespaces)
        let principal = context.principal
        if !authorizer.crossesTenants(principal) {
            guard let own = principal.tenantID else {
                throw PangolinError.forbidden("\(principal.username) belongs to no tenant")
            }
            if let named, !named.isEmpty, named != own, try await store.tenant(id: own)?.name != named {
                throw PangolinError.forbidden(
                    "\(principal.username) belongs to another tenant and may not act in tenant '\(named)'")
            }
            return own
        }
        guard let named, !named.isEmpty else { return defaultTenantID }
        if let tenant = try await store.tenant(id: named) { return tenant.id }
        if let tenant = try await store.tenant(named: named) { return tenant.id }
        throw PangolinError.notFound(.tenant, "no tenant with id or name '\(named)' (from the X-Pangolin-Tenant header)")
    }

    /// The tenant an administrative request is about, which the caller must administer: nil —
    /// every tenant — for root without `X-Pangolin-Tenant`.
    func administeredTenantOrAll(_ action: Authorizer.Action, request: Request, context: AuthenticatedContext) async throws -> String? {
        if authorizer.crossesTenants(context.principal) && request.headers[tenantHeader] == nil { return nil }
        return try await authorize(action, { .administration(tenantID: $0) }, request: request, context: context)
    }

    /// Resolves the tenant of a request and checks that the caller may act on `resource` there.
    func authorize(
        _ action: Authorizer.Action, _ resource: (String) -> Authorizer.Resource,
        request: Request, context: AuthenticatedContext
    ) async throws -> String {
        let tenantID = try await tenantID(for: request, context: context)
        try await authorizer.authorize(context.principal, action, resource(tenantID))
        return tenantID
    }
}

let tenantHeader = HTTPField.Name("X-Pangolin-Tenant")!
