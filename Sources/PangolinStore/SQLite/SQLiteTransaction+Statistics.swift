import GRDB
import PangolinModel

extension SQLiteTransaction: OperationsRepository {
    public func statistics(tenantID: String?) throws -> CatalogStatistics {
        func count(_ table: String, where condition: String = "") throws -> Int {
            let filter = tenantID == nil ? "" : "WHERE \(condition.isEmpty ? "tenant_id = ?" : condition)"
            return try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM \(table) \(filter)", arguments: tenantID.map { [$0] } ?? []) ?? 0
        }
        let namespaceFilter = "catalog_id IN (SELECT id FROM catalogs WHERE tenant_id = ?)"
        let tables = try Int.fetchOne(
            db, cached: "SELECT COUNT(*) FROM assets WHERE kind = ?\(tenantID == nil ? "" : " AND tenant_id = ?")",
            arguments: [AssetKind.icebergTable.rawValue] + (tenantID.map { [$0] } ?? [])) ?? 0
        return CatalogStatistics(
            tenantsCount: tenantID == nil ? try count("tenants") : 1,
            warehousesCount: try count("warehouses"), catalogsCount: try count("catalogs"),
            namespacesCount: try count("namespaces", where: namespaceFilter), assetsCount: try count("assets"),
            tablesCount: tables, usersCount: try count("users"), scope: tenantID == nil ? "system" : "tenant")
    }
}
