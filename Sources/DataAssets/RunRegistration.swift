import ArtifactFormats
import Foundation
import ObjectStorage
import PangolinClient
import PangolinModel

/// Registers the result of a run in the workspace's catalog, with one `derived_from` edge per
/// catalog version the run read. A version's location must keep that version's bytes while later
/// runs replace the result in place, so each version registers a copy of the run's result files
/// under `<metadata>/versions/<asset id>/<run id>/` (on a local disk a hard link, which costs no
/// bytes). It never throws: the outcome, failure included, goes into the run record, and the
/// materializer reports a failure after recording it.
struct RunRegistration {
    let connection: CatalogConnection
    let store: any ObjectStore
    let log: RunLog

    /// Registers `run`'s result; `previous` is the run whose result was current before, whose
    /// registration (when it is done here) tells which version this one follows.
    func register(_ run: AssetRun, asset: ResolvedAsset, after previous: AssetRun? = nil) async -> CatalogRegistration {
        let namespace = asset.catalogNamespace ?? connection.namespace
        var registration = CatalogRegistration(
            status: .failed, url: connection.url, catalog: connection.catalog, namespace: namespace.dotted,
            assetName: run.assetName, assetID: nil, version: nil, location: nil, error: nil, attemptedAt: Date())
        var copies: [String] = []
        do {
            var files = run.artifactFiles ?? []
            if run.artifactFiles == nil {
                for output in asset.outputs { files.append(try await ChecksummedWriter.measure(output.key, format: output.format.name, in: store)) }
            }
            var located: [CatalogProperties.Located] = []
            for file in files {
                let copy = log.versionKey(assetID: run.assetID, runID: run.id, artifact: file.key)
                try await store.copy(file.key, to: copy)
                copies.append(copy)
                located.append(CatalogProperties.Located(file: file, location: try store.location(for: copy)))
            }
            guard let primary = located.first else { throw DataAssetError(.unreadableArtifact, "the run recorded no result file") }
            let outcome = try await CatalogRegistrar(connection: connection).register(CatalogRegistrar.Entry(
                name: run.assetName, namespace: namespace, kind: AssetKind(rawValue: asset.primary.format.catalogKind) ?? .other,
                location: primary.location,
                properties: CatalogProperties.of(primary: primary, further: Array(located.dropFirst()), schema: run.schema,
                                                 rowCount: run.rowCount, runID: run.id, parameters: run.parameters),
                checksum: primary.file.checksum, sizeBytes: primary.file.sizeBytes, runID: run.id, message: nil,
                derivedFrom: run.dependencies.compactMap(\.catalogVersion?.reference), sameness: .checksum,
                known: Self.known(previous, at: registration)))
            if !outcome.madeVersion { await removeCopies(copies) }
            registration.status = outcome.madeVersion ? .registered : .unchanged
            registration.assetID = outcome.asset.id
            registration.version = outcome.asset.version
            registration.location = outcome.asset.location
            registration.otherProperties = outcome.asset.properties.filter { !CatalogProperties.managed.contains($0.key) }
        } catch {
            await removeCopies(copies)
            registration.error = Self.reason(error, namespace: registration.namespace, catalog: connection.catalog)
        }
        return registration
    }

    /// The version a previous run registered at the same place, with the checksum it holds.
    private static func known(_ previous: AssetRun?, at target: CatalogRegistration) -> CatalogRegistrar.Known? {
        guard let previous, let registration = previous.registration,
              registration.isDone(at: target.url, catalog: target.catalog, namespace: target.namespace),
              registration.assetName == target.assetName, let version = registration.version,
              let checksum = previous.artifactFiles?.first?.checksum, let other = registration.otherProperties
        else { return nil }
        return CatalogRegistrar.Known(version: version, checksum: checksum, otherProperties: other)
    }

    private func removeCopies(_ keys: [String]) async {
        try? await store.delete(keys)
    }

    /// Throws the error `materialize` reports for a registration that failed.
    static func check(_ registration: CatalogRegistration?) throws {
        guard let registration, registration.status == .failed else { return }
        throw DataAssetError(.catalog,
            "asset '\(registration.assetName)': registering it in namespace '\(registration.namespace)' of catalog "
                + "'\(registration.catalog)' at \(registration.url) failed: \(registration.error ?? "no reason given"). "
                + "Its artifacts are written; its next materialization registers it again")
    }

    /// Why a registration failed, in words that say what to do.
    static func reason(_ error: any Error, namespace: String, catalog: String) -> String {
        switch error {
        case let error as PangolinError where error.code == .forbidden:
            "\(error.message) (the workspace acts with its credential's grants: ask an administrator for "
                + "READ_WRITE on namespace '\(namespace)' of catalog '\(catalog)')"
        case let error as PangolinError: error.message
        case let error as DataAssetError: error.message
        case let error as ObjectStorageError: error.message
        default: String(describing: error)
        }
    }
}
