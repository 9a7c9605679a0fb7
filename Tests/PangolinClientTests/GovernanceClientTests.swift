import Foundation
import PangolinClient
import PangolinModel
import PangolinTestSupport
import Testing

@Suite("PangolinClient: users, grants, service users, tokens, access requests and audit")
struct GovernanceClientTests {
    @Test("the seed's grant-permission READ and READ_WRITE, then a scientist's own client reads and writes accordingly")
    func grants() async throws {
        try await LiveServer.run { url in
            let admin = try await LiveServer.root(url)
            _ = try await admin.createCatalog(name: "ml_models")
            for name in ["production", "experiments"] { try await admin.createNamespace(try NamespacePath(parsing: name), in: "ml_models") }
            let production = try NamespacePath(parsing: "production")
            _ = try await admin.register(AssetDraft(name: "churn", kind: .mlModel, location: "s3://m/churn"), in: "ml_models", namespace: production)
            let user = try await admin.createUser(
                username: "data-scientist@company.com", email: "data-scientist@company.com", role: .tenantUser, password: "a-long-passphrase")
            let read = try await admin.grant(.read, to: "data-scientist@company.com",
                                             on: .namespace(catalogID: "ml_models", namespace: production))
            _ = try await admin.grant(.readWrite, to: user.id, on: .namespace(catalogID: "ml_models", namespace: try NamespacePath(parsing: "experiments")))
            #expect(read.role == "READ" && read.userID == user.id)
            #expect(try await admin.permissions(userID: user.id).count == 2)

            let scientist = PangolinClient(url: url)
            try await scientist.login(username: "data-scientist@company.com", password: "a-long-passphrase")
            #expect(try await scientist.asset("churn", in: "ml_models", namespace: production).name == "churn")
            await #expect {
                try await scientist.updateAsset("churn", in: "ml_models", namespace: production, AssetChange(location: "s3://x"))
            } throws: { error in (error as? PangolinError)?.code == .forbidden }
            _ = try await scientist.register(AssetDraft(name: "exp_7", kind: .mlModel, location: "s3://m/exp7"),
                                             in: "ml_models", namespace: try NamespacePath(parsing: "experiments"))

            try await admin.revokePermission(id: read.id)
            await #expect {
                try await scientist.asset("churn", in: "ml_models", namespace: production)
            } throws: { error in (error as? PangolinError)?.code == .notFound }
            #expect(try await admin.auditEvents(action: .revokePermission).count == 1)
            #expect(try await admin.verifyAuditChain().valid)
        }
    }

    @Test("roles, service users with keys, tokens and access requests round-trip through the client")
    func roundTrips() async throws {
        try await LiveServer.run { url in
            let admin = try await LiveServer.root(url)
            _ = try await admin.createCatalog(name: "lake")
            let ml = try NamespacePath(parsing: "ml")
            try await admin.createNamespace(ml, in: "lake")
            let asset = try await admin.register(AssetDraft(name: "payroll", kind: .csvTable, location: "s3://p"), in: "lake", namespace: ml)
            _ = try await admin.setMetadata(assetID: asset.id, description: "monthly payroll", discoverable: true)

            let role = try await admin.createRole(
                name: "lake-reader", permissions: [PermissionGrant(scope: .catalog(catalogID: "lake"), actions: [.read])])
            #expect(try await admin.roles().map(\.name).prefix(3) == ["READ", "READ_WRITE", "ADMIN"])
            let user = try await admin.createUser(username: "dana", role: .tenantUser, password: "dana-password")
            try await admin.assignRole(role.id, to: user.id)
            #expect(try await admin.roles(of: user.id).map(\.name) == ["lake-reader"])
            try await admin.unassignRole(role.id, from: user.id)

            let dana = PangolinClient(url: url)
            try await dana.login(username: "dana", password: "dana-password")
            let request = try await dana.requestAccess(assetID: asset.id, reason: "audit")
            #expect(request.status == .pending)
            let reviewed = try await admin.review(accessRequest: request.id, approve: true, comment: "ok")
            #expect(reviewed.status == .approved && reviewed.reviewComment == "ok")
            #expect(try await dana.asset(id: asset.id).id == asset.id)

            let key = try await admin.createServiceUser(name: "loader", role: .tenantAdmin)
            let machine = PangolinClient(url: url, credential: .apiKey(key.apiKey))
            #expect(try await machine.catalogs().map(\.name) == ["lake"])
            let rotated = try await admin.rotateServiceUserKey(id: key.serviceUser.id)
            #expect(rotated.apiKey != key.apiKey)
            await #expect {
                try await machine.catalogs()
            } throws: { error in (error as? PangolinError)?.code == .unauthenticated }

            let minted = try await admin.mintToken(for: "dana", hours: 2)
            let renewed = try await admin.rotateToken(id: minted.tokenID)
            #expect(renewed.username == "dana" && renewed.token != minted.token)
            #expect(try await PangolinClient(url: url, credential: .token(renewed.token)).me().username == "dana")
            #expect(try await dana.myTokens().count >= 2)
            _ = try await admin.updateUser(id: user.id, active: false)
            await #expect {
                try await dana.me()
            } throws: { error in (error as? PangolinError)?.code == .unauthenticated }
        }
    }
}
