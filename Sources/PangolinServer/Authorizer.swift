import PangolinModel
import PangolinStore

/// The one place that decides what a principal may do. Handlers ask it before acting, and list
/// and search ask it which assets to show, so every path gives the same answer.
///
/// The rule: root may do anything anywhere. Nobody else sees anything of another tenant. A tenant
/// admin may do anything in their tenant but create, change or delete tenants. Everybody else acts
/// through grants (direct, or through roles) on the tenant, a catalog, a namespace (with what is
/// nested in it), an asset or a label; administration (users, service users, roles, grants,
/// warehouses, audit) is for admins. The credentials of a warehouse's storage are for those who
/// may write somewhere in a catalog on it.
public struct Authorizer: Sendable {
    public typealias Action = PermissionAction

    /// What the caller wants to act on.
    public enum Resource: Sendable, CustomStringConvertible {
        /// Server-wide administration: tenants, cross-tenant views.
        case system
        /// One tenant's own record.
        case tenant(id: String)
        /// A tenant's administration: users, service users, roles, grants and counts (nil: root
        /// accounts).
        case administration(tenantID: String?)
        case warehouse(tenantID: String)
        /// The storage behind a warehouse, reached through credentials the server hands out:
        /// for those who may write in one of `catalogs`, the catalogs on it.
        case storage(tenantID: String, warehouse: String, catalogs: [String])
        /// A tenant's catalogs as a collection: listing them, creating one.
        case catalogs(tenantID: String)
        case catalog(tenantID: String, name: String)
        case namespace(NamespaceAddress)
        case asset(Asset)
        /// The audit log of a tenant (nil: every tenant's).
        case audit(tenantID: String?)

        var tenantID: String? {
            switch self {
            case .system: nil
            case .tenant(let id): id
            case .administration(let tenantID): tenantID
            case .warehouse(let tenantID), .catalogs(let tenantID), .catalog(let tenantID, _), .storage(let tenantID, _, _): tenantID
            case .namespace(let address): address.tenantID
            case .asset(let asset): asset.tenantID
            case .audit(let tenantID): tenantID
            }
        }

        public var description: String {
            switch self {
            case .system: "server administration"
            case .tenant: "this tenant"
            case .administration: "the administration of this tenant"
            case .warehouse: "warehouses"
            case .storage(_, let warehouse, _): "the storage of warehouse '\(warehouse)'"
            case .catalogs: "catalogs"
            case .catalog(_, let name): "catalog '\(name)'"
            case .namespace(let address): "namespace '\(address.namespace)' of catalog '\(address.catalog)'"
            case .asset(let asset): asset.address.description
            case .audit: "the audit log"
            }
        }
    }

    let store: any CatalogStore
    let profiles: AccessProfiles

    init(store: any CatalogStore) {
        self.store = store
        self.profiles = AccessProfiles()
    }

    /// Whether `principal` may perform `action` on `resource`.
    public func allows(_ principal: Principal, _ action: Action, _ resource: Resource) async throws -> Bool {
        if principal.role == .root { return true }
        guard let tenantID = resource.tenantID, tenantID == principal.tenantID else { return false }
        if case .tenant = resource { return action == .read }
        if principal.role == .tenantAdmin { return true }
        switch resource {
        case .catalogs:
            // Anybody may list (the list holds what they reach); creating needs a tenant grant.
            return action == .list ? true : try await profile(principal).allowsOnTenant(action)
        case .catalog(_, let name):
            let profile = try await profile(principal)
            return action == .read ? profile.reaches(catalog: name) : profile.allows(action, catalog: name)
        case .namespace(let address):
            let profile = try await profile(principal)
            switch action {
            case .read: return profile.reaches(catalog: address.catalog, namespace: address.namespace)
            // Listing shows the assets the caller may read, which label grants may place anywhere.
            case .list: return profile.reaches(catalog: address.catalog, namespace: address.namespace) || profile.hasLabelGrants
            default: return profile.allows(action, catalog: address.catalog, namespace: address.namespace)
            }
        case .storage(_, _, let catalogs):
            // Credentials reach every object of the bucket: only writers of a catalog on it get them.
            guard action == .write else { return false }
            let profile = try await profile(principal)
            return catalogs.contains { profile.writes(in: $0) }
        case .asset(let asset):
            let profile = try await profile(principal)
            var facts = AssetFacts(id: asset.id, catalog: asset.catalog, namespace: asset.namespace, labels: [])
            if profile.allows(action, asset: facts) { return true }
            guard profile.hasLabelGrants else { return false }
            facts.labels = try await store.metadata(assetID: asset.id)?.tags ?? []
            return profile.allows(action, asset: facts)
        default:
            return false
        }
    }

    /// Throws a 403 naming the action and resource unless `principal` may do it.
    public func authorize(_ principal: Principal, _ action: Action, _ resource: Resource) async throws {
        guard try await allows(principal, action, resource) else {
            throw PangolinError.forbidden("\(principal.username) may not \(action.rawValue) \(resource)")
        }
    }

    /// Whether `principal` works across tenants (and so may pick one per request and read
    /// server-wide lists), rather than inside their own.
    public func crossesTenants(_ principal: Principal) -> Bool {
        principal.role == .root
    }

    /// Whether `principal` administers `tenantID` (root, or that tenant's admin).
    public func administers(_ principal: Principal, tenantID: String?) -> Bool {
        principal.role == .root || (principal.role == .tenantAdmin && tenantID != nil && principal.tenantID == tenantID)
    }

    /// Which of a tenant's assets `principal` may read: the same rule as `allows(_:.read,.asset)`,
    /// as a filter the store applies to lists and search.
    public func visibility(for principal: Principal, tenantID: String) async throws -> AssetVisibility {
        if administers(principal, tenantID: tenantID) { return .all }
        guard principal.tenantID == tenantID else { return .discoverableOnly }
        return try await profile(principal).visibility(for: .read)
    }

    /// The tenant's catalogs whose records `principal` may read (those some grant reaches into);
    /// nil when that is all of them. The same rule as `allows(_:.read, .catalog(…))`.
    public func readableCatalogs(for principal: Principal, tenantID: String) async throws -> Set<String>? {
        if principal.role == .root { return nil }
        guard principal.tenantID == tenantID else { return [] }
        if principal.role == .tenantAdmin { return nil }
        return try await profile(principal).reachedCatalogs
    }

    /// The grants of a principal who is neither root nor an admin.
    func profile(_ principal: Principal) async throws -> AccessProfile {
        try await profiles.profile(for: principal.userID, store: store)
    }

    /// Forgets every loaded profile; called after any change to grants, roles or what they name.
    public func grantsChanged() {
        profiles.clear()
    }
}
