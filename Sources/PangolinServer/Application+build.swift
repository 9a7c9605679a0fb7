import Hummingbird
import ServiceLifecycle
import Logging
import PangolinModel
import Prometheus

/// Builds the catalog server: bootstraps storage and accounts, then wires every controller.
public func buildApplication(_ configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
    let bootstrapped = try await CatalogServices.bootstrap(configuration)
    return buildApplication(configuration, services: bootstrapped.services, lifetimes: bootstrapped.lifetimes)
}

/// Builds the catalog server on services that are already bootstrapped; `lifetimes` run beside
/// the server in its service group (the store's); `onListening` receives the port once the
/// server accepts connections (useful with port 0).
public func buildApplication(
    _ configuration: ServerConfiguration, services: CatalogServices, lifetimes: [any Service] = [],
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    var logger = Logger(label: "pangolin-server")
    logger.logLevel = configuration.logLevel
    let router = buildRouter(services: services, registry: PrometheusCollectorRegistry())
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "pangolin"),
        services: lifetimes,
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// The router with every route of `APIRoutes`, behind metrics, error and authentication middleware.
func buildRouter(services: CatalogServices, registry: PrometheusCollectorRegistry) -> Router<PangolinRequestContext> {
    let router = Router(context: PangolinRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(registry: registry))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: AuthenticationMiddleware(services: services))

    let operations = OperationsController(services: services, registry: registry)
    operations.addPublicRoutes(to: router)
    operations.addRoutes(to: router.group(context: AuthenticatedContext.self))

    let api = router.group("api/v1")
    AuthController(services: services).addRoutes(to: api)
    operations.addPublicAPIRoutes(to: api)
    let authenticated = api.group(context: AuthenticatedContext.self)
    UserController(services: services).addRoutes(to: authenticated)
    TokenController(services: services).addRoutes(to: authenticated)
    ServiceUserController(services: services).addRoutes(to: authenticated)
    RoleController(services: services).addRoutes(to: authenticated)
    PermissionController(services: services).addRoutes(to: authenticated)
    AccessRequestController(services: services).addRoutes(to: authenticated)
    TenantController(services: services).addRoutes(to: authenticated)
    WarehouseController(services: services).addRoutes(to: authenticated)
    CatalogController(services: services).addRoutes(to: authenticated)
    AssetController(services: services).addRoutes(to: authenticated)
    MetadataController(services: services).addRoutes(to: authenticated)
    VersionController(services: services).addRoutes(to: authenticated)
    LineageController(services: services).addRoutes(to: authenticated)
    SearchController(services: services).addRoutes(to: authenticated)
    AuditController(services: services).addRoutes(to: authenticated)
    SettingsController(services: services).addRoutes(to: authenticated)
    NameValidationController(services: services).addRoutes(to: authenticated)
    BulkDeleteController(services: services).addRoutes(to: authenticated)
    NamespaceTreeController(services: services).addRoutes(to: authenticated)
    UnifiedSearchController(services: services).addRoutes(to: authenticated)
    operations.addAPIRoutes(to: authenticated)

    let iceberg = router.group("v1", context: AuthenticatedContext.self)
    for prefix in ["{catalog}", "{catalog}/v1"] {
        NamespaceController(services: services).addRoutes(to: iceberg, prefix: prefix)
        TableController(services: services).addRoutes(to: iceberg, prefix: prefix)
    }

    switch PageRenderer.bundled {
    case .success(let renderer):
        WebInterface(services: services, renderer: renderer).addRoutes(to: router)
    case .failure(let error):
        Logger(label: "pangolin-server").error("the web interface is off: its templates could not be read", metadata: ["error": "\(error)"])
    }
    return router
}
