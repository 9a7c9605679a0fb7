import PangolinModel

/// Statements on tenants.
public protocol TenantRepository {
    func tenant(id: String) throws -> Tenant?
    func tenant(named name: String) throws -> Tenant?
    func tenants(limit: Int, offset: Int) throws -> [Tenant]
    func insertTenant(_ tenant: Tenant) throws
    func updateTenantProperties(id: String, _ properties: [String: String]) throws
    func deleteTenant(id: String) throws
    /// What the tenant still holds, which must be deleted before it.
    func tenantContents(id: String) throws -> [StoreMessages.Count]
    /// The tenant's settings as stored JSON text, or nil before any were saved.
    func tenantSettings(tenantID: String) throws -> String?
    func saveTenantSettings(tenantID: String, _ json: String, at micros: Int64) throws
}

extension CatalogDatabase: TenantStore {
    public func createTenant(name: String, properties: [String: String], by actor: AuditActor) async throws -> Tenant {
        try Names.validate(name, as: .tenant)
        return try await write { tx in
            if try tx.tenant(named: name) != nil {
                throw PangolinError.exists(.tenant, "a tenant named '\(name)' already exists")
            }
            let tenant = Tenant(id: Identifiers.make(), name: name, properties: properties, createdAt: StoredValues.now().date)
            try tx.insertTenant(tenant)
            try AuditChain.append(Self.auditEntry(.createTenant, tenant), by: actor, in: tx)
            return tenant
        }
    }

    public func tenants(limit: Int, offset: Int) async throws -> [Tenant] {
        try await backend.read { tx in try tx.tenants(limit: limit, offset: offset) }
    }

    public func tenant(id: String) async throws -> Tenant? {
        try await backend.lookup { tx in try tx.tenant(id: id) }
    }

    public func tenant(named name: String) async throws -> Tenant? {
        try await backend.lookup { tx in try tx.tenant(named: name) }
    }

    public func updateTenant(id: String, properties: [String: String], by actor: AuditActor) async throws -> Tenant {
        try await write { tx in
            var tenant = try Self.requireTenant(id: id, in: tx)
            tenant.properties = properties
            try tx.updateTenantProperties(id: id, properties)
            try AuditChain.append(Self.auditEntry(.updateTenant, tenant), by: actor, in: tx)
            return tenant
        }
    }

    public func deleteTenant(id: String, by actor: AuditActor) async throws {
        try await write { tx in
            let tenant = try Self.requireTenant(id: id, in: tx)
            let contents = StoreMessages.listing(try tx.tenantContents(id: id))
            if !contents.isEmpty {
                throw PangolinError.notEmpty(.tenant, "tenant '\(tenant.name)' still has \(contents); delete them first")
            }
            try tx.deleteTenant(id: id)
            try AuditChain.append(Self.auditEntry(.deleteTenant, tenant), by: actor, in: tx)
        }
    }

    public func settings(tenantID: String) async throws -> TenantSettings {
        try await backend.lookup { tx in
            guard let json = try tx.tenantSettings(tenantID: tenantID) else { return TenantSettings() }
            return try StoredValues.decode(TenantSettings.self, json)
        }
    }

    /// Replaces every setting; `smtpPassword` nil keeps the stored one, "" removes it (the caller
    /// seals a new one before it gets here).
    public func replaceSettings(_ settings: TenantSettings, tenantID: String, by actor: AuditActor) async throws -> TenantSettings {
        if let problem = settings.problem { throw PangolinError.invalid(problem) }
        return try await write { tx in
            let tenant = try Self.requireTenant(id: tenantID, in: tx)
            let stored = try tx.tenantSettings(tenantID: tenantID).map { try StoredValues.decode(TenantSettings.self, $0) }
            var next = settings
            next.smtpPassword = switch settings.smtpPassword {
            case nil: stored?.smtpPassword
            case "": nil
            case let sealed: sealed
            }
            next.smtpPasswordSet = nil
            try tx.saveTenantSettings(tenantID: tenantID, try StoredValues.json(next), at: StoredValues.now().micros)
            try AuditChain.append(Self.auditEntry(.updateTenantSettings, tenant), by: actor, in: tx)
            return next
        }
    }

    private static func requireTenant(id: String, in tx: Backend.Transaction) throws -> Tenant {
        guard let tenant = try tx.tenant(id: id) else { throw PangolinError.notFound(.tenant, "no tenant with id '\(id)'") }
        return tenant
    }

    private static func auditEntry(_ action: AuditAction, _ tenant: Tenant) -> AuditEntry {
        AuditEntry(action: action, resourceType: "tenant", resourceID: tenant.id, resourceName: tenant.name, tenantID: tenant.id)
    }
}
