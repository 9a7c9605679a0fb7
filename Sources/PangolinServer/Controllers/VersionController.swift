import Foundation
import Hummingbird
import PangolinModel
import PangolinStore

/// An asset's versions (`/api/v1/assets/{id}/versions`, `…/diff`), git-style tags on them
/// (`/api/v1/assets/{id}/tags`), and references resolved to an asset and version
/// (`/api/v1/resolve?ref=`).
struct VersionController {
    let services: CatalogServices

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("assets/{id}/versions", use: list)
        group.get("assets/{id}/versions/{version}", use: get)
        group.get("assets/{id}/diff", use: diff)
        group.post("assets/{id}/tags", use: createTag)
        group.get("assets/{id}/tags", use: tags)
        group.put("assets/{id}/tags/{name}", use: moveTag)
        group.delete("assets/{id}/tags/{name}", use: deleteTag)
        group.get("resolve", use: resolve)
    }

    @Sendable func list(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[AssetVersion]> {
        let id = try await historyOwner(request: request, context: context)
        let page = try await services.store.versions(assetID: id, limit: request.limit(), offset: request.offset())
        return JSONResponse(page.items, headers: [totalCountHeader: String(page.total)])
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<AssetVersion> {
        let id = try await historyOwner(request: request, context: context)
        let selector = try AssetReference.selector(version: context.parameters.text("version"))
        return JSONResponse(try await services.store.version(assetID: id, selector))
    }

    /// What changed between `?from=` (default: the version before `to`) and `?to=` (default: the latest).
    @Sendable func diff(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<VersionDiff> {
        let id = try await historyOwner(request: request, context: context)
        let parameters = request.uri.queryParameters
        let to = try await services.store.version(assetID: id, try parameters.get("to").map(AssetReference.selector(version:)) ?? .latest)
        let fromSelector = try parameters.get("from").map(AssetReference.selector(version:)) ?? .number(max(to.number - 1, 1))
        let from = try await services.store.version(assetID: id, fromSelector)
        return JSONResponse(VersionDiff(from: from, to: to))
    }

    @Sendable func tags(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<[VersionTag]> {
        let asset = try await services.authorizedAsset(id: context.parameters.text("id"), .read, request: request, context: context)
        return JSONResponse(try await services.store.tags(assetID: asset.id))
    }

    /// Tags `version` (default: the latest) with `name`; tagging changes what references resolve
    /// to, so it takes the right to update the asset.
    @Sendable func createTag(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<VersionTag> {
        let asset = try await services.authorizedAsset(id: context.parameters.text("id"), .update, request: request, context: context)
        let body = try await request.decodeBody(CreateTagRequest.self, limit: services.maxBodyBytes)
        let selector = try body.version.map(AssetReference.selector(version:)) ?? .latest
        let tag = try await services.store.createTag(
            assetID: asset.id, name: body.name, at: selector, message: body.message, by: context.actor(request))
        return JSONResponse(tag, status: .created)
    }

    @Sendable func moveTag(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<VersionTag> {
        let asset = try await services.authorizedAsset(id: context.parameters.text("id"), .update, request: request, context: context)
        let body = try await request.decodeBody(MoveTagRequest.self, limit: services.maxBodyBytes)
        return JSONResponse(try await services.store.moveTag(
            assetID: asset.id, name: context.parameters.text("name"), to: AssetReference.selector(version: body.version),
            by: context.actor(request)))
    }

    @Sendable func deleteTag(request: Request, context: AuthenticatedContext) async throws -> Response {
        let asset = try await services.authorizedAsset(id: context.parameters.text("id"), .update, request: request, context: context)
        try await services.store.deleteTag(assetID: asset.id, name: context.parameters.text("name"), by: context.actor(request))
        return Response(status: .noContent)
    }

    /// `?ref=` (and `?catalog=` to read it inside one catalog) resolved to the asset and version
    /// it names. Only assets the caller may read count, so an ambiguity never reveals another.
    @Sendable func resolve(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<ResolvedReference> {
        guard let text = request.uri.queryParameters.get("ref") else {
            throw PangolinError.invalid("send the reference as ?ref=, e.g. ?ref=ml_features.customer_features@2025-12-01")
        }
        let reference = try AssetReference(parsing: text)
        let asset = try await services.resolveAsset(reference, catalog: request.uri.queryParameters.get("catalog"), request: request, context: context)
        return JSONResponse(ResolvedReference(asset: asset, version: try await services.store.version(assetID: asset.id, reference.selector)))
    }

    /// The id of the asset whose history the path names: a readable asset, or for the tenant's
    /// administrators a deleted one.
    private func historyOwner(request: Request, context: AuthenticatedContext) async throws -> String {
        let id = try context.parameters.text("id")
        if let deleted = try await services.store.deletedAsset(id: id),
           services.authorizer.administers(context.principal, tenantID: deleted.address.tenantID) {
            return deleted.id
        }
        return try await services.authorizedAsset(id: id, .read, request: request, context: context).id
    }
}

extension CatalogServices {
    /// The one asset the caller may read that the reference names: a 404 saying which part did
    /// not resolve, or a 400 listing the readings when several assets match.
    func resolveAsset(_ reference: AssetReference, catalog: String?, request: Request, context: AuthenticatedContext) async throws -> Asset {
        let tenantID = try await tenantID(for: request, context: context)
        var readable: [Asset] = []
        for asset in try await store.assets(matching: reference, tenantID: tenantID, catalog: catalog)
        where try await authorizer.allows(context.principal, .read, .asset(asset)) {
            readable.append(asset)
        }
        guard readable.count <= 1 else {
            let names = readable.map { "\($0.catalog).\($0.namespace).\($0.name)" }.joined(separator: ", ")
            throw PangolinError.invalid("'\(reference.path)' is ambiguous: it names \(names); write catalog.namespace.name")
        }
        guard let asset = readable.first else {
            let scope = catalog.map { " in catalog '\($0)'" } ?? ""
            throw PangolinError.notFound(.asset, "no asset named by '\(reference.path)'\(scope); write name, namespace.name or catalog.namespace.name")
        }
        return asset
    }
}

extension CreateTagRequest: RequestBody {}
extension MoveTagRequest: RequestBody {}
