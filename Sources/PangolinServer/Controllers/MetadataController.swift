import Hummingbird
import PangolinModel

/// `/api/v1/assets/{id}/metadata`: an asset's description, labels and free-form properties; also
/// read and deleted at Pangolin's alias `/api/v1/business-metadata/{id}`.
struct MetadataController {
    let services: CatalogServices

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("assets/{id}/metadata", use: set)
        group.get("assets/{id}/metadata", use: get)
        group.delete("assets/{id}/metadata", use: delete)
        group.get("business-metadata/{id}", use: get)
        group.delete("business-metadata/{id}", use: delete)
    }

    @Sendable func set(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<MetadataEnvelope> {
        let asset = try await writableAsset(request: request, context: context)
        let body = try await request.decodeBody(MetadataDraft.self, limit: services.maxBodyBytes)
        // Making an asset discoverable shows it to people who cannot read it, so it takes more
        // than the right to update it.
        if body.discoverable == true, try await services.store.metadata(assetID: asset.id)?.discoverable != true {
            try await services.authorizer.authorize(context.principal, .manageDiscovery, .asset(asset))
        }
        let metadata = try await services.store.setMetadata(
            assetID: asset.id,
            MetadataChange(
                description: body.description, tags: body.tags ?? [], properties: body.properties ?? [:],
                discoverable: body.discoverable ?? false),
            by: context.actor(request))
        return JSONResponse(MetadataEnvelope(metadata: metadata))
    }

    @Sendable func get(request: Request, context: AuthenticatedContext) async throws -> JSONResponse<MetadataEnvelope> {
        let asset = try await services.authorizedAsset(id: context.parameters.text("id"), .read, request: request, context: context)
        guard let metadata = try await services.store.metadata(assetID: asset.id) else {
            throw PangolinError.notFound(.metadata, "asset '\(asset.name)' has no business metadata yet; set it with POST /api/v1/assets/\(asset.id)/metadata")
        }
        return JSONResponse(MetadataEnvelope(metadata: metadata))
    }

    @Sendable func delete(request: Request, context: AuthenticatedContext) async throws -> Response {
        let asset = try await writableAsset(request: request, context: context)
        try await services.store.deleteMetadata(assetID: asset.id, by: context.actor(request))
        return Response(status: .noContent)
    }

    private func writableAsset(request: Request, context: AuthenticatedContext) async throws -> Asset {
        try await services.authorizedAsset(id: context.parameters.text("id"), .update, request: request, context: context)
    }
}

extension MetadataDraft: RequestBody {}
