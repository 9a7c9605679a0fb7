import PangolinModel
import Testing

@Suite("Access rules: scope containment and action implication")
struct AccessProfileTests {
    func path(_ dotted: String) throws -> NamespacePath { try NamespacePath(parsing: dotted) }

    func asset(_ catalog: String, _ namespace: String, id: String = "a1", labels: [String] = []) throws -> AssetFacts {
        AssetFacts(id: id, catalog: catalog, namespace: try path(namespace), labels: labels)
    }

    @Test("all implies every action, write implies read/list/create/update/delete, read implies list, nothing else")
    func implication() {
        #expect(PermissionAction.all.implied == Set(PermissionAction.allCases))
        #expect(PermissionAction.write.implied == [.write, .read, .list, .create, .update, .delete])
        #expect(PermissionAction.read.implied == [.read, .list])
        for action in [PermissionAction.list, .create, .update, .delete, .manageDiscovery] {
            #expect(action.implied == [action], "\(action) implies only itself")
        }
        #expect(!PermissionAction.write.implied.contains(.manageDiscovery), "write does not imply manage-discovery")
    }

    @Test("read on a namespace allows reading and listing its assets, never updating, creating or deleting them")
    func readDoesNotImplyUpdate() throws {
        let profile = AccessProfile(grants: [ResolvedGrant(target: .namespace(catalog: "lake", path: try path("ml.prod")), actions: [.read])])
        let churn = try asset("lake", "ml.prod")
        #expect(profile.allows(.read, asset: churn))
        #expect(profile.allows(.list, asset: churn))
        for action in [PermissionAction.update, .create, .delete, .write, .manageDiscovery, .all] {
            #expect(!profile.allows(action, asset: churn), "read does not imply \(action)")
        }
    }

    @Test("a namespace grant covers nested namespaces but not siblings, parents, look-alike names or other catalogs")
    func namespaceContainment() throws {
        let profile = AccessProfile(grants: [ResolvedGrant(target: .namespace(catalog: "lake", path: try path("ml.prod")), actions: [.read])])
        #expect(profile.allows(.read, asset: try asset("lake", "ml.prod")))
        #expect(profile.allows(.read, asset: try asset("lake", "ml.prod.daily")))
        #expect(!profile.allows(.read, asset: try asset("lake", "ml.staging")), "a sibling is not covered")
        #expect(!profile.allows(.read, asset: try asset("lake", "ml")), "the parent is not covered")
        #expect(!profile.allows(.read, asset: try asset("lake", "ml.production")), "a name sharing the prefix is not covered")
        #expect(!profile.allows(.read, asset: try asset("sea", "ml.prod")), "the same namespace in another catalog is not covered")
        // The parent can be browsed on the way down, but nothing in it is readable.
        #expect(profile.reaches(catalog: "lake", namespace: try path("ml")))
        #expect(!profile.reaches(catalog: "lake", namespace: try path("ml.staging")))
        #expect(profile.reaches(catalog: "lake") && !profile.reaches(catalog: "sea"))
    }

    @Test("an asset grant covers that asset only; a label grant every asset carrying the label and nothing else")
    func assetAndLabel() throws {
        let profile = AccessProfile(grants: [
            ResolvedGrant(target: .asset(id: "a1", catalog: "lake", namespace: try path("ml.prod")), actions: [.read]),
            ResolvedGrant(target: .label("gold"), actions: [.read]),
        ])
        #expect(profile.allows(.read, asset: try asset("lake", "ml.prod", id: "a1")))
        #expect(!profile.allows(.read, asset: try asset("lake", "ml.prod", id: "a2")), "another asset of the namespace")
        #expect(profile.allows(.read, asset: try asset("sea", "x", id: "a9", labels: ["silver", "gold"])))
        #expect(!profile.allows(.read, asset: try asset("sea", "x", id: "a9", labels: ["golden"])), "labels match whole")
        #expect(!profile.allows(.update, asset: try asset("lake", "ml.prod", id: "a1")))
        #expect(!profile.allows(.read, catalog: "lake", namespace: try path("ml.prod")), "an asset grant gives nothing on its namespace")
    }

    @Test("tenant and catalog grants cover everything beneath them")
    func broadScopes() throws {
        let catalog = AccessProfile(grants: [ResolvedGrant(target: .catalog("lake"), actions: [.write])])
        #expect(catalog.allows(.delete, asset: try asset("lake", "any.depth.at.all")))
        #expect(!catalog.allows(.delete, asset: try asset("sea", "ml")))
        #expect(catalog.allows(.update, catalog: "lake") && !catalog.allowsOnTenant(.create))
        let tenant = AccessProfile(grants: [ResolvedGrant(target: .tenant, actions: [.all])])
        #expect(tenant.allows(.manageDiscovery, asset: try asset("sea", "x")))
        #expect(tenant.allowsOnTenant(.create))
        #expect(tenant.visibility() == .all)
    }

    @Test("the visibility filter holds exactly the scopes whose grants allow reading")
    func visibility() throws {
        let profile = AccessProfile(grants: [
            ResolvedGrant(target: .namespace(catalog: "lake", path: try path("ml.prod")), actions: [.read]),
            ResolvedGrant(target: .catalog("sea"), actions: [.create]),
            ResolvedGrant(target: .label("gold"), actions: [.write]),
        ])
        let visibility = profile.visibility(for: .read)
        #expect(!visibility.everything)
        #expect(visibility.namespaces == [.init(catalog: "lake", path: try path("ml.prod"))])
        #expect(visibility.catalogs.isEmpty, "create on a catalog does not make its assets readable")
        #expect(visibility.labels == ["gold"], "write implies read")
        #expect(AccessProfile.none.visibility().isEmpty)
    }

    @Test("actions and scopes parse from pypangolin's spellings and reject anything else")
    func parsing() throws {
        #expect(try PermissionAction(parsing: "MANAGE_DISCOVERY") == .manageDiscovery)
        #expect(throws: PangolinError.self) { try PermissionAction(parsing: "admin") }
        #expect(BuiltInRole(named: "read-write") == .readWrite)
        #expect(BuiltInRole(named: "OWNER") == nil)
    }
}
