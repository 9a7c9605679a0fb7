import Foundation
import GRDB
import Testing
import PangolinModel
@testable import PangolinStore

@Suite("Audit chain")
struct AuditStoreTests {
    @Test("every change is recorded with who made it, and the chain verifies", arguments: Backend.allCases)
    func changesAreAudited(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        let asset = try await fixture.register("model")
        let events = try await fixture.store.auditEvents(AuditQuery(resourceType: "asset"))
        let event = try #require(events.first)
        #expect(event.action == "register_asset")
        #expect(event.resourceID == asset.id)
        #expect(event.username == "tester")
        #expect(event.ipAddress == "127.0.0.1")
        let report = try await fixture.store.verifyAuditChain()
        #expect(report.valid)
        #expect(report.eventsChecked == (try await fixture.store.auditEventCount(AuditQuery())))
    }

    @Test("concurrent writes, some of them refused, commit together and keep the chain whole", arguments: Backend.allCases)
    func concurrentWrites(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        // Every fourth name repeats an earlier one, so a quarter of the writes fail mid-group.
        let names = (0..<80).map { "model_\($0 % 4 == 3 ? $0 - 1 : $0)" }
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for name in names { group.addTask { (try? await fixture.register(name)) != nil } }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(outcomes == 60)
        #expect(try await fixture.store.assets(in: fixture.namespace, visibility: .all, limit: 100, offset: 0).total == 60)
        #expect(try await fixture.store.auditEventCount(AuditQuery(action: .registerAsset)) == 60)
        let report = try await fixture.store.verifyAuditChain()
        #expect(report.valid, "\(report.reason ?? "")")
    }

    @Test("a write's event is linked into the chain by the time the write returns", arguments: Backend.allCases)
    func linkedOnReturn(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        let linked = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let asset = try await fixture.register("model_\(index)")
                    let events = try await fixture.store.auditEvents(AuditQuery(resourceID: asset.id))
                    return events.count == 1 && events[0].sequence > 0 && events[0].hash.count == 64
                }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(linked == 24)
        let sequences = try await fixture.store.auditEvents(AuditQuery(limit: 100)).map(\.sequence)
        #expect(sequences == Array((1...Int64(sequences.count)).reversed()))
    }

    @Test("events a write committed but never linked are linked by the next write, in the order they were stored")
    func unlinkedEventsAreTakenLater() async throws {
        let fixture = try await StoreFixture(.postgres)
        let database = try #require(fixture.store as? CatalogDatabase<PostgresBackend>)
        // What an instance stopped between its commit and its link leaves behind.
        for action in [AuditAction.login, .authenticate] {
            try await database.backend.write { tx in
                try AuditChain.append(AuditEntry(action: action, resourceType: "user", tenantID: nil, result: .success), by: tester, in: tx)
            }
        }
        let before = try await fixture.store.auditEventCount(AuditQuery())
        #expect(try await fixture.store.auditEventCount(AuditQuery(action: .login)) == 0)
        try await fixture.register("next")
        let events = try await fixture.store.auditEvents(AuditQuery(limit: 3))
        #expect(events.map(\.action) == ["register_asset", "authenticate", "login"])
        #expect(try await fixture.store.auditEventCount(AuditQuery()) == before + 3)
        let report = try await fixture.store.verifyAuditChain()
        #expect(report.valid, "\(report.reason ?? "")")
    }

    @Test("filters select by tenant, user, action, result and time", arguments: Backend.allCases)
    func filters(backend: Backend) async throws {
        let fixture = try await StoreFixture(backend)
        try await fixture.store.recordAudit(
            AuditEntry(action: .login, resourceType: "user", tenantID: nil, result: .failure), by: .system)
        #expect(try await fixture.store.auditEventCount(AuditQuery(result: .failure)) == 1)
        #expect(try await fixture.store.auditEventCount(AuditQuery(userID: "u-1")) == 5)
        #expect(try await fixture.store.auditEventCount(AuditQuery(tenantID: fixture.tenant.id, action: .createNamespace)) == 3)
        let future = Date().addingTimeInterval(3600)
        #expect(try await fixture.store.auditEventCount(AuditQuery(start: future)) == 0)
    }

    @Test("altering, removing or reordering an event breaks the chain at that event", arguments: Backend.allCases)
    func tamperingIsDetected(backend: Backend) async throws {
        for tamper in [
            "UPDATE audit_events SET username = 'mallory' WHERE seq = 3",
            "DELETE FROM audit_events WHERE seq = 3",
            "UPDATE audit_events SET previous_hash = 'x' WHERE seq = 3",
        ] {
            let fixture = try await StoreFixture(backend)
            try await fixture.execute(tamper)
            let report = try await fixture.store.verifyAuditChain()
            #expect(report.valid == false, "\(tamper)")
            #expect(report.eventsChecked == 2, "\(tamper)")
            #expect(report.reason != nil)
        }
    }
}
