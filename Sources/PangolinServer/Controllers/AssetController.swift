import Foundation
import HTTPTypes
import Hummingbird
import PangolinModel
import PangolinStore

/// Generic assets of every kind: `/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets` and
/// `/api/v1/assets/{id}`.
struct AssetController {
    let services: CatalogServices

    /// One lineage edge in a register or update body: what the asset was made from.
    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        let assets = "catalogs/{catalog}/namespaces/{namespace}/assets"
        group.post(.init(assets), use: register)
        group.get(.init(assets), use: list)
        group.get(.init("\(assets)/{asset}"), use: get)
        group.put(.init("\(assets)/{asset}"), use: update)
        group.delete(.init("\(assets)/{asset}"), use: delete)
        group.get("assets/{id}", use: getByID)
    }

    @Sendable func register(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Asset> {
        let body = try await request.decodeBody(AssetDraft.self, limit: services.maxBodyBytes)
        let namespace = try await namespaceAddress(request: request, context: context)
        try await services.authorizer.authorize(context.principal, .create, .namespace(namespace))
        let lineage = try await lineageDrafts(body.lineage, request: request, context: context)
        let asset = try await services.store.registerAsset(
            AssetRegistration(name: body.name, kind: body.kind, location: body.location, properties: body.properties ?? [:],
                              note: try body.note.validated(), lineage: lineage),
            at: namespace, by: context.actor(request))
        return JSONResponse(asset, status: .created, headers: [.eTag: Self.eTag(asset)])
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[Asset]> {
        let namespace = try await namespaceAddress(request: request, context: context)
        try await services.authorizer.authorize(context.principal, .list, .namespace(namespace))
        let visibility = try await services.authorizer.visibility(for: context.principal, tenantID: namespace.tenantID)
        let page = try await services.store.assets(in: namespace, visibility: visibility, limit: request.limit(), offset: request.offset())
        return JSONResponse(page.items, headers: [totalCountHeader: String(page.total)])
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Asset> {
        let asset = try await authorizedAsset(.read, request: request, context: context)
        return JSONResponse(asset, headers: [.eTag: Self.eTag(asset)])
    }

    @Sendable func getByID(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Asset> {
        let asset = try await services.authorizedAsset(id: context.parameters.text("id"), .read, request: request, context: context)
        return JSONResponse(asset, headers: [.eTag: Self.eTag(asset)])
    }

    @Sendable func update(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Asset> {
        let address = try await authorizedAsset(.update, request: request, context: context).address
        let body = try await request.decodeBody(AssetChange.self, limit: services.maxBodyBytes)
        if body.location == nil && body.properties == nil && body.lineage == nil {
            throw PangolinError.invalid("send 'location', 'properties' or 'lineage' to update \(address)")
        }
        let lineage = try await lineageDrafts(body.lineage, request: request, context: context)
        let expected = try Self.expectedVersion(body: body.expectedVersion, ifMatch: request.headers[.ifMatch])
        let asset = try await services.store.updateAsset(
            at: address,
            with: AssetUpdate(location: body.location, properties: body.properties, expectedVersion: expected, note: try body.note.validated(),
                              lineage: lineage),
            by: context.actor(request))
        return JSONResponse(asset, headers: [.eTag: Self.eTag(asset)])
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let address = try await authorizedAsset(.delete, request: request, context: context).address
        try await services.store.deleteAsset(at: address, by: context.actor(request))
        await services.grantsChanged()
        return Response(status: .noContent)
    }

    /// The version an update expects, from `expected_version` or an `If-Match` of the asset's ETag.
    static func expectedVersion(body: Int?, ifMatch: String?) throws -> Int? {
        guard let ifMatch else { return body }
        let trimmed = ifMatch.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(trimmed) else {
            throw PangolinError.invalid("If-Match must be the asset's ETag, a version number such as \"3\", not '\(ifMatch)'")
        }
        if let body, body != version {
            throw PangolinError.invalid("If-Match names version \(version) but expected_version is \(body); send one")
        }
        return version
    }

    static func eTag(_ asset: Asset) -> String { "\"\(asset.version)\"" }

    private func namespaceAddress(request: Request, context: AuthenticatedContext) async throws -> NamespaceAddress {
        let tenantID = try await services.tenantID(for: request, context: context)
        return NamespaceAddress(
            tenantID: tenantID, catalog: try context.parameters.text("catalog"),
            namespace: try NamespacePath(parsing: context.parameters.text("namespace")))
    }

    private func lineageDrafts(_ items: [LineageLink]?, request: Request, context: AuthenticatedContext) async throws -> [LineageDraft] {
        var drafts: [LineageDraft] = []
        for item in items ?? [] {
            drafts.append(try await services.lineageDraft(upstream: item.upstream, relation: item.relation, request: request, context: context))
        }
        return drafts
    }

    private func authorizedAsset(_ action: Authorizer.Action, request: Request, context: AuthenticatedContext) async throws -> Asset {
        let address = try await namespaceAddress(request: request, context: context).asset(context.parameters.text("asset"))
        return try await services.authorize(action, on: services.store.asset(at: address), request: request, context: context) {
            "\(address) does not exist"
        }
    }
}

let totalCountHeader = HTTPField.Name("X-Total-Count")!

extension CatalogServices {
    /// The asset with this id, if the caller may `action` it. Assets of other tenants and assets
    /// the caller may not read are reported as missing, so ids reveal nothing.
    func authorizedAsset(id: String, _ action: Authorizer.Action, request: Request, context: AuthenticatedContext) async throws -> Asset {
        try await authorize(action, on: store.asset(id: id), request: request, context: context) { "no asset with id '\(id)'" }
    }

    /// `asset`, when the caller may `action` it: a 404 saying `missing` when it does not exist or
    /// the caller may not read it (the two look alike), a 403 when they may read but not do this.
    /// Both refusals are audited.
    func authorize(
        _ action: Authorizer.Action, on asset: Asset?, request: Request, context: AuthenticatedContext, missing: () -> String
    ) async throws -> Asset {
        guard let asset else { throw PangolinError.notFound(.asset, missing()) }
        guard try await authorizer.allows(context.principal, .read, .asset(asset)) else {
            let entry = AuditEntry(
                action: .deny, resourceType: "asset", resourceID: asset.id, resourceName: "\(request.method) \(request.uri.path)",
                tenantID: asset.tenantID, result: .denied,
                errorMessage: "\(context.principal.username) may not read \(asset.address); answered as missing")
            try await store.recordAudit(entry, by: context.actor(request))
            throw PangolinError.notFound(.asset, missing())
        }
        if action != .read { try await authorizer.authorize(context.principal, action, .asset(asset)) }
        return asset
    }
}

extension AssetDraft: RequestBody {}
extension AssetChange: RequestBody {}
