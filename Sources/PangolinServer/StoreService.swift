import ServiceLifecycle

/// The catalog store as a service of the application: it runs while the server runs and, on
/// graceful shutdown, closes the store's database connections after the server has stopped
/// taking requests.
public struct StoreService: Service, Sendable {
    private let close: @Sendable () async -> Void

    init(close: @escaping @Sendable () async -> Void) {
        self.close = close
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
