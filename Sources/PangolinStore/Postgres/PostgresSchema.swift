/// The catalog's tables on PostgreSQL. Timestamps are microseconds since 1970 and structured
/// values the catalog's JSON text, as on SQLite, so that both backends store (and the audit chain
/// hashes) the same values. Migrations run in order, each once, under an advisory lock, so that
/// instances starting together do not run one twice.
enum PostgresSchema {
    static let migrations: [(name: String, sql: [String])] = [
        ("v1-catalog", [
            """
            CREATE TABLE tenants (
                id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, properties TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, email TEXT, role TEXT NOT NULL,
                tenant_id TEXT REFERENCES tenants(id) ON DELETE RESTRICT, password_hash TEXT NOT NULL,
                active BOOLEAN NOT NULL DEFAULT TRUE, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX users_tenant ON users(tenant_id)",
            """
            CREATE TABLE warehouses (
                id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT, name TEXT NOT NULL,
                storage_config TEXT NOT NULL, vending_strategy TEXT, created_at BIGINT NOT NULL, UNIQUE (tenant_id, name))
            """,
            """
            CREATE TABLE catalogs (
                id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT, name TEXT NOT NULL,
                catalog_type TEXT NOT NULL, warehouse_id TEXT REFERENCES warehouses(id) ON DELETE RESTRICT,
                properties TEXT NOT NULL, created_at BIGINT NOT NULL, UNIQUE (tenant_id, name))
            """,
            """
            CREATE TABLE namespaces (
                id TEXT PRIMARY KEY, catalog_id TEXT NOT NULL REFERENCES catalogs(id) ON DELETE RESTRICT, path TEXT NOT NULL,
                parent_path TEXT, properties TEXT NOT NULL, created_at BIGINT NOT NULL, UNIQUE (catalog_id, path))
            """,
            "CREATE INDEX namespaces_parent ON namespaces(catalog_id, parent_path)",
            """
            CREATE TABLE assets (
                id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
                catalog_id TEXT NOT NULL REFERENCES catalogs(id) ON DELETE RESTRICT,
                namespace_id TEXT NOT NULL REFERENCES namespaces(id) ON DELETE RESTRICT,
                catalog_name TEXT NOT NULL, namespace_path TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
                location TEXT NOT NULL, properties TEXT NOT NULL, version INTEGER NOT NULL, created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL, search TSVECTOR, UNIQUE (namespace_id, name))
            """,
            "CREATE UNIQUE INDEX assets_address ON assets(tenant_id, catalog_name, namespace_path, name)",
            "CREATE INDEX assets_tenant_kind ON assets(tenant_id, kind, name)",
            "CREATE INDEX assets_tenant_name ON assets(tenant_id, name)",
            "CREATE INDEX assets_namespace_name ON assets(namespace_id, name)",
            "CREATE INDEX assets_search ON assets USING GIN (search)",
            """
            CREATE TABLE asset_versions (
                asset_id TEXT NOT NULL, number INTEGER NOT NULL, id TEXT NOT NULL UNIQUE, location TEXT NOT NULL,
                properties TEXT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT, size_bytes BIGINT, checksum TEXT,
                message TEXT, run_id TEXT, PRIMARY KEY (asset_id, number))
            """,
            "CREATE INDEX asset_versions_time ON asset_versions(asset_id, created_at)",
            """
            CREATE TABLE asset_metadata (
                asset_id TEXT PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE, description TEXT, tags TEXT NOT NULL,
                properties TEXT NOT NULL, discoverable BOOLEAN NOT NULL, updated_at BIGINT NOT NULL, updated_by TEXT)
            """,
            "CREATE INDEX asset_metadata_discoverable ON asset_metadata(asset_id) WHERE discoverable",
            """
            CREATE TABLE asset_tags (
                tag TEXT NOT NULL, asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE, PRIMARY KEY (tag, asset_id))
            """,
            "CREATE INDEX asset_tags_asset ON asset_tags(asset_id)",
            """
            CREATE TABLE asset_property_index (
                key TEXT NOT NULL, value TEXT NOT NULL, asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
                PRIMARY KEY (key, value, asset_id))
            """,
            "CREATE INDEX asset_property_index_asset ON asset_property_index(asset_id)",
            """
            CREATE TABLE version_tags (
                asset_id TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL, message TEXT, created_at BIGINT NOT NULL,
                created_by TEXT, updated_at BIGINT NOT NULL, PRIMARY KEY (asset_id, name))
            """,
            """
            CREATE TABLE deleted_assets (
                asset_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, catalog_name TEXT NOT NULL, namespace_path TEXT NOT NULL,
                name TEXT NOT NULL, kind TEXT NOT NULL, deleted_at BIGINT NOT NULL, deleted_by TEXT)
            """,
            """
            CREATE TABLE lineage_edges (
                id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, upstream_id TEXT NOT NULL, upstream_version INTEGER,
                downstream_id TEXT NOT NULL, downstream_version INTEGER, relation TEXT NOT NULL, created_at BIGINT NOT NULL,
                created_by TEXT, UNIQUE (downstream_id, upstream_id, relation))
            """,
            "CREATE INDEX lineage_upstream ON lineage_edges(upstream_id)",
            """
            CREATE TABLE audit_events (
                seq BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, tenant_id TEXT, user_id TEXT, username TEXT, action TEXT NOT NULL,
                resource_type TEXT NOT NULL, resource_id TEXT, resource_name TEXT, result TEXT NOT NULL, error_message TEXT,
                ip_address TEXT, user_agent TEXT, metadata TEXT, timestamp BIGINT NOT NULL, previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL)
            """,
            "CREATE INDEX audit_tenant ON audit_events(tenant_id, seq)",
            "CREATE INDEX audit_user ON audit_events(user_id, seq)",
            "CREATE INDEX audit_resource ON audit_events(resource_type, seq)",
            // One row, locked by the linker until its transaction ends: events linked by any
            // number of instances form one chain.
            "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL)",
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '')",
            """
            CREATE TABLE tokens (
                id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, tenant_id TEXT,
                issued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, revoked_at BIGINT, source TEXT NOT NULL)
            """,
            "CREATE INDEX tokens_user ON tokens(user_id, issued_at)",
            "CREATE INDEX tokens_revoked ON tokens(expires_at) WHERE revoked_at IS NOT NULL",
            "CREATE TABLE revoked_tokens_of_deleted_users (id TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)",
            """
            CREATE TABLE service_users (
                id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT, name TEXT NOT NULL,
                description TEXT, role TEXT NOT NULL, active BOOLEAN NOT NULL DEFAULT TRUE, key_hash TEXT NOT NULL,
                expires_at BIGINT, last_used_at BIGINT, created_at BIGINT NOT NULL, UNIQUE (tenant_id, name))
            """,
            """
            CREATE TABLE roles (
                id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT, name TEXT NOT NULL,
                description TEXT, permissions TEXT NOT NULL, created_at BIGINT NOT NULL, UNIQUE (tenant_id, name))
            """,
            """
            CREATE TABLE role_assignments (
                principal_id TEXT NOT NULL, role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE, tenant_id TEXT NOT NULL,
                assigned_by TEXT, assigned_at BIGINT NOT NULL, PRIMARY KEY (principal_id, role_id))
            """,
            "CREATE INDEX role_assignments_role ON role_assignments(role_id)",
            """
            CREATE TABLE permissions (
                id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT, principal_id TEXT NOT NULL,
                scope_type TEXT NOT NULL, catalog_id TEXT, namespace TEXT, asset_id TEXT, tag_name TEXT, actions TEXT NOT NULL,
                role TEXT, granted_by TEXT, granted_at BIGINT NOT NULL)
            """,
            "CREATE INDEX permissions_principal ON permissions(principal_id)",
            "CREATE INDEX permissions_tenant ON permissions(tenant_id, granted_at)",
            "CREATE INDEX permissions_asset ON permissions(asset_id) WHERE asset_id IS NOT NULL",
            """
            CREATE TABLE access_requests (
                id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT, asset_id TEXT NOT NULL,
                user_id TEXT NOT NULL, username TEXT NOT NULL, reason TEXT, status TEXT NOT NULL, requested_at BIGINT NOT NULL,
                reviewed_by TEXT, reviewed_at BIGINT, review_comment TEXT, permission_id TEXT)
            """,
            "CREATE INDEX access_requests_tenant ON access_requests(tenant_id, status, requested_at)",
            "CREATE INDEX access_requests_user ON access_requests(user_id, requested_at)",
        ]),
        ("v2-login-failures", [
            "CREATE TABLE login_failures (key TEXT NOT NULL, at BIGINT NOT NULL)",
            "CREATE INDEX login_failures_key ON login_failures(key, at)",
            "CREATE INDEX login_failures_at ON login_failures(at)",
        ]),
        // Writes insert their events unlinked (no sequence yet) and a linker gives them their
        // place in the chain after they commit: `appended` orders them until then.
        ("v3-audit-linked-after-commit", [
            "ALTER TABLE audit_events ADD COLUMN appended BIGSERIAL",
            "ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey",
            "ALTER TABLE audit_events ADD PRIMARY KEY (appended)",
            "ALTER TABLE audit_events ALTER COLUMN seq DROP NOT NULL",
            "CREATE UNIQUE INDEX audit_seq ON audit_events(seq)",
            "CREATE INDEX audit_unlinked ON audit_events(appended) WHERE seq IS NULL",
        ]),
        ("v4-tenant-settings", [
            """
            CREATE TABLE tenant_settings (
                tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE, settings TEXT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
        ]),
        // The unique constraint on (namespace_id, name) is already an index on those columns;
        // a second one only made every registration write one more index entry.
        ("v5-drop-duplicate-asset-index", [
            "DROP INDEX IF EXISTS assets_namespace_name",
        ]),
    ]
}
