import DataAssets
import Foundation
import ObjectStorage
import Synchronization

/// A workspace in a fresh temporary directory, removed when the test is done.
final class TemporaryWorkspace: Sendable {
    let directory: URL
    let store: LocalDirectoryStore
    let workspace: Workspace

    init(catalog: CatalogConnection? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("data-assets-\(UUID().uuidString)")
        store = try LocalDirectoryStore(root: directory)
        workspace = Workspace(store: store, catalog: catalog)
    }

    /// A second workspace over the same files: a new session, as in a later process, registering
    /// in `catalog`.
    func newSession(catalog: CatalogConnection? = nil) -> Workspace { Workspace(store: store, catalog: catalog) }

    func text(_ key: String) async throws -> String { String(decoding: try await store.read(key), as: UTF8.self) }

    func keys(under prefix: String) async throws -> [String] { try await store.list(under: prefix).map(\.key) }

    deinit { try? FileManager.default.removeItem(at: directory) }
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
