import Foundation
import ObjectStorage
import PangolinModel
import Synchronization

/// Reads and writes Iceberg table metadata files where the table lives: a local directory, or a
/// bucket of the catalog's warehouse, reached with the warehouse's own settings and keys.
struct TableFiles: Sendable {
    let services: CatalogServices
    /// The warehouse's S3 settings, when the catalog has an S3 warehouse.
    let storage: WarehouseStorage.S3Storage?
    /// The catalog's `location` property: where its tables go when they name no location.
    let catalogLocation: String?

    init(services: CatalogServices, catalog: Catalog) async throws {
        self.services = services
        storage = try await services.s3Storage(of: catalog)
        catalogLocation = catalog.properties["location"] ?? catalog.properties["warehouse"]
    }

    /// Where a new table lives when its creator names no location: under the namespace's
    /// `location` property, else the catalog's, else the warehouse's bucket, else the server's
    /// table root.
    func defaultLocation(catalog: String, namespace: Namespace, table: String) throws -> String {
        let path = (namespace.path.segments + [table]).joined(separator: "/")
        if let base = namespace.properties["location"] { return base.trimmingSlash + "/" + table }
        if let base = catalogLocation { return base.trimmingSlash + "/" + path }
        if let storage { return storage.root + catalog + "/" + path }
        if let root = services.defaultTableRoot { return "file://" + root + "/" + catalog + "/" + path }
        throw PangolinError.invalid(
            "catalog '\(catalog)' has no storage for tables; give it an S3 warehouse or a location property, or send a location")
    }

    /// The metadata file at `location`, from the cache when it was read before.
    func metadata(at location: String) async throws -> TableMetadata {
        if let cached = services.tableMetadataCache[location] { return cached }
        let object = try object(at: location)
        let data: Data
        do {
            data = try await object.store.read(object.key)
        } catch let error as ObjectStorageError where error.code == .notFound {
            throw PangolinError.invalid("there is no table metadata file at \(location)")
        } catch let error as ObjectStorageError {
            throw PangolinError(.unavailable, "cannot read the table's metadata file \(location): \(error.message)")
        }
        let metadata: TableMetadata
        do {
            metadata = try JSONDecoder().decode(TableMetadata.self, from: data)
        } catch {
            throw PangolinError.invalid("\(location) is not an Iceberg table metadata file: \(error)")
        }
        services.tableMetadataCache[location] = metadata
        return metadata
    }

    /// Writes `metadata` as the table's metadata file number `number` and returns its location.
    func write(_ metadata: TableMetadata, number: Int) async throws -> String {
        let name = String(format: "%05d", number) + "-\(UUID().uuidString.lowercased()).metadata.json"
        let location = "\(metadata.location)/metadata/\(name)"
        let object = try object(at: location, creating: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try await object.store.write(try encoder.encode(metadata), to: object.key)
        } catch let error as ObjectStorageError {
            throw PangolinError(.unavailable, "cannot write the table's metadata file \(location): \(error.message)")
        }
        services.tableMetadataCache[location] = metadata
        return location
    }

    /// Removes a metadata file that a failed commit wrote.
    func discard(_ location: String) async {
        guard let object = try? object(at: location) else { return }
        try? await object.store.delete(object.key)
    }

    /// Removes everything under the table's location: its data and metadata files.
    func purge(tableLocation: String) async throws {
        try checkPurgeable(tableLocation)
        if let path = Self.localPath(tableLocation) {
            try? FileManager.default.removeItem(atPath: path)
            return
        }
        let root = try object(at: tableLocation + "/purge")
        try await root.store.deleteAll(under: "")
    }

    /// A 400 unless the table's files can be purged: they lie in one of the server's table
    /// directories, or below (never at) the root of the catalog's warehouse.
    func checkPurgeable(_ tableLocation: String) throws {
        if Self.localPath(tableLocation) != nil { return try checkLocal(tableLocation) }
        let directory = tableLocation.trimmingSlash + "/"
        guard let storage, let path = try? ObjectLocation.bucketAndPath(tableLocation)?.path, !path.isEmpty,
              storage.contains(directory), WarehouseStorage.canonical(directory).count > storage.root.count else {
            throw PangolinError.invalid(
                "the table's location \(tableLocation) is not below the root of the catalog's warehouse, so its files cannot be purged; drop it without purging")
        }
    }

    /// Local directories tables may live in: the server's table root, and the catalog's own
    /// `location` when it is local. Nothing else on the server's disk is written or removed.
    func checkLocal(_ location: String) throws {
        guard let path = Self.localPath(location) else { return }
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        let roots = [services.defaultTableRoot, catalogLocation.flatMap(Self.localPath)].compactMap { $0 }
        guard roots.contains(where: { standardized.hasPrefix(URL(fileURLWithPath: $0).standardizedFileURL.path + "/") }) else {
            throw PangolinError.invalid(
                "\(location) is outside the directories this server keeps tables in (\(roots.joined(separator: ", "))); "
                    + "leave out the location, or set the catalog's location property")
        }
    }

    /// The store and key of a file of a table.
    private func object(at location: String, creating: Bool = false) throws -> ObjectLocation {
        do {
            if let (bucket, _) = try ObjectLocation.bucketAndPath(location) {
                guard let storage, WarehouseStorage.canonical(location).hasPrefix("s3://\(bucket)/"), storage.bucket == bucket else {
                    throw PangolinError.invalid("\(location) is not in the bucket of the catalog's warehouse, which is the only bucket this server writes to")
                }
                return try ObjectLocation(location, s3: s3Configuration())
            }
            try checkLocal(location)
            if creating, let path = Self.localPath(location) {
                try FileManager.default.createDirectory(
                    at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            }
            return try ObjectLocation(location)
        } catch let error as ObjectStorageError {
            throw PangolinError.invalid(error.message)
        }
    }

    private func s3Configuration() throws -> S3Configuration {
        guard let storage else { throw PangolinError.invalid("the catalog has no S3 warehouse") }
        return try S3Configuration(
            bucket: storage.bucket, fileIO: StorageCredentials(storage).storageCredentials[0].config, source: "the catalog's warehouse")
    }

    /// The local path of a `file://` location or an absolute path.
    static func localPath(_ location: String) -> String? {
        if location.hasPrefix("/") { return location }
        guard let url = URL(string: location), url.scheme == "file" else { return nil }
        return url.path
    }
}

extension String {
    var trimmingSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}

/// Parsed table metadata files by location, bounded; files are immutable, so entries never go stale.
final class TableMetadataCache: Sendable {
    private let entries = Mutex<[String: TableMetadata]>([:])
    private let limit = 1024

    subscript(location: String) -> TableMetadata? {
        get { entries.withLock { $0[location] } }
        set {
            entries.withLock { entries in
                if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
                entries[location] = newValue
            }
        }
    }
}

extension CatalogServices {
    /// The S3 settings of the catalog's warehouse, opened, when it has an S3 warehouse.
    func s3Storage(of catalog: Catalog) async throws -> WarehouseStorage.S3Storage? {
        guard let name = catalog.warehouseName, let warehouse = try await store.warehouse(tenantID: catalog.tenantID, name: name) else { return nil }
        let storage = try WarehouseStorage(
            config: try sealer.open(warehouse.storageConfig), vendingStrategy: try warehouse.vendingStrategy.map { try sealer.open($0) })
        if case .s3(let s3) = storage { return s3 }
        return nil
    }
}
