/// The model's values whose JSON is one value its decoder parses, for `WireSchema`.
extension AssetKind: WireLeaf {}
extension UserRole: WireLeaf {}
extension PermissionAction: WireLeaf {}
extension CatalogType: WireLeaf {}
extension AuditAction: WireLeaf {}
extension ResourceKind: WireLeaf {}
extension AuditResult: WireLeaf {}
extension TokenRecord.Source: WireLeaf {}
extension AccessRequest.Status: WireLeaf {}

extension NamespacePath: WireLeaf {
    /// Its segments, outermost first.
    public static var wireSchema: JSONValue { .object(["type": "array", "items": .object(["type": "string"]), "minItems": .int(1)]) }
    public static var wireExample: NamespacePath { try! NamespacePath(["example"]) }
}

extension PermissionScope: WireLeaf {
    /// One object for every kind of scope: `type` says which, and which other field it needs.
    public static var wireSchema: JSONValue {
        .object([
            "type": "object", "required": .array(["type"]), "additionalProperties": false,
            "properties": .object([
                "type": .object(["type": "string", "enum": .array(["tenant", "catalog", "namespace", "asset", "tag"])]),
                "catalog_id": .object(["type": "string"]), "namespace": .object(["type": "string"]),
                "asset_id": .object(["type": "string"]), "tag_name": .object(["type": "string"]),
            ]),
        ])
    }
    public static var wireExample: PermissionScope { .tenant }
}
