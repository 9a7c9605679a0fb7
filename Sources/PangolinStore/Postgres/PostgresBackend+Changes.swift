import Logging
import NIOCore
import NIOPosix
import PostgresNIO

extension PostgresBackend {
    /// The channel instances announce changes on.
    static let changeChannel = "pangolin_changes"

    public func announce(_ change: StoreChange) async {
        for payload in change.payloads {
            _ = try? await write { tx in try tx.execute("SELECT pg_notify(\(Self.changeChannel), \(payload))") }
        }
    }

    /// Listens on a connection of its own, reconnecting after a second when it is lost; each
    /// (re)connection starts with `.resync`, since notices sent meanwhile are gone.
    public func changes() -> AsyncStream<StoreChange> {
        let configuration = settings.configuration
        let logger = Logger(label: "pangolin.postgres.changes", factory: { _ in SwiftLogNoOpLogHandler() })
        return AsyncStream { continuation in
            let task = Task {
                while !Task.isCancelled {
                    do {
                        let connection = try await PostgresConnection.connect(
                            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 0, logger: logger)
                        // Closing the connection ends the wait for the next notice.
                        await withTaskCancellationHandler {
                            _ = try? await connection.listen(on: Self.changeChannel) { notices in
                                continuation.yield(.resync)
                                for try await notice in notices {
                                    if let change = StoreChange(payload: notice.payload) { continuation.yield(change) }
                                }
                            }
                        } onCancel: {
                            let closing: EventLoopFuture<Void> = connection.close()
                            closing.whenComplete { _ in withExtendedLifetime(connection) {} }
                        }
                        try? await connection.close()
                    } catch {}
                    try? await Task.sleep(for: .seconds(1))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
