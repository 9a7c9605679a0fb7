import PangolinModel
import PostgresNIO

extension PostgresTransaction {
    public func statistics(tenantID: String?) throws -> CatalogStatistics {
        func count(_ table: String, tenantColumn: String = "tenant_id", where condition: String? = nil) throws -> Int {
            var sql = SQLBuilder("SELECT COUNT(*) AS count FROM \(table)")
            var conditions = condition.map { [$0] } ?? []
            if let tenantID { conditions.append("\(tenantColumn) = \(try sql.placeholder(for: tenantID))") }
            if !conditions.isEmpty { try sql.append(" WHERE " + conditions.joined(separator: " AND ")) }
            return try self.count(sql.query)
        }
        return CatalogStatistics(
            tenantsCount: tenantID == nil ? try count("tenants") : 1, warehousesCount: try count("warehouses"),
            catalogsCount: try count("catalogs"),
            namespacesCount: try count("namespaces n JOIN catalogs c ON c.id = n.catalog_id", tenantColumn: "c.tenant_id"),
            assetsCount: try count("assets"), tablesCount: try count("assets", where: "kind = '\(AssetKind.icebergTable.rawValue)'"),
            usersCount: try count("users"), scope: tenantID == nil ? "system" : "tenant")
    }
}
