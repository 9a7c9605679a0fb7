/// A grant with its scope resolved to names, as decisions need it: catalogs by name, and an asset
/// grant with where the asset lives.
public struct ResolvedGrant: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        case tenant
        case catalog(String)
        case namespace(catalog: String, path: NamespacePath)
        case asset(id: String, catalog: String, namespace: NamespacePath)
        case label(String)
    }

    public var target: Target
    /// The granted actions with everything they imply.
    public var actions: Set<PermissionAction>

    public init(target: Target, actions: some Sequence<PermissionAction>) {
        self.target = target
        self.actions = Set(actions.flatMap(\.implied))
    }
}

/// What an asset decision needs to know about the asset.
public struct AssetFacts: Sendable, Hashable {
    public var id: String
    public var catalog: String
    public var namespace: NamespacePath
    /// Its labels; only label grants look at them.
    public var labels: [String]

    public init(id: String, catalog: String, namespace: NamespacePath, labels: [String]) {
        self.id = id
        self.catalog = catalog
        self.namespace = namespace
        self.labels = labels
    }
}

/// Everything one principal is granted in their tenant, directly or through roles, and the rules
/// that answer "may they do this here". Containment: the tenant covers its catalogs, a catalog its
/// namespaces, a namespace its nested namespaces and their assets; an asset grant covers that
/// asset; a label grant every asset carrying the label.
public struct AccessProfile: Sendable, Hashable {
    public var grants: [ResolvedGrant]

    public init(grants: [ResolvedGrant]) {
        self.grants = grants
    }

    public static let none = AccessProfile(grants: [])

    /// Whether some grant allows `action` on the whole tenant.
    public func allowsOnTenant(_ action: PermissionAction) -> Bool {
        grants.contains { $0.actions.contains(action) && $0.target == .tenant }
    }

    /// Whether some grant allows `action` on the catalog itself (and so on everything in it).
    public func allows(_ action: PermissionAction, catalog: String) -> Bool {
        grants.contains { grant in
            guard grant.actions.contains(action) else { return false }
            switch grant.target {
            case .tenant: return true
            case .catalog(let name): return name == catalog
            default: return false
            }
        }
    }

    /// Whether some grant allows `action` on the namespace (and so on everything in it).
    public func allows(_ action: PermissionAction, catalog: String, namespace: NamespacePath) -> Bool {
        grants.contains { $0.actions.contains(action) && Self.covers($0.target, catalog: catalog, namespace: namespace) }
    }

    /// Whether some grant allows `action` on the asset.
    public func allows(_ action: PermissionAction, asset: AssetFacts) -> Bool {
        grants.contains { grant in
            guard grant.actions.contains(action) else { return false }
            switch grant.target {
            case .asset(let id, _, _): return id == asset.id
            case .label(let label): return asset.labels.contains(label)
            default: return Self.covers(grant.target, catalog: asset.catalog, namespace: asset.namespace)
            }
        }
    }

    /// Whether some grant lets the principal write anywhere in the catalog: on the tenant, the
    /// catalog, one of its namespaces or one of its assets. (Label grants name no catalog.)
    public func writes(in catalog: String) -> Bool {
        grants.contains { grant in
            guard grant.actions.contains(.write) else { return false }
            switch grant.target {
            case .tenant: return true
            case .catalog(let name), .namespace(let name, _), .asset(_, let name, _): return name == catalog
            case .label: return false
            }
        }
    }

    /// Whether any grant reaches into the catalog, so that its record may be read on the way to
    /// what the grant covers.
    public func reaches(catalog: String) -> Bool {
        grants.contains { grant in
            switch grant.target {
            case .tenant: true
            case .catalog(let name): name == catalog
            case .namespace(let name, _), .asset(_, let name, _): name == catalog
            case .label: false
            }
        }
    }

    /// Whether any grant reaches the namespace: covers it, or covers something nested in it.
    public func reaches(catalog: String, namespace: NamespacePath) -> Bool {
        grants.contains { grant in
            switch grant.target {
            case .namespace(let name, let path), .asset(_, let name, let path):
                name == catalog && (Self.contains(namespace, path) || Self.contains(path, namespace))
            case .label: false
            default: Self.covers(grant.target, catalog: catalog, namespace: namespace)
            }
        }
    }

    /// The catalogs some grant reaches into (see `reaches(catalog:)`); nil when a tenant-wide
    /// grant reaches them all.
    public var reachedCatalogs: Set<String>? {
        var names: Set<String> = []
        for grant in grants {
            switch grant.target {
            case .tenant: return nil
            case .catalog(let name), .namespace(let name, _), .asset(_, let name, _): names.insert(name)
            case .label: break
            }
        }
        return names
    }

    /// Whether some grant names a label (whose assets may be anywhere).
    public var hasLabelGrants: Bool {
        grants.contains { if case .label = $0.target { true } else { false } }
    }

    /// The assets `action` is allowed on, as a filter a store can apply.
    public func visibility(for action: PermissionAction = .read) -> AssetVisibility {
        var visibility = AssetVisibility(everything: false)
        for grant in grants where grant.actions.contains(action) {
            switch grant.target {
            case .tenant: return .all
            case .catalog(let name): visibility.catalogs.insert(name)
            case .namespace(let catalog, let path): visibility.namespaces.insert(.init(catalog: catalog, path: path))
            case .asset(let id, _, _): visibility.assetIDs.insert(id)
            case .label(let label): visibility.labels.insert(label)
            }
        }
        return visibility
    }

    static func covers(_ target: ResolvedGrant.Target, catalog: String, namespace: NamespacePath) -> Bool {
        switch target {
        case .tenant: true
        case .catalog(let name): name == catalog
        case .namespace(let name, let path): name == catalog && contains(path, namespace)
        case .asset, .label: false
        }
    }

    /// Whether `outer` is `inner` or one of its ancestors.
    static func contains(_ outer: NamespacePath, _ inner: NamespacePath) -> Bool {
        inner.segments.count >= outer.segments.count && Array(inner.segments.prefix(outer.segments.count)) == outer.segments
    }
}

/// Which of a tenant's assets a caller may read, as a filter: everything, or the union of some
/// catalogs, namespaces (with what is nested in them), assets and labels. Assets outside it that
/// are marked discoverable are still found by search, with their name, kind and description only.
public struct AssetVisibility: Sendable, Hashable {
    public struct NamespaceScope: Sendable, Hashable {
        public var catalog: String
        public var path: NamespacePath
        public init(catalog: String, path: NamespacePath) {
            self.catalog = catalog
            self.path = path
        }
    }

    public var everything: Bool
    public var catalogs: Set<String> = []
    public var namespaces: Set<NamespaceScope> = []
    public var assetIDs: Set<String> = []
    public var labels: Set<String> = []

    public init(everything: Bool) {
        self.everything = everything
    }

    public static let all = AssetVisibility(everything: true)
    /// Nothing but what is discoverable.
    public static let discoverableOnly = AssetVisibility(everything: false)

    /// Whether the filter admits no asset at all.
    public var isEmpty: Bool {
        !everything && catalogs.isEmpty && namespaces.isEmpty && assetIDs.isEmpty && labels.isEmpty
    }
}
