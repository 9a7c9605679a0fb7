import ArtifactFormats
import Foundation
import ObjectStorage
import PangolinClient
import PangolinModel

/// Reads the rows of a catalog asset's version: the reference is resolved by the catalog to a
/// version, whose location and format say what to open, and whose recorded schema (when it has
/// one) gives the values their types back. A version that recorded a SHA-256 is checked against
/// it before any row is read, so a file changed after it was registered is an error, not other
/// rows.
struct CatalogReader: Sendable {
    let client: PangolinClient
    /// The store of the workspace that reads, if any (see `StorageAccess`).
    var workspaceStore: (any ObjectStore)?

    /// The version a reference names, read inside `catalog`. With `orAnyCatalog`, a reference that
    /// matches nothing there and has the three parts of `catalog.namespace.name` is read as that.
    func resolve(_ reference: String, catalog: String?, orAnyCatalog: Bool = false) async throws -> ResolvedReference {
        do {
            do {
                return try await client.resolve(reference, inCatalog: catalog)
            } catch let first as PangolinError where first.code == .notFound && catalog != nil && orAnyCatalog && Self.namesCatalog(reference) {
                do {
                    return try await client.resolve(reference)
                } catch let second as PangolinError where second.code == .notFound {
                    throw first
                }
            }
        } catch let error as PangolinError {
            throw DataAssetError(.catalog, "cannot resolve '\(reference)' in the catalog at \(client.url.absoluteString): \(error.message)")
        } catch let error as PangolinClientError {
            throw DataAssetError(.catalog, "cannot resolve '\(reference)': \(error.description)")
        }
    }

    /// Whether the part before `@` has at least three dotted parts, so it may start with a catalog.
    private static func namesCatalog(_ reference: String) -> Bool {
        (try? AssetReference(parsing: reference))?.path.split(separator: ".").count ?? 0 >= 3
    }

    /// Batches of rows of the resolved version, decoded as `T`.
    func batches<T: Decodable & Sendable>(
        of resolved: ResolvedReference, reference: String, as type: T.Type, batchRows: Int
    ) -> AsyncThrowingStream<[T], any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await batch in batches(of: resolved, reference: reference, batchRows: batchRows) {
                        continuation.yield(try RowDecoder.decode(T.self, from: batch))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Batches of rows of the resolved version.
    func batches(of resolved: ResolvedReference, reference: String, batchRows: Int) -> AsyncThrowingStream<RowBatch, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let rows = try await open(resolved, reference: reference, batchRows: batchRows)
                    while let batch = try await Self.next(rows, resolved: resolved, reference: reference) {
                        try Task.checkCancellation()
                        continuation.yield(batch)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// A row reader of the version's file, or an error that names the reference, the location and
    /// the reason.
    func open(_ resolved: ResolvedReference, reference: String, batchRows: Int = 65_536) async throws -> any ArtifactReader {
        let version = resolved.version
        do {
            let location = try await StorageAccess(client: client, workspaceStore: workspaceStore).object(at: version.location, catalog: resolved.asset.catalog)
            let format = try version.properties[CatalogProperties.format].map { try ArtifactFormats.format(named: $0) }
                ?? ArtifactFormats.format(forFile: location.key)
            let source = try await StoreSource(store: location.store, key: location.key)
            if let checksum = version.checksum ?? version.properties[CatalogProperties.checksum] {
                try await ChecksumVerifier(checksum).verify(source)
            }
            return try await format.makeReader(source, schema: CatalogProperties.schema(in: version.properties), options: ReadOptions(),
                                               columns: nil, batchRows: batchRows)
        } catch {
            throw Self.unreadable(resolved, reference: reference, error)
        }
    }

    static func next(_ rows: any ArtifactReader, resolved: ResolvedReference, reference: String) async throws -> RowBatch? {
        do {
            return try await rows.next()
        } catch {
            throw unreadable(resolved, reference: reference, error)
        }
    }

    private static func unreadable(_ resolved: ResolvedReference, reference: String, _ error: any Error) -> DataAssetError {
        let reason = switch error {
        case let error as ObjectStorageError: error.message
        case let error as ArtifactFormatError: error.message
        case let error as DataAssetError: error.message
        default: String(describing: error)
        }
        return DataAssetError(.unreadableArtifact,
            "cannot read '\(reference)' (version \(resolved.version.number) of \(resolved.asset.address)) at \(resolved.version.location): \(reason)")
    }
}
