import GRDB

/// The catalog's SQLite schema, as a list of named migrations. A migration is never edited once
/// released: a change of schema is a new migration.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-catalog") { db in
            // Timestamps are integer microseconds since 1970 so that they sort, compare and hash
            // exactly; JSON columns hold text written with sorted keys.
            try db.execute(sql: """
                CREATE TABLE tenants (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL UNIQUE,
                    properties TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE users (
                    id TEXT PRIMARY KEY NOT NULL,
                    username TEXT NOT NULL UNIQUE,
                    email TEXT,
                    role TEXT NOT NULL,
                    tenant_id TEXT REFERENCES tenants(id) ON DELETE RESTRICT,
                    password_hash TEXT NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX users_tenant ON users(tenant_id);
                CREATE TABLE warehouses (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
                    name TEXT NOT NULL,
                    storage_config TEXT NOT NULL,
                    vending_strategy TEXT,
                    created_at INTEGER NOT NULL,
                    UNIQUE (tenant_id, name)
                );
                CREATE TABLE catalogs (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
                    name TEXT NOT NULL,
                    catalog_type TEXT NOT NULL,
                    warehouse_id TEXT REFERENCES warehouses(id) ON DELETE RESTRICT,
                    properties TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    UNIQUE (tenant_id, name)
                );
                CREATE TABLE namespaces (
                    id TEXT PRIMARY KEY NOT NULL,
                    catalog_id TEXT NOT NULL REFERENCES catalogs(id) ON DELETE RESTRICT,
                    path TEXT NOT NULL,
                    parent_path TEXT,
                    properties TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    UNIQUE (catalog_id, path)
                );
                CREATE INDEX namespaces_parent ON namespaces(catalog_id, parent_path);
                CREATE TABLE assets (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
                    catalog_id TEXT NOT NULL REFERENCES catalogs(id) ON DELETE RESTRICT,
                    namespace_id TEXT NOT NULL REFERENCES namespaces(id) ON DELETE RESTRICT,
                    catalog_name TEXT NOT NULL,
                    namespace_path TEXT NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    location TEXT NOT NULL,
                    properties TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    UNIQUE (namespace_id, name)
                );
                CREATE UNIQUE INDEX assets_address ON assets(tenant_id, catalog_name, namespace_path, name);
                CREATE INDEX assets_tenant_kind ON assets(tenant_id, kind, name);
                CREATE INDEX assets_tenant_name ON assets(tenant_id, name);
                CREATE TABLE asset_versions (
                    asset_id TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    id TEXT NOT NULL UNIQUE,
                    location TEXT NOT NULL,
                    properties TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    created_by TEXT,
                    PRIMARY KEY (asset_id, number)
                ) WITHOUT ROWID;
                CREATE TABLE asset_metadata (
                    asset_id TEXT PRIMARY KEY NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
                    description TEXT,
                    tags TEXT NOT NULL,
                    properties TEXT NOT NULL,
                    discoverable INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    updated_by TEXT
                );
                CREATE TABLE asset_tags (
                    tag TEXT NOT NULL,
                    asset_seq INTEGER NOT NULL REFERENCES assets(seq) ON DELETE CASCADE,
                    PRIMARY KEY (tag, asset_seq)
                ) WITHOUT ROWID;
                CREATE INDEX asset_tags_asset ON asset_tags(asset_seq);
                CREATE TABLE asset_property_index (
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    asset_seq INTEGER NOT NULL REFERENCES assets(seq) ON DELETE CASCADE,
                    PRIMARY KEY (key, value, asset_seq)
                ) WITHOUT ROWID;
                CREATE INDEX asset_property_index_asset ON asset_property_index(asset_seq);
                CREATE VIRTUAL TABLE asset_search USING fts5(
                    name, description, tags, properties, tenant,
                    tokenize = 'unicode61 remove_diacritics 2'
                );
                CREATE TABLE audit_events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    tenant_id TEXT,
                    user_id TEXT,
                    username TEXT,
                    action TEXT NOT NULL,
                    resource_type TEXT NOT NULL,
                    resource_id TEXT,
                    resource_name TEXT,
                    result TEXT NOT NULL,
                    error_message TEXT,
                    ip_address TEXT,
                    user_agent TEXT,
                    metadata TEXT,
                    timestamp INTEGER NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX audit_tenant ON audit_events(tenant_id, seq);
                CREATE INDEX audit_user ON audit_events(user_id, seq);
                CREATE INDEX audit_resource ON audit_events(resource_type, seq);
                """)
        }
        migrator.registerMigration("v2-tokens") { db in
            // Every token the server issues, so that tokens can be listed and revoked; the token
            // text is never stored, only its id (the `jti` claim).
            try db.execute(sql: """
                CREATE TABLE tokens (
                    id TEXT PRIMARY KEY NOT NULL,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    tenant_id TEXT,
                    issued_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    revoked_at INTEGER,
                    source TEXT NOT NULL
                );
                CREATE INDEX tokens_user ON tokens(user_id, issued_at);
                CREATE INDEX tokens_revoked ON tokens(expires_at) WHERE revoked_at IS NOT NULL;
                """)
        }
        migrator.registerMigration("v3-service-users") { db in
            try db.execute(sql: """
                CREATE TABLE service_users (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
                    name TEXT NOT NULL,
                    description TEXT,
                    role TEXT NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1,
                    key_hash TEXT NOT NULL,
                    expires_at INTEGER,
                    last_used_at INTEGER,
                    created_at INTEGER NOT NULL,
                    UNIQUE (tenant_id, name)
                );
                """)
        }
        migrator.registerMigration("v4-governance") { db in
            // Custom roles hold their grants as JSON; built-in roles are not stored. A grant to a
            // principal keeps its scope in columns so that grants on a catalog, namespace or asset
            // can be found and removed with it.
            try db.execute(sql: """
                CREATE TABLE roles (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
                    name TEXT NOT NULL,
                    description TEXT,
                    permissions TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    UNIQUE (tenant_id, name)
                );
                CREATE TABLE role_assignments (
                    principal_id TEXT NOT NULL,
                    role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
                    tenant_id TEXT NOT NULL,
                    assigned_by TEXT,
                    assigned_at INTEGER NOT NULL,
                    PRIMARY KEY (principal_id, role_id)
                ) WITHOUT ROWID;
                CREATE INDEX role_assignments_role ON role_assignments(role_id);
                CREATE TABLE permissions (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
                    principal_id TEXT NOT NULL,
                    scope_type TEXT NOT NULL,
                    catalog_id TEXT,
                    namespace TEXT,
                    asset_id TEXT,
                    tag_name TEXT,
                    actions TEXT NOT NULL,
                    role TEXT,
                    granted_by TEXT,
                    granted_at INTEGER NOT NULL
                );
                CREATE INDEX permissions_principal ON permissions(principal_id);
                CREATE INDEX permissions_tenant ON permissions(tenant_id, granted_at);
                CREATE INDEX permissions_asset ON permissions(asset_id) WHERE asset_id IS NOT NULL;
                CREATE TABLE access_requests (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
                    asset_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    username TEXT NOT NULL,
                    reason TEXT,
                    status TEXT NOT NULL,
                    requested_at INTEGER NOT NULL,
                    reviewed_by TEXT,
                    reviewed_at INTEGER,
                    review_comment TEXT,
                    permission_id TEXT
                );
                CREATE INDEX access_requests_tenant ON access_requests(tenant_id, status, requested_at);
                CREATE INDEX access_requests_user ON access_requests(user_id, requested_at);
                -- What search shows to callers who may not read an asset.
                CREATE INDEX asset_metadata_discoverable ON asset_metadata(asset_id) WHERE discoverable = 1;
                -- A deleted user's tokens leave the tokens table with the user; their ids stay
                -- here until they expire, so that they are still refused after a restart.
                CREATE TABLE revoked_tokens_of_deleted_users (
                    id TEXT PRIMARY KEY NOT NULL,
                    expires_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v5-versions") { db in
            // What a change may say about the version it makes; git-style tags on versions; and
            // where a deleted asset lived, so that its history stays readable to administrators.
            try db.execute(sql: """
                ALTER TABLE asset_versions ADD COLUMN size_bytes INTEGER;
                ALTER TABLE asset_versions ADD COLUMN checksum TEXT;
                ALTER TABLE asset_versions ADD COLUMN message TEXT;
                ALTER TABLE asset_versions ADD COLUMN run_id TEXT;
                CREATE INDEX asset_versions_time ON asset_versions(asset_id, created_at);
                CREATE TABLE version_tags (
                    asset_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    message TEXT,
                    created_at INTEGER NOT NULL,
                    created_by TEXT,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (asset_id, name)
                ) WITHOUT ROWID;
                CREATE TABLE deleted_assets (
                    asset_id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL,
                    catalog_name TEXT NOT NULL,
                    namespace_path TEXT NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    deleted_at INTEGER NOT NULL,
                    deleted_by TEXT
                );
                CREATE INDEX deleted_assets_address ON deleted_assets(tenant_id, catalog_name, namespace_path, name);
                """)
        }
        migrator.registerMigration("v6-lineage") { db in
            // "downstream was made from upstream", each end optionally pinned to a version.
            try db.execute(sql: """
                CREATE TABLE lineage_edges (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL,
                    upstream_id TEXT NOT NULL,
                    upstream_version INTEGER,
                    downstream_id TEXT NOT NULL,
                    downstream_version INTEGER,
                    relation TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    created_by TEXT,
                    UNIQUE (downstream_id, upstream_id, relation)
                );
                CREATE INDEX lineage_upstream ON lineage_edges(upstream_id);
                """)
        }
        migrator.registerMigration("v7-login-failures") { db in
            try db.execute(sql: """
                CREATE TABLE login_failures (key TEXT NOT NULL, at INTEGER NOT NULL);
                CREATE INDEX login_failures_key ON login_failures(key, at);
                CREATE INDEX login_failures_at ON login_failures(at);
                """)
        }
        migrator.registerMigration("v8-tenant-settings") { db in
            try db.execute(sql: """
                CREATE TABLE tenant_settings (
                    tenant_id TEXT PRIMARY KEY NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                    settings TEXT NOT NULL,
                    updated_at INTEGER NOT NULL);
                """)
        }
        return migrator
    }
}
