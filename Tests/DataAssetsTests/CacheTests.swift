import DataAssets
import Foundation
import PangolinTestSupport
import Testing

@Suite("Caching")
struct CacheTests {
    private func counted(_ counter: Counter, expiration: Duration? = nil) -> Asset<NoParameters> {
        Asset(path: "cache/people.json", options: AssetOptions(cacheExpiration: expiration)) {
            counter.increment()
            return [Person(id: counter.count, name: "run")]
        }
    }

    @Test("a result materialized within the expiration is reused by a new session without running the function", arguments: StoreKind.allCases)
    func hitWithinExpiration(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let counter = Counter()
        let asset = counted(counter, expiration: .seconds(3600))
        let first = try await asset.materialize(in: temp.workspace)
        let second = try await asset.materialize(in: temp.newSession())
        #expect(counter.count == 1)
        #expect(second.reused)
        #expect(second.run.id == first.run.id)
    }

    @Test("a result older than the expiration is not reused", arguments: StoreKind.allCases)
    func missOutsideExpiration(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let counter = Counter()
        let asset = counted(counter, expiration: .nanoseconds(1))
        _ = try await asset.materialize(in: temp.workspace)
        try await Task.sleep(for: .milliseconds(2))
        let second = try await asset.materialize(in: temp.newSession())
        #expect(counter.count == 2)
        #expect(!second.reused)
    }

    @Test("without an expiration a new session runs the function again", arguments: StoreKind.allCases)
    func noExpiration(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let counter = Counter()
        let asset = counted(counter)
        _ = try await asset.materialize(in: temp.workspace)
        _ = try await asset.materialize(in: temp.newSession())
        #expect(counter.count == 2)
    }

    @Test("a cached result whose primary file is gone is not reused", arguments: StoreKind.allCases)
    func missingPrimary(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let counter = Counter()
        let asset = counted(counter, expiration: .seconds(3600))
        _ = try await asset.materialize(in: temp.workspace)
        try await temp.store.delete("cache/people.json")
        _ = try await asset.materialize(in: temp.newSession())
        #expect(counter.count == 2)
    }

    @Test("cache-first reuses any existing result, however old", arguments: StoreKind.allCases)
    func preferExisting(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let counter = Counter()
        let asset = counted(counter)
        _ = try await asset.materialize(in: temp.workspace)
        let reused = try await asset.materialize(in: temp.newSession(), cache: .preferExisting)
        #expect(reused.reused)
        #expect(counter.count == 1)
    }

    @Test("within one session an asset runs once, however often it is materialized, read or queried", arguments: StoreKind.allCases)
    func oncePerSession(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let counter = Counter()
        let asset = counted(counter)
        _ = try await asset.materialize(in: temp.workspace)
        _ = try await asset.materialize(in: temp.workspace)
        _ = try await asset.query("WHERE id = 1", in: temp.workspace)
        _ = try await asset.rows(as: Person.self, in: temp.workspace)
        #expect(counter.count == 1)
    }

    @Test("different arguments are different runs within a session", arguments: StoreKind.allCases)
    func argumentsDistinguishRuns(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let counter = Counter()
        let asset = Asset(path: "cache/{region}.json", parameters: Region.self) { context in
            counter.increment()
            return [Person(id: 1, name: context.parameters.region)]
        }
        _ = try await asset.with(arguments: Region(region: "a")).materialize(in: temp.workspace)
        _ = try await asset.with(arguments: Region(region: "b")).materialize(in: temp.workspace)
        _ = try await asset.with(arguments: Region(region: "a")).materialize(in: temp.workspace)
        #expect(counter.count == 2)
    }

    @Test("concurrent calls for the same asset share one run", arguments: StoreKind.allCases)
    func concurrentCallsShareOneRun(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let counter = Counter()
        let asset = Asset(path: "cache/slow.json") {
            counter.increment()
            try await Task.sleep(for: .milliseconds(50))
            return [Person(id: 1, name: "slow")]
        }
        let runIDs = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try await asset.materialize(in: temp.workspace).run.id } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(counter.count == 1)
        #expect(runIDs.count == 1)
    }

    @Test("refresh runs the function even when a fresh result exists", arguments: StoreKind.allCases)
    func refresh(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let counter = Counter()
        let asset = counted(counter, expiration: .seconds(3600))
        _ = try await asset.materialize(in: temp.workspace)
        let again = try await asset.materialize(in: temp.workspace, cache: .refresh)
        #expect(counter.count == 2)
        #expect(!again.reused)
    }
}
