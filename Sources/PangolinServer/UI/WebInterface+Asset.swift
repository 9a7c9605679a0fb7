import Foundation
import Hummingbird
import PangolinModel

/// The asset page: what the asset is, its metadata, versions with a diff of any two, tags,
/// references, the impact of a version, its lineage graph and, for administrators, its audit events.
extension WebInterface {
    struct AssetView {
        let session: SessionView
        let id: String
        let name: String
        let kind: String
        let catalog: String
        let catalogLink: String
        let namespace: String
        let namespaceLink: String
        let location: String
        let version: Int
        let updated: String
        let properties: [KeyValueView]
        let description: String
        let labels: String
        let discoverable: Bool
        let canEdit: Bool
        let references: [String]
        let versions: [VersionRow]
        let diff: DiffView?
        let tags: [TagRow]
        let impact: ImpactView?
        let lineage: LineageDrawing
        let direction: [OptionView]
        let depth: [OptionView]
        let audit: [AuditRow]
        /// Whether the viewer administers the asset's tenant, and so sees its audit events.
        let showAudit: Bool
        /// The audit log filtered to this asset: every event, where the page shows the latest.
        let auditLink: String
    }

    struct VersionRow {
        let number: Int
        let created: String
        let by: String
        let location: String
        let message: String
        let fromSelected: Bool
        let toSelected: Bool
        let impactSelected: Bool
    }

    struct DiffView {
        let from: Int
        let to: Int
        let rows: [DiffRow]
        let same: Bool
    }

    struct DiffRow {
        let key: String
        let change: String
        let before: String
        let after: String
    }

    struct TagRow {
        let name: String
        let version: Int
        let message: String
        let reference: String
        let moveLink: String
        let deleteLink: String
    }

    struct ImpactView {
        let version: Int
        let assets: [ImpactRow]
    }

    struct ImpactRow {
        let name: String
        let link: String?
    }

    /// A choice of a `<select>`.
    struct OptionView {
        let value: String
        let label: String
        let selected: Bool
    }

    /// How many of an asset's latest audit events its page shows.
    static let assetAuditEvents = 20

    @Sendable func assetPage(request: Request, context: AuthenticatedContext) async throws -> Response {
        let asset = try await AssetController(services: services).getByID(request: request, context: context).value
        let parameters = request.uri.queryParameters
        let base = "/api/v1/assets/\(WebPaths.segment(asset.id))"
        let metadata = try await currentMetadata(request: request, context: context)
        let versions = try await VersionController(services: services).list(request: request.forAPI(path: "\(base)/versions?limit=1000"), context: context).value
        let tags = try await VersionController(services: services).tags(request: request, context: context).value
        let lineage = LineageController(services: services)
        let graph = try await lineage.graph(request: request, context: context).value
        var diff: DiffView?
        if parameters.get("from") != nil || parameters.get("to") != nil {
            diff = DiffView(try await VersionController(services: services).diff(request: request, context: context).value)
        }
        var impact: ImpactView?
        if let selected = parameters.get("version") {
            let downstream = try await lineage.impact(request: request, context: context).value
            let version = try await services.store.version(assetID: asset.id, AssetReference.selector(version: String(selected))).number
            impact = ImpactView(version: version, assets: downstream.nodes.filter { $0.id != asset.id }.map {
                ImpactRow(name: $0.redacted ? "an asset you may not read" : "\($0.catalog ?? "").\($0.namespace ?? "").\($0.name ?? "")",
                          link: $0.redacted ? nil : WebPaths.asset($0.id))
            })
        }
        var audit: [AuditRow]?
        if services.authorizer.administers(context.principal, tenantID: asset.tenantID) {
            let events = try await AuditController(services: services).list(
                request: request.forAPI(path: "/api/v1/audit" + WebPaths.queryString([("resource_id", asset.id), ("limit", String(Self.assetAuditEvents))])), context: context).value
            audit = events.map(AuditRow.init)
        }
        let short = "\(asset.namespace.dotted).\(asset.name)"
        let direction = parameters.get("direction") ?? "both"
        let depth = parameters.get("depth") ?? "3"
        let view = AssetView(
            session: session(request, context), id: asset.id, name: asset.name, kind: asset.kind.rawValue, catalog: asset.catalog,
            catalogLink: WebPaths.catalog(asset.catalog),
            namespace: asset.namespace.dotted, namespaceLink: WebPaths.namespace(catalog: asset.catalog, namespace: asset.namespace.dotted),
            location: asset.location, version: asset.version, updated: WebDates.text(asset.updatedAt),
            properties: KeyValueView.rows(asset.properties), description: metadata?.description ?? "",
            labels: (metadata?.tags ?? []).joined(separator: ", "), discoverable: metadata?.discoverable ?? false,
            canEdit: try await services.authorizer.allows(context.principal, .update, .asset(asset)),
            references: [short, "\(short)@v\(asset.version)", "\(asset.catalog).\(short)"] + tags.map { "\(short)@\($0.name)" },
            versions: versions.map { version in
                VersionRow(
                    number: version.number, created: WebDates.text(version.createdAt), by: version.createdBy ?? "",
                    location: version.location, message: version.message ?? "",
                    fromSelected: diff.map { $0.from == version.number } ?? (version.number == max(asset.version - 1, 1)),
                    toSelected: diff.map { $0.to == version.number } ?? (version.number == asset.version),
                    impactSelected: impact.map { $0.version == version.number } ?? (version.number == asset.version))
            },
            diff: diff,
            tags: tags.map { tag in
                TagRow(name: tag.name, version: tag.version, message: tag.message ?? "", reference: "\(short)@\(tag.name)",
                       moveLink: WebPaths.tag(tag.name, of: asset.id), deleteLink: WebPaths.tag(tag.name, of: asset.id) + "/delete")
            },
            impact: impact, lineage: LineageDrawing(graph),
            direction: [("upstream", "up"), ("downstream", "down"), ("both", "both")].map { OptionView(value: $0.0, label: $0.1, selected: $0.0 == direction) },
            depth: (1...10).map { OptionView(value: String($0), label: String($0), selected: String($0) == depth) },
            audit: audit ?? [], showAudit: audit != nil, auditLink: WebPaths.audit(resourceID: asset.id))
        return renderer.page("asset", view)
    }

    @Sendable func saveMetadata(request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = try await form(request)
        let current = try await currentMetadata(request: request, context: context)
        var body: [String: JSONValue] = [
            "tags": .array(form.list("tags").map(JSONValue.string)), "discoverable": .bool(form.checked("discoverable")),
            "properties": .object(current?.properties ?? [:]),
        ]
        if let description = form.text("description") { body["description"] = .string(description) }
        _ = try await MetadataController(services: services).set(request: request.forAPI(json: body), context: context)
        return try backToAsset(context)
    }

    /// The asset page a form on it returns to, at `section`.
    private func backToAsset(_ context: AuthenticatedContext, section: String? = nil) throws -> Response {
        PageRenderer.redirect(to: try WebPaths.asset(context.parameters.text("id")) + (section.map { "#\($0)" } ?? ""))
    }

    /// The asset's business metadata, nil before any was set.
    private func currentMetadata(request: Request, context: AuthenticatedContext) async throws -> BusinessMetadata? {
        do {
            return try await MetadataController(services: services).get(request: request, context: context).value.metadata
        } catch let error as PangolinError where error.code == .notFound && error.resource == .metadata {
            return nil
        }
    }

    @Sendable func createTag(request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = try await form(request)
        var body: [String: JSONValue] = ["name": .string(try form.required("name", label: "tag name"))]
        if let version = form.text("version") { body["version"] = .string(version) }
        if let message = form.text("message") { body["message"] = .string(message) }
        _ = try await VersionController(services: services).createTag(request: request.forAPI(json: body), context: context)
        return try backToAsset(context, section: "tags")
    }

    @Sendable func moveTag(request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = try await form(request)
        let body: [String: JSONValue] = ["version": .string(try form.required("version"))]
        _ = try await VersionController(services: services).moveTag(request: request.forAPI(json: body), context: context)
        return try backToAsset(context, section: "tags")
    }

    @Sendable func deleteTag(request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await form(request)
        _ = try await VersionController(services: services).deleteTag(request: request.forAPI(), context: context)
        return try backToAsset(context, section: "tags")
    }
}

extension WebInterface.DiffView {
    init(_ diff: VersionDiff) {
        var rows: [WebInterface.DiffRow] = []
        if let location = diff.location { rows.append(.init(key: "location", change: "changed", before: location.from, after: location.to)) }
        for key in diff.added.keys.sorted() { rows.append(.init(key: key, change: "added", before: "", after: diff.added[key]!)) }
        for key in diff.removed.keys.sorted() { rows.append(.init(key: key, change: "removed", before: diff.removed[key]!, after: "")) }
        for key in diff.changed.keys.sorted() {
            rows.append(.init(key: key, change: "changed", before: diff.changed[key]!.from, after: diff.changed[key]!.to))
        }
        self.init(from: diff.from, to: diff.to, rows: rows, same: rows.isEmpty)
    }
}
