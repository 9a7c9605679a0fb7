import Foundation
import PangolinModel

/// Everything the catalog persists, one protocol per aggregate. Every write takes the
/// `AuditActor` who caused it and stores the change and its audit event in one transaction; every
/// read of tenant data is scoped by tenant id, so isolation does not depend on the caller
/// remembering a filter.
public protocol CatalogStore: StoreChangeFeed, TenantStore, WarehouseStore, CatalogTreeStore, AssetStore, VersionStore, LineageStore, MetadataStore, SearchStore, IdentityStore, GrantStore, AccessRequestStore, AuditStore, OperationsStore {}

/// Tenants: the top of isolation.
public protocol TenantStore: Sendable {
    // MARK: Tenants
    func createTenant(name: String, properties: [String: String], by actor: AuditActor) async throws -> Tenant
    func tenants(limit: Int, offset: Int) async throws -> [Tenant]
    func tenant(id: String) async throws -> Tenant?
    func tenant(named name: String) async throws -> Tenant?
    func updateTenant(id: String, properties: [String: String], by actor: AuditActor) async throws -> Tenant
    func deleteTenant(id: String, by actor: AuditActor) async throws
    /// The tenant's settings as stored (the SMTP password sealed); empty before any were saved.
    func settings(tenantID: String) async throws -> TenantSettings
    func replaceSettings(_ settings: TenantSettings, tenantID: String, by actor: AuditActor) async throws -> TenantSettings
}

/// Warehouses: where a tenant's data lives.
public protocol WarehouseStore: Sendable {
    // MARK: Warehouses
    func createWarehouse(_ warehouse: WarehouseDraft, tenantID: String, by actor: AuditActor) async throws -> Warehouse
    func warehouses(tenantID: String, limit: Int, offset: Int) async throws -> [Warehouse]
    func warehouse(tenantID: String, name: String) async throws -> Warehouse?
    func updateWarehouse(
        tenantID: String, name: String, storageConfig: [String: String]?, vendingStrategy: JSONValue?,
        by actor: AuditActor
    ) async throws -> Warehouse
    func deleteWarehouse(tenantID: String, name: String, by actor: AuditActor) async throws
}

/// Catalogs and their namespaces.
public protocol CatalogTreeStore: Sendable {
    // MARK: Catalogs
    func createCatalog(_ catalog: CatalogDraft, tenantID: String, by actor: AuditActor) async throws -> Catalog
    /// The tenant's catalogs by name, or only those named in `names` (nil: all of them); the
    /// filter is applied before the page is cut, so pages are full.
    func catalogs(tenantID: String, names: Set<String>?, limit: Int, offset: Int) async throws -> [Catalog]
    func catalog(tenantID: String, name: String) async throws -> Catalog?
    func updateCatalog(tenantID: String, name: String, properties: [String: String], by actor: AuditActor) async throws -> Catalog
    func deleteCatalog(tenantID: String, name: String, by actor: AuditActor) async throws
    func catalogSummary(tenantID: String, name: String) async throws -> CatalogSummary

    // MARK: Namespaces
    func createNamespace(
        tenantID: String, catalog: String, path: NamespacePath, properties: [String: String], by actor: AuditActor
    ) async throws -> Namespace
    /// The namespaces directly under `parent`, or the top-level ones when `parent` is nil.
    func namespaces(tenantID: String, catalog: String, parent: NamespacePath?) async throws -> [Namespace]
    func namespace(tenantID: String, catalog: String, path: NamespacePath) async throws -> Namespace?
    /// Every namespace of the catalog, by path, with the number of assets directly in each.
    func namespaceTree(tenantID: String, catalog: String) async throws -> [NamespaceAssetCount]
    /// The tenant's namespaces whose dotted path contains `text`, ignoring case, in the catalogs
    /// named (all when nil).
    func namespaces(tenantID: String, containing text: String, catalogs: Set<String>?) async throws -> [CatalogNamespace]
    func updateNamespaceProperties(
        tenantID: String, catalog: String, path: NamespacePath, removals: [String], updates: [String: String],
        by actor: AuditActor
    ) async throws -> NamespacePropertiesChange
    func deleteNamespace(tenantID: String, catalog: String, path: NamespacePath, by actor: AuditActor) async throws
}

/// Assets, addressed by catalog, namespace and name.
public protocol AssetStore: Sendable {
    // MARK: Assets
    func registerAsset(_ registration: AssetRegistration, at address: NamespaceAddress, by actor: AuditActor) async throws -> Asset
    func asset(at address: AssetAddress) async throws -> Asset?
    func asset(id: String) async throws -> Asset?
    /// The namespace's assets that `visibility` admits, by name.
    func assets(in address: NamespaceAddress, visibility: AssetVisibility, limit: Int, offset: Int) async throws -> Page<Asset>
    func updateAsset(at address: AssetAddress, with update: AssetUpdate, by actor: AuditActor) async throws -> Asset
    /// Several updates in one transaction: all of them, or none when any fails.
    func updateAssets(_ changes: [(AssetAddress, AssetUpdate)], by actor: AuditActor) async throws -> [Asset]
    func deleteAsset(at address: AssetAddress, by actor: AuditActor) async throws
    /// Gives an asset another name or namespace in its catalog; its id, versions, grants and
    /// lineage stay. Audited as `audit` says, with where it came from and went.
    func renameAsset(at address: AssetAddress, to destination: AssetAddress, audit: AuditNote, by actor: AuditActor) async throws -> Asset
    /// Deletes an asset, audited as `audit` says (an Iceberg table's drop).
    func deleteAsset(at address: AssetAddress, audit: AuditNote, by actor: AuditActor) async throws
}

/// Versions, tags and the references that name them.
public protocol VersionStore: Sendable {
    // MARK: Versions, tags and references
    /// An asset's versions, newest first; kept after the asset is deleted.
    func versions(assetID: String, limit: Int, offset: Int) async throws -> Page<AssetVersion>
    /// The version a selector names, or a 404 that says what exists instead.
    func version(assetID: String, _ selector: AssetReference.Selector) async throws -> AssetVersion
    /// Every asset of the tenant that some reading of the reference names.
    func assets(matching reference: AssetReference, tenantID: String, catalog: String?) async throws -> [Asset]
    /// Where a deleted asset lived, for reading its history.
    func deletedAsset(id: String) async throws -> DeletedAsset?
    func tags(assetID: String) async throws -> [VersionTag]
    func createTag(assetID: String, name: String, at selector: AssetReference.Selector, message: String?, by actor: AuditActor) async throws -> VersionTag
    /// Points an existing tag at another version; audited with both versions.
    func moveTag(assetID: String, name: String, to selector: AssetReference.Selector, by actor: AuditActor) async throws -> VersionTag
    func deleteTag(assetID: String, name: String, by actor: AuditActor) async throws
}

/// Lineage edges and the walks over them.
public protocol LineageStore: Sendable {
    // MARK: Lineage
    /// Edges from each draft's upstream into `downstreamID`; an edge already there (same ends and
    /// relation) takes the new pins.
    func addLineage(_ drafts: [LineageDraft], downstreamID: String, by actor: AuditActor) async throws -> [LineageEdge]
    func lineageEdge(id: String) async throws -> LineageEdge?
    func deleteLineageEdge(id: String, by actor: AuditActor) async throws
    /// The edges and assets reached from an asset within `depth` steps; cycles end the walk.
    func lineage(of assetID: String, direction: LineageDirection, depth: Int, maxNodes: Int) async throws -> LineageWalk
    /// Everything downstream of one version of an asset, at any depth.
    func impact(of assetID: String, version: Int, maxNodes: Int) async throws -> LineageWalk
    func assets(ids: [String]) async throws -> [Asset]
}

/// Business metadata of assets.
public protocol MetadataStore: Sendable {
    // MARK: Business metadata
    func setMetadata(assetID: String, _ change: MetadataChange, by actor: AuditActor) async throws -> BusinessMetadata
    func metadata(assetID: String) async throws -> BusinessMetadata?
    func deleteMetadata(assetID: String, by actor: AuditActor) async throws
}

/// Full-text and property search.
public protocol SearchStore: Sendable {
    // MARK: Search
    func searchAssets(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) async throws -> Page<SearchHit>
    /// Counts by kind, catalog, namespace and label of what `searchAssets` would find.
    func searchFacets(_ query: SearchQuery, tenantID: String, visibility: AssetVisibility) async throws -> SearchFacets
}

/// Users, service users and tokens: who may sign in, and with what.
public protocol IdentityStore: Sendable {
    // MARK: Users
    func createUser(_ user: UserDraft, by actor: AuditActor) async throws -> User
    func user(id: String) async throws -> User?
    /// The user and their password hash, for login.
    func credentials(username: String) async throws -> (user: User, passwordHash: String)?
    func users(tenantID: String?, limit: Int, offset: Int) async throws -> [User]
    func setPasswordHash(userID: String, hash: String, by actor: AuditActor) async throws
    func updateUser(id: String, _ change: UserChange, by actor: AuditActor) async throws -> User
    /// Deletes a user with their tokens, grants and role assignments; returns the ids of the
    /// tokens that were still valid, which stay refused.
    func deleteUser(id: String, by actor: AuditActor) async throws -> [String]

    // MARK: Service users
    /// Creates a service user with the id its key was made for.
    func createServiceUser(_ draft: ServiceUserDraft, id: String, by actor: AuditActor) async throws -> ServiceUser
    func serviceUsers(tenantID: String, limit: Int, offset: Int) async throws -> [ServiceUser]
    func serviceUser(id: String) async throws -> ServiceUser?
    /// A service user with its key hash, for authentication.
    func serviceUserCredentials(id: String) async throws -> (serviceUser: ServiceUser, keyHash: String)?
    func updateServiceUser(id: String, name: String?, description: String?, active: Bool?, by actor: AuditActor) async throws -> ServiceUser
    func rotateServiceUserKey(id: String, keyHash: String, by actor: AuditActor) async throws -> ServiceUser
    func deleteServiceUser(id: String, by actor: AuditActor) async throws
    /// Notes when a key was used; not audited.
    func touchServiceUser(id: String, at date: Date) async throws

    // MARK: Tokens
    /// Records an issued token; a minted token is audited, a login token is covered by the login's event.
    func recordToken(_ token: TokenRecord, by actor: AuditActor) async throws
    func token(id: String) async throws -> TokenRecord?
    /// A user's tokens, newest first.
    func tokens(userID: String, limit: Int, offset: Int) async throws -> [TokenRecord]
    /// Revokes one token (revoking a revoked token changes nothing) and audits it.
    func revokeToken(id: String, by actor: AuditActor) async throws -> TokenRecord
    /// Revokes every valid token of a user, audits it, and returns the ids revoked.
    func revokeTokens(userID: String, by actor: AuditActor) async throws -> [String]
    /// Ids of revoked tokens that have not expired yet: what verification must still refuse.
    func revokedTokenIDs(notExpiredAt date: Date) async throws -> [String]
    /// Deletes the records of expired tokens, of one tenant or (nil) all; their ids.
    func removeExpiredTokens(tenantID: String?, by actor: AuditActor) async throws -> [String]

    // MARK: Failed logins
    /// Notes a failed login under each key (an account's, a client address's); failures before
    /// `forgetBefore` are dropped. Not audited here: the login's own event records it.
    func recordLoginFailure(keys: [String], at date: Date, forgetBefore: Date) async throws
    /// The failures under each key since `date`, oldest first.
    func loginFailures(keys: [String], since date: Date) async throws -> [String: [Date]]
    func clearLoginFailures(key: String) async throws
}

/// Roles and grants, and the grants a principal holds.
public protocol GrantStore: Sendable {
    // MARK: Roles and grants
    /// Grants to a user or service user of the tenant, named by id, username, email or service-user
    /// name; the scope is checked against what exists and its catalog stored by id.
    func grantPermission(_ draft: PermissionDraft, by actor: AuditActor) async throws -> Permission
    func permissions(tenantID: String, principalID: String?, limit: Int, offset: Int) async throws -> [Permission]
    func permission(id: String) async throws -> Permission?
    /// The user or service user of the tenant that `reference` names, as grants name them; a 404
    /// when none does.
    func principal(_ reference: String, tenantID: String) async throws -> (id: String, name: String)
    func revokePermission(id: String, by actor: AuditActor) async throws
    /// Everything granted to a principal, directly and through roles, with scopes resolved to names.
    func resolvedGrants(principalID: String) async throws -> [ResolvedGrant]
    func createRole(_ draft: RoleDraft, tenantID: String, by actor: AuditActor) async throws -> Role
    func roles(tenantID: String) async throws -> [Role]
    func role(id: String) async throws -> Role?
    func updateRole(id: String, _ draft: RoleDraft, by actor: AuditActor) async throws -> Role
    func deleteRole(id: String, by actor: AuditActor) async throws
    func assignRole(roleID: String, to principalID: String, by actor: AuditActor) async throws
    func unassignRole(roleID: String, from principalID: String, by actor: AuditActor) async throws
    func roles(assignedTo principalID: String) async throws -> [Role]
}

/// Requests for read access, and their review.
public protocol AccessRequestStore: Sendable {
    // MARK: Access requests
    func createAccessRequest(assetID: String, requester: Principal, reason: String?, by actor: AuditActor) async throws -> AccessRequest
    /// A tenant's requests (or one user's), pending first, then newest first.
    func accessRequests(tenantID: String, userID: String?, limit: Int, offset: Int) async throws -> [AccessRequest]
    func accessRequest(id: String) async throws -> AccessRequest?
    /// Approves (granting read on the asset in the same transaction) or denies a pending request.
    func reviewAccessRequest(id: String, status: AccessRequest.Status, comment: String?, by actor: AuditActor) async throws -> AccessRequest
}

/// The hash-chained audit log.
public protocol AuditStore: Sendable {
    // MARK: Audit
    /// Appends an event that accompanies no other change: a denial or a failed login.
    func recordAudit(_ entry: AuditEntry, by actor: AuditActor) async throws
    func auditEvents(_ query: AuditQuery) async throws -> [AuditEvent]
    func auditEventCount(_ query: AuditQuery) async throws -> Int
    func auditEvent(id: String) async throws -> AuditEvent?
    func verifyAuditChain() async throws -> AuditChainReport
}

/// What operators ask of the store.
public protocol OperationsStore: Sendable {
    // MARK: Operations
    func statistics(tenantID: String?) async throws -> CatalogStatistics
    /// Throws when the database cannot answer a trivial query.
    func checkReadiness() async throws
}
