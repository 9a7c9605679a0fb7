import PangolinModel

/// Statements on grants and roles.
public protocol GrantRepository {
    /// Removes the grants on what `scope` names and on everything inside it: a catalog's grants
    /// include those on its namespaces.
    func deletePermissions(on scope: PermissionScope) throws
}
