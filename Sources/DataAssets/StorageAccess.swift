import Foundation
import ObjectStorage
import PangolinClient
import PangolinModel

/// How the asset-data API reaches a catalog asset's location. Local files are opened directly. An
/// `s3://` location in the bucket of the workspace that reads it is reached as that workspace's
/// store is; one in the bucket of the catalog's warehouse is reached with the settings and keys
/// the server hands out for it, so a user who may write in the catalog needs no storage keys of
/// their own; when the catalog has no such warehouse, or the server gives its keys only to
/// writers and the caller has keys of their own, the environment's settings and keys are used
/// (`AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, `~/.aws/credentials`).
struct StorageAccess: Sendable {
    let client: PangolinClient
    /// The store of the workspace that reads, whose bucket it reaches already.
    var workspaceStore: (any ObjectStore)?
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The store and key of `location`, an asset's location in `catalog`.
    func object(at location: String, catalog: String) async throws -> ObjectLocation {
        guard let (bucket, _) = try ObjectLocation.bucketAndPath(location) else { return try ObjectLocation(location, environment: environment) }
        if let own = workspaceStore as? S3Store, own.configuration.bucket == bucket {
            return try ObjectLocation(location, s3: own.configuration, environment: environment)
        }
        if let vended = try await vendedSettings(for: location, bucket: bucket, catalog: catalog) {
            return try ObjectLocation(location, s3: vended, environment: environment)
        }
        return try ObjectLocation(location, environment: environment)
    }

    /// The settings the catalog's warehouse hands out for `location`; nil when it has none for
    /// it, or refuses them to a caller who holds keys of their own.
    private func vendedSettings(for location: String, bucket: String, catalog: String) async throws -> S3Configuration? {
        guard let warehouse = try await client.catalog(catalog).warehouseName else { return nil }
        let answer: StorageCredentials
        do {
            answer = try await client.storageCredentials(warehouse: warehouse, catalog: catalog, location: location)
        } catch let error as PangolinError where [.forbidden, .conflict, .invalidInput].contains(error.code) {
            // Not the warehouse's bucket, no keys on it, or not for this caller: the caller's own
            // keys may still reach it; without any, the server's reason is the one to read.
            if try S3Credentials.fromEnvironment(environment) != nil { return nil }
            throw ObjectStorageError(.denied, key: location,
                "no storage credentials for \(location): the catalog's warehouse '\(warehouse)' gives none (\(error.message)), "
                    + "and AWS_ACCESS_KEY_ID is not set")
        }
        guard let settings = answer.credential(for: location)?.config,
              settings["s3.access-key-id"] != nil, settings["s3.secret-access-key"] != nil else { return nil }
        return try S3Configuration(bucket: bucket, fileIO: settings, source: "the credentials of warehouse '\(warehouse)'")
    }
}
