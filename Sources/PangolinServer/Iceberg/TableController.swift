import Foundation
import HTTPTypes
import Hummingbird
import PangolinModel
import PangolinStore

/// Iceberg tables through the REST catalog protocol. Each table is an `ICEBERG_TABLE` asset of its
/// namespace whose properties point at its current metadata file; every commit writes a new
/// metadata file and makes the asset's next version, guarded by the version the commit read, so
/// concurrent commits never overwrite each other.
struct TableController {
    let services: CatalogServices

    /// Routes under `prefix` (`{catalog}`, or `{catalog}/v1` as pypangolin's helper addresses them).
    func addRoutes(to group: RouterGroup<AuthenticatedContext>, prefix: String) {
        group.get("\(prefix)/namespaces/{namespace}/tables", use: list)
        group.post("\(prefix)/namespaces/{namespace}/tables", use: create)
        group.post("\(prefix)/namespaces/{namespace}/register", use: register)
        group.get("\(prefix)/namespaces/{namespace}/tables/{table}", use: load)
        group.head("\(prefix)/namespaces/{namespace}/tables/{table}", use: exists)
        group.post("\(prefix)/namespaces/{namespace}/tables/{table}", use: commit)
        group.delete("\(prefix)/namespaces/{namespace}/tables/{table}", use: drop)
        group.post("\(prefix)/namespaces/{namespace}/tables/{table}/metrics", use: metrics)
        group.get("\(prefix)/namespaces/{namespace}/tables/{table}/credentials", use: credentials)
        group.post("\(prefix)/tables/rename", use: rename)
        group.post("\(prefix)/transactions/commit", use: commitTransaction)
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<TableList> {
        let namespace = try await namespaceAddress(request: request, context: context)
        try await services.authorizer.authorize(context.principal, .list, .namespace(namespace))
        let visibility = try await services.authorizer.visibility(for: context.principal, tenantID: namespace.tenantID)
        var identifiers: [TableIdentifier] = []
        var offset = 0
        while true {
            let page = try await services.store.assets(in: namespace, visibility: visibility, limit: 1000, offset: offset)
            identifiers += page.items.filter { $0.kind == .icebergTable }.map { TableIdentifier(namespace: namespace.namespace.segments, name: $0.name) }
            offset += page.items.count
            if page.items.count < 1000 { break }
        }
        return JSONResponse(TableList(identifiers: identifiers))
    }

    @Sendable func create(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<LoadTableResult> {
        let body = try await request.decodeOpenBody(CreateTableRequest.self, limit: services.maxBodyBytes)
        try Names.validate(body.name, as: .asset)
        let namespaceAddress = try await namespaceAddress(request: request, context: context)
        try await services.authorizer.authorize(context.principal, .create, .namespace(namespaceAddress))
        let (catalog, namespace) = try await catalogAndNamespace(namespaceAddress)
        let files = try await TableFiles(services: services, catalog: catalog)
        let address = namespaceAddress.asset(body.name)
        if try await services.store.asset(at: address) != nil {
            throw PangolinError.exists(.table, "table \(namespaceAddress.namespace).\(body.name) already exists")
        }
        let location = try body.location.map { try Locations.validate($0.trimmingSlash) }
            ?? files.defaultLocation(catalog: catalog.name, namespace: namespace, table: body.name)
        try files.checkLocal(location)
        let metadata = try TableMetadata.empty(now: Self.now()).applying(TableMetadata.creation(body, location: location), now: Self.now())
        if body.stageCreate == true {
            return JSONResponse(LoadTableResult(metadataLocation: nil, metadata: metadata, config: try await config(files, location, request)))
        }
        let written = try await files.write(metadata, number: 0)
        do {
            try await register(metadata, at: written, address: address, registered: false, files: files, context: context, request: request)
        } catch {
            await files.discard(written)
            throw error
        }
        return JSONResponse(LoadTableResult(metadataLocation: written, metadata: metadata, config: try await config(files, location, request)))
    }

    @Sendable func register(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<LoadTableResult> {
        let body = try await request.decodeOpenBody(RegisterTableRequest.self, limit: services.maxBodyBytes)
        try Names.validate(body.name, as: .asset)
        let namespaceAddress = try await namespaceAddress(request: request, context: context)
        try await services.authorizer.authorize(context.principal, .create, .namespace(namespaceAddress))
        let (catalog, _) = try await catalogAndNamespace(namespaceAddress)
        let files = try await TableFiles(services: services, catalog: catalog)
        try files.checkLocal(body.metadataLocation)
        let metadata = try await files.metadata(at: body.metadataLocation)
        let address = namespaceAddress.asset(body.name)
        if body.overwrite == true, let existing = try await services.store.asset(at: address) {
            // The file becomes the table's next version; the one it replaces stays in its history.
            let table = try await authorizedTable(.update, existing, at: address, request: request, context: context)
            var update = AssetUpdate(
                location: metadata.location, properties: metadata.assetProperties(metadataLocation: body.metadataLocation),
                expectedVersion: table.version, note: VersionNote(message: "register table over version \(table.version)"))
            update.audit = AuditNote(.commitTable, details: [
                "metadata_location": .string(body.metadataLocation), "registered": .bool(true), "overwrite": .bool(true),
            ])
            _ = try await services.store.updateAsset(at: address, with: update, by: context.actor(request))
        } else {
            try await register(metadata, at: body.metadataLocation, address: address, registered: true,
                               files: files, context: context, request: request)
        }
        return JSONResponse(LoadTableResult(
            metadataLocation: body.metadataLocation, metadata: metadata, config: try await config(files, metadata.location, request)))
    }

    @Sendable func load(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<LoadTableResult> {
        let (asset, files) = try await table(.read, request: request, context: context)
        let location = try Self.metadataLocation(of: asset)
        var metadata = try await files.metadata(at: location)
        if request.uri.queryParameters.get("snapshots") == "refs" {
            let referenced = Set(metadata.refs.values.map(\.snapshotID))
            metadata.snapshots = metadata.snapshots.filter { $0[int: "snapshot-id"].map(referenced.contains) ?? false }
        }
        return JSONResponse(LoadTableResult(metadataLocation: location, metadata: metadata, config: try await config(files, metadata.location, request)))
    }

    @Sendable func exists(request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await table(.read, request: request, context: context)
        return Response(status: .noContent)
    }

    /// Iceberg's `loadCredentials`: the keys that reach the table's files, for a caller who may
    /// read the table, under the table's own location as the prefix; none for a table outside the
    /// warehouse's bucket. Asked for explicitly, so every answer is audited.
    @Sendable func credentials(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<StorageCredentials> {
        let (asset, files) = try await table(.read, request: request, context: context)
        guard let storage = files.storage, storage.contains(asset.location) else { return JSONResponse(StorageCredentials(storageCredentials: [])) }
        let config = StorageCredentials(storage).storageCredentials.first?.config ?? [:]
        let prefix = asset.location.hasSuffix("/") ? asset.location : asset.location + "/"
        try await services.store.recordAudit(
            AuditEntry(action: .vendCredentials, resourceType: "table", resourceID: asset.id, resourceName: "\(asset.catalog).\(asset.namespace.dotted).\(asset.name)",
                       tenantID: asset.tenantID, metadata: ["location": .string(asset.location)]),
            by: context.actor(request))
        return JSONResponse(StorageCredentials(storageCredentials: [.init(prefix: prefix, config: config)]))
    }

    @Sendable func metrics(request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await table(.read, request: request, context: context)
        return Response(status: .noContent)
    }

    @Sendable func drop(request: Request, context: AuthenticatedContext) async throws -> Response {
        let (asset, files) = try await table(.delete, request: request, context: context)
        let purge = request.uri.queryParameters.get("purgeRequested")?.lowercased() == "true"
        if purge { try files.checkPurgeable(asset.location) }
        try await services.store.deleteAsset(
            at: asset.address, audit: AuditNote(.dropTable, details: ["purge": .bool(purge), "location": .string(asset.location)]),
            by: context.actor(request))
        if purge { try await files.purge(tableLocation: asset.location) }
        return Response(status: .noContent)
    }

    /// Renames or moves a table within its catalog: dropping it from its namespace and creating
    /// it in the destination are what the caller must be allowed.
    @Sendable func rename(request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await request.decodeOpenBody(RenameTableRequest.self, limit: services.maxBodyBytes)
        let tenantID = try await services.tenantID(for: request, context: context)
        let catalog = try context.parameters.text("catalog")
        func address(_ identifier: TableIdentifier) throws -> AssetAddress {
            AssetAddress(tenantID: tenantID, catalog: catalog, namespace: try NamespacePath(identifier.namespace), name: identifier.name)
        }
        let source = try address(body.source), destination = try address(body.destination)
        _ = try await authorizedTable(.delete, at: source, request: request, context: context)
        let target = NamespaceAddress(tenantID: tenantID, catalog: catalog, namespace: destination.namespace)
        try await services.authorizer.authorize(context.principal, .create, .namespace(target))
        _ = try await services.store.renameAsset(at: source, to: destination, audit: AuditNote(.renameTable), by: context.actor(request))
        return Response(status: .noContent)
    }

    @Sendable func commit(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<LoadTableResult> {
        let body = try await request.decodeOpenBody(CommitTableRequest.self, limit: services.maxBodyBytes)
        let namespaceAddress = try await namespaceAddress(request: request, context: context)
        let address = namespaceAddress.asset(try context.parameters.text("table"))
        let (catalog, _) = try await catalogAndNamespace(namespaceAddress)
        let files = try await TableFiles(services: services, catalog: catalog)
        let committer = TableCommitter(services: services, files: files, actor: context.actor(request))
        // A commit that lost a race with another is tried again on the new state: its
        // requirements decide whether it still applies.
        for _ in 0..<4 {
            let asset = try await services.store.asset(at: address)
            if let asset {
                _ = try await authorizedTable(.update, asset, at: address, request: request, context: context)
            } else {
                guard body.requirements.contains(.create) else { throw PangolinError.notFound(.table, Self.missing(address)) }
                try await services.authorizer.authorize(context.principal, .create, .namespace(namespaceAddress))
            }
            if let result = try await committer.commit(body, on: asset, address: address) {
                return JSONResponse(LoadTableResult(
                    metadataLocation: result.location, metadata: result.metadata, config: try await config(files, result.metadata.location, request)))
            }
        }
        throw PangolinError.conflict("\(address) kept changing while this commit was applied; reload the table and retry")
    }

    /// Commits to several tables of the catalog at once: every commit's requirements are checked
    /// and every table's next version is made in one store transaction, or none is.
    @Sendable func commitTransaction(request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await request.decodeOpenBody(CommitTransactionRequest.self, limit: services.maxBodyBytes)
        guard !body.tableChanges.isEmpty else { throw PangolinError.invalid("table-changes is empty; a transaction commits to at least one table") }
        let tenantID = try await services.tenantID(for: request, context: context)
        let catalogName = try context.parameters.text("catalog")
        var addresses: [AssetAddress] = []
        for change in body.tableChanges {
            guard let identifier = change.identifier else {
                throw PangolinError.invalid("each entry of table-changes names its table in identifier")
            }
            let address = AssetAddress(
                tenantID: tenantID, catalog: catalogName, namespace: try NamespacePath(identifier.namespace), name: identifier.name)
            guard !addresses.contains(address) else {
                throw PangolinError.invalid("table \(address.namespace).\(address.name) appears twice in table-changes; send its updates as one entry")
            }
            addresses.append(address)
        }
        let catalog = try await catalog(tenantID: tenantID, name: catalogName)
        let committer = TableCommitter(
            services: services, files: try await TableFiles(services: services, catalog: catalog), actor: context.actor(request))
        for _ in 0..<4 {
            var prepared: [TableCommitter.Prepared] = []
            do {
                for (change, address) in zip(body.tableChanges, addresses) {
                    let asset = try await authorizedTable(.update, at: address, request: request, context: context)
                    prepared.append(try await committer.prepare(change, on: asset, address: address))
                }
            } catch {
                for item in prepared where !item.unchanged { await committer.files.discard(item.location) }
                throw error
            }
            if try await committer.commitAll(prepared) { return Response(status: .noContent) }
        }
        throw PangolinError.conflict("the tables of this transaction kept changing while it was applied; reload them and retry")
    }

    // MARK: Helpers

    /// Registers a table's asset at its first metadata file.
    /// Records a table created or registered from the metadata file at `location`.
    private func register(
        _ metadata: TableMetadata, at location: String, address: AssetAddress, registered: Bool, files: TableFiles,
        context: AuthenticatedContext, request: Request
    ) async throws {
        try await TableCommitter(services: services, files: files, actor: context.actor(request)).register(
            metadata, at: location, address: address, message: registered ? "register table" : "create table",
            details: ["metadata_location": .string(location), "registered": .bool(registered)])
    }

    /// The table at `address`, when the caller may `action` it: NoSuchTableException when it is
    /// missing, hidden from the caller, or an asset of another kind.
    private func authorizedTable(_ action: Authorizer.Action, at address: AssetAddress, request: Request, context: AuthenticatedContext) async throws -> Asset {
        try await authorizedTable(action, try await services.store.asset(at: address), at: address, request: request, context: context)
    }

    private func authorizedTable(
        _ action: Authorizer.Action, _ found: Asset?, at address: AssetAddress, request: Request, context: AuthenticatedContext
    ) async throws -> Asset {
        let asset: Asset
        do {
            asset = try await services.authorize(action, on: found, request: request, context: context) { Self.missing(address) }
        } catch let error as PangolinError where error.code == .notFound {
            throw PangolinError.notFound(.table, error.message)
        }
        guard asset.kind == .icebergTable else { throw PangolinError.notFound(.table, "\(address) is not an Iceberg table") }
        return asset
    }

    /// The table the path names, when the caller may `action` it, with the files of its catalog.
    private func table(_ action: Authorizer.Action, request: Request, context: AuthenticatedContext) async throws -> (Asset, TableFiles) {
        let namespaceAddress = try await namespaceAddress(request: request, context: context)
        let asset = try await authorizedTable(action, at: namespaceAddress.asset(try context.parameters.text("table")), request: request, context: context)
        // The table exists, so its namespace does: only the catalog is read.
        let catalog = try await catalog(tenantID: namespaceAddress.tenantID, name: namespaceAddress.catalog)
        return (asset, try await TableFiles(services: services, catalog: catalog))
    }

    static func missing(_ address: AssetAddress) -> String {
        "table \(address.namespace).\(address.name) does not exist in catalog '\(address.catalog)'"
    }

    static func metadataLocation(of asset: Asset) throws -> String {
        guard let location = asset.properties[TableAssetProperty.metadataLocation] else {
            throw PangolinError.invalid("\(asset.address) records no metadata-location, so it cannot be loaded as an Iceberg table")
        }
        return location
    }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    private func namespaceAddress(request: Request, context: AuthenticatedContext) async throws -> NamespaceAddress {
        NamespaceAddress(
            tenantID: try await services.tenantID(for: request, context: context), catalog: try context.parameters.text("catalog"),
            namespace: try NamespacePath(parsing: context.parameters.text("namespace")))
    }

    private func catalog(tenantID: String, name: String) async throws -> Catalog {
        guard let catalog = try await services.store.catalog(tenantID: tenantID, name: name) else {
            throw PangolinError.notFound(.catalog, "no catalog named '\(name)' in this tenant")
        }
        return catalog
    }

    private func catalogAndNamespace(_ address: NamespaceAddress) async throws -> (Catalog, Namespace) {
        let catalog = try await catalog(tenantID: address.tenantID, name: address.catalog)
        guard let namespace = try await services.store.namespace(tenantID: address.tenantID, catalog: address.catalog, path: address.namespace) else {
            throw PangolinError.notFound(.namespace, "namespace '\(address.namespace)' does not exist in catalog '\(address.catalog)'")
        }
        return (catalog, namespace)
    }

    /// The settings a client needs to reach the table's files: for a table in the warehouse's
    /// bucket, its endpoint and region, and with `X-Iceberg-Access-Delegation: vended-credentials`
    /// the warehouse's keys, for a caller the table was already authorized for.
    private func config(_ files: TableFiles, _ location: String, _ request: Request) async throws -> [String: String] {
        guard let storage = files.storage, storage.contains(location) else { return [:] }
        var config = StorageCredentials(storage).storageCredentials.first?.config ?? [:]
        let delegation = request.headers[accessDelegationHeader] ?? ""
        if !delegation.contains("vended-credentials") {
            config["s3.access-key-id"] = nil
            config["s3.secret-access-key"] = nil
            config["s3.session-token"] = nil
        }
        return config
    }
}

let accessDelegationHeader = HTTPField.Name("X-Iceberg-Access-Delegation")!
