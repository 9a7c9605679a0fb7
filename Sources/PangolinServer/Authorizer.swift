import PangolinModel
import PangolinStore

/// The one place that decides what a principal may do. Handlers ask it before acting, and
/// list and search ask it which assets to show, so every path gives the same answer.
public struct Authorizer: Sendable {
    /// What the caller wants to do.
    public enum Action: String, Sendable {
        case read, list, create, update, delete
    }

    /// What the caller wants to act on.
    public enum Resource: Sendable, CustomStringConvertible {
        /// Server-wide administration: tenants, cross-tenant views.
        case system
        /// One tenant's own record.
        case tenant(id: String)
        /// Users of a tenant (nil: root accounts).
        case users(tenantID: String?)
        /// Warehouses, catalogs, namespaces and assets of a tenant, addressed by where they live.
        case warehouse(tenantID: String)
        case catalog(tenantID: String, name: String)
        case namespace(NamespaceAddress)
        case asset(AssetAddress)
        /// The audit log of a tenant (nil: every tenant's).
        case audit(tenantID: String?)

        var tenantID: String? {
            switch self {
            case .system: nil
            case .tenant(let id): id
            case .users(let tenantID): tenantID
            case .warehouse(let tenantID): tenantID
            case .catalog(let tenantID, _): tenantID
            case .namespace(let address): address.tenantID
            case .asset(let address): address.tenantID
            case .audit(let tenantID): tenantID
            }
        }

        public var description: String {
            switch self {
            case .system: "server administration"
            case .tenant: "this tenant"
            case .users: "users"
            case .warehouse: "warehouses"
            case .catalog(_, let name): "catalog '\(name)'"
            case .namespace(let address): "namespace '\(address.namespace)' of catalog '\(address.catalog)'"
            case .asset(let address): address.description
            case .audit: "the audit log"
            }
        }
    }

    public init() {}

    /// Whether `principal` may perform `action` on `resource`.
    public func allows(_ principal: Principal, _ action: Action, _ resource: Resource) -> Bool {
        switch principal.role {
        case .root:
            return true
        case .tenantAdmin:
            guard let tenantID = resource.tenantID else { return false }
            // A tenant admin may read their tenant's record but not create, rename or delete tenants.
            if case .tenant = resource, action != .read { return false }
            return tenantID == principal.tenantID
        case .tenantUser:
            // Tenant users act through grants on catalogs, namespaces and assets; until a grant
            // gives them more they may read only their own tenant's record.
            if case .tenant(let id) = resource { return action == .read && id == principal.tenantID }
            return false
        }
    }

    /// Whether `principal` works across tenants (and so may pick one per request and read
    /// server-wide lists), rather than inside their own.
    public func crossesTenants(_ principal: Principal) -> Bool {
        principal.role == .root
    }

    /// Throws a 403 naming the action and resource unless `principal` may do it.
    public func authorize(_ principal: Principal, _ action: Action, _ resource: Resource) throws {
        guard allows(principal, action, resource) else {
            throw PangolinError.forbidden("\(principal.username) may not \(action.rawValue) \(resource)")
        }
    }

    /// Which of a tenant's assets `principal` sees in search: the same rule as `allows(_:.read,…)`,
    /// applied by the store as a filter.
    public func searchVisibility(for principal: Principal, tenantID: String) -> AssetVisibility {
        switch principal.role {
        case .root: .all
        case .tenantAdmin: principal.tenantID == tenantID ? .all : .discoverableOnly
        case .tenantUser: .discoverableOnly
        }
    }
}
