import DataAssets
import Foundation
import ObjectStorage
import PangolinTestSupport
import Synchronization

/// A workspace in a fresh store — a temporary directory, or a new bucket on the test SeaweedFS —
/// whose local files are removed when the test is done.
final class TemporaryWorkspace: Sendable {
    let store: any ObjectStore
    let workspace: Workspace

    init(_ kind: StoreKind = .local, catalog: CatalogConnection? = nil) async throws {
        store = try await kind.makeStore()
        workspace = Workspace(store: store, catalog: catalog)
    }

    /// The directory of a local workspace, for tests that look at its files.
    var directory: URL {
        guard let local = store as? LocalDirectoryStore else { preconditionFailure("only a local workspace has a directory") }
        return local.root
    }

    /// A second workspace over the same files: a new session, as in a later process, registering
    /// in `catalog`.
    func newSession(catalog: CatalogConnection? = nil) -> Workspace { Workspace(store: store, catalog: catalog) }

    func text(_ key: String) async throws -> String { String(decoding: try await store.read(key), as: UTF8.self) }

    func keys(under prefix: String) async throws -> [String] { try await store.list(under: prefix).map(\.key) }

    deinit {
        if let local = store as? LocalDirectoryStore { try? FileManager.default.removeItem(at: local.root) }
    }
}

/// Counts calls from concurrent tasks.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

struct Person: Codable, Sendable, Equatable {
    var id: Int
    var name: String
}

struct Failure: Error, Equatable {
    let reason: String
}
