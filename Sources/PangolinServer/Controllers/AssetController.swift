import Foundation
import HTTPTypes
import Hummingbird
import PangolinModel
import PangolinStore

/// Generic assets of every kind: `/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets` and
/// `/api/v1/assets/{id}`.
struct AssetController {
    let services: CatalogServices

    struct RegisterBody: RequestBody {
        var name: String
        var kind: AssetKind
        var location: String
        var properties: [String: String]?
        static let fields: Set<String> = ["name", "kind", "location", "properties"]
    }

    struct UpdateBody: RequestBody {
        var location: String?
        var properties: [String: String]?
        var expectedVersion: Int?
        static let fields: Set<String> = ["location", "properties", "expected_version"]
        enum CodingKeys: String, CodingKey {
            case location, properties
            case expectedVersion = "expected_version"
        }
    }

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
        let body = try await request.decodeBody(RegisterBody.self, limit: services.maxBodyBytes)
        let namespace = try await namespaceAddress(request: request, context: context)
        try services.authorizer.authorize(context.principal, .create, .namespace(namespace))
        let asset = try await services.store.registerAsset(
            AssetRegistration(name: body.name, kind: body.kind, location: body.location, properties: body.properties ?? [:]),
            at: namespace, by: context.actor(request))
        return JSONResponse(asset, status: .created, headers: [.eTag: Self.eTag(asset)])
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[Asset]> {
        let namespace = try await namespaceAddress(request: request, context: context)
        try services.authorizer.authorize(context.principal, .list, .namespace(namespace))
        let page = try await services.store.assets(in: namespace, limit: request.limit(), offset: request.offset())
        return JSONResponse(page.items, headers: [totalCountHeader: String(page.total)])
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Asset> {
        let address = try await assetAddress(request: request, context: context)
        try services.authorizer.authorize(context.principal, .read, .asset(address))
        guard let asset = try await services.store.asset(at: address) else {
            throw PangolinError.notFound("\(address) does not exist")
        }
        return JSONResponse(asset, headers: [.eTag: Self.eTag(asset)])
    }

    @Sendable func getByID(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Asset> {
        let asset = try await services.readableAsset(id: context.parameters.text("id"), context: context)
        return JSONResponse(asset, headers: [.eTag: Self.eTag(asset)])
    }

    @Sendable func update(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<Asset> {
        let address = try await assetAddress(request: request, context: context)
        try services.authorizer.authorize(context.principal, .update, .asset(address))
        let body = try await request.decodeBody(UpdateBody.self, limit: services.maxBodyBytes)
        if body.location == nil && body.properties == nil {
            throw PangolinError.invalid("send 'location', 'properties' or both to update \(address)")
        }
        let expected = try Self.expectedVersion(body: body.expectedVersion, ifMatch: request.headers[.ifMatch])
        let asset = try await services.store.updateAsset(
            at: address, with: AssetUpdate(location: body.location, properties: body.properties, expectedVersion: expected),
            by: context.actor(request))
        return JSONResponse(asset, headers: [.eTag: Self.eTag(asset)])
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let address = try await assetAddress(request: request, context: context)
        try services.authorizer.authorize(context.principal, .delete, .asset(address))
        try await services.store.deleteAsset(at: address, by: context.actor(request))
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

    private func assetAddress(request: Request, context: AuthenticatedContext) async throws -> AssetAddress {
        try await namespaceAddress(request: request, context: context).asset(context.parameters.text("asset"))
    }
}

let totalCountHeader = HTTPField.Name("X-Total-Count")!

extension CatalogServices {
    /// The asset with this id, if the caller may read it. An asset of another tenant is reported
    /// as missing, so ids do not reveal what other tenants hold.
    func readableAsset(id: String, context: AuthenticatedContext) async throws -> Asset {
        guard let asset = try await store.asset(id: id) else {
            throw PangolinError.notFound("no asset with id '\(id)'")
        }
        if !authorizer.crossesTenants(context.principal) && asset.tenantID != context.principal.tenantID {
            throw PangolinError.notFound("no asset with id '\(id)'")
        }
        try authorizer.authorize(context.principal, .read, .asset(asset.address))
        return asset
    }
}
