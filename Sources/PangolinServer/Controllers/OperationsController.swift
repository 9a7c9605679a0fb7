import Hummingbird
import PangolinModel
import PangolinStore
import Prometheus

/// Health, readiness, metrics, dashboard counts, the client configuration and the OpenAPI document.
struct OperationsController {
    let services: CatalogServices
    let registry: PrometheusCollectorRegistry

    struct Health: Codable {
        var status: String
        var detail: String?
    }

    /// `GET /api/v1/app-config`, what a client needs to know before it logs in, in Pangolin's shape.
    struct AppConfig: Codable {
        /// Always true: every route but login, health and this one needs a credential.
        var authEnabled = true
        enum CodingKeys: String, CodingKey {
            case authEnabled = "auth_enabled"
        }
    }

    func addPublicRoutes(to router: Router<PangolinRequestContext>) {
        // Pangolin's `/health` is its readiness check.
        router.get("health", use: ready)
        router.get("health/live", use: live)
        router.get("health/ready", use: ready)
        router.get("openapi.json", use: openAPI)
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("metrics", use: metrics)
    }

    func addPublicAPIRoutes(to group: RouterGroup<PangolinRequestContext>) {
        group.get("app-config", use: appConfig)
    }

    @Sendable func appConfig(request: Request, context: PangolinRequestContext) async throws -> JSONResponse<AppConfig> {
        JSONResponse(AppConfig())
    }

    func addAPIRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("dashboard/stats", use: stats)
    }

    @Sendable func live(request: Request, context: PangolinRequestContext) async throws -> JSONResponse<Health> {
        JSONResponse(Health(status: "ok"))
    }

    @Sendable func ready(request: Request, context: PangolinRequestContext) async throws -> JSONResponse<Health> {
        do {
            try await services.store.checkReadiness()
            return JSONResponse(Health(status: "ok"))
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            return JSONResponse(Health(status: "unavailable", detail: "the catalog database does not answer"), status: .serviceUnavailable)
        }
    }

    @Sendable func openAPI(request: Request, context: PangolinRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.json)))
    }

    @Sendable func metrics(request: Request, context: AuthenticatedContext) async throws -> Response {
        try await services.authorizer.authorize(context.principal, .read, .system)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }

    @Sendable func stats(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<CatalogStatistics> {
        JSONResponse(try await services.statistics(request: request, context: context))
    }
}

extension CatalogServices {
    /// The counts of the tenant the caller administers, or of every tenant for root without
    /// `X-Pangolin-Tenant`.
    func statistics(request: Request, context: AuthenticatedContext) async throws -> CatalogStatistics {
        try await store.statistics(tenantID: administeredTenantOrAll(.read, request: request, context: context))
    }
}
