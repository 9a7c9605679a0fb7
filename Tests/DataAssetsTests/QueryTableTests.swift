import ArtifactFormats
import DataAssets
import Foundation
import PangolinTestSupport
import Testing

@Suite("Query tables kept with runs")
struct QueryTableTests {
    @Test("a run keeps its result as a SQLite table that a later session queries without reading the result file", arguments: StoreKind.allCases)
    func laterSessionUsesTable(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let asset = Asset(path: "t/people.json", options: AssetOptions(cacheExpiration: .seconds(3600))) {
            [Person(id: 1, name: "Ada"), Person(id: 2, name: "Grace")]
        }
        let run = try await asset.materialize(in: temp.workspace).run
        let table = try #require(run.queryTable)
        #expect(try await temp.store.exists(table))
        // Replace the result file's rows: a session that reads the table still sees the run's rows.
        try await temp.store.write(Data(#"{"id":9,"name":"Tampered"}"#.utf8), to: "t/people.json")
        let rows = try await asset.query("ORDER BY id", in: temp.newSession()).decode(Person.self)
        #expect(rows.map(\.name) == ["Ada", "Grace"])
    }

    @Test("a newer run replaces the table and removes the old one", arguments: StoreKind.allCases)
    func replacesOldTable(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let asset = Asset(path: "t/people.json") { [Person(id: 1, name: "Ada")] }
        let first = try await asset.materialize(in: temp.workspace).run
        let second = try await asset.materialize(in: temp.newSession(), cache: .refresh).run
        #expect(try await !temp.store.exists(try #require(first.queryTable)))
        #expect(try await temp.store.exists(try #require(second.queryTable)))
    }

    @Test("a run whose columns widened after values were stored keeps no table, and queries read the result file")
    func widenedColumnsKeepNoTable() async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "t/scores.json") {
            batches([[Drifting.first(Version1(id: 1, score: 7))], [Drifting.text(WithTextScore(id: 2, score: "high"))]])
        }
        let run = try await asset.materialize(in: temp.workspace).run
        #expect(run.queryTable == nil)
        let scores = try await asset.query("SELECT score FROM scores ORDER BY id", in: temp.workspace).rows
        #expect(scores == [["7"], ["high"]])
    }

    @Test("buildsQueryTable: false keeps no table and queries still work", arguments: StoreKind.allCases)
    func optOut(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let asset = Asset(path: "t/plain.csv", options: AssetOptions(buildsQueryTable: false)) { [Person(id: 1, name: "Ada")] }
        let run = try await asset.materialize(in: temp.workspace).run
        #expect(run.queryTable == nil)
        #expect(try await temp.keys(under: "_pangolin/tables").isEmpty)
        #expect(try await asset.query("WHERE name = 'Ada'", in: temp.workspace).rows == [[1, "Ada"]])
    }

    @Test("a failed run leaves no table or scratch file behind")
    func failedRunLeavesNothing() async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "t/fails.json") {
            AsyncThrowingStream<[Person], any Error> { continuation in
                continuation.yield([Person(id: 1, name: "a")])
                continuation.finish(throwing: Failure(reason: "boom"))
            }
        }
        await #expect(throws: Failure.self) { try await asset.materialize(in: temp.workspace) }
        #expect(try await temp.keys(under: "_pangolin/tables").isEmpty)
        let scratch = temp.directory.appending(path: ".scratch")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: scratch.path))?.isEmpty ?? true)
        #expect(try await !temp.store.exists("t/fails.json"))
    }

    @Test("a query table replaced in the bucket under the same key is fetched again, never served from the stale local copy")
    func replacedObjectIsFetchedAgain() async throws {
        let temp = try await TemporaryWorkspace(.s3)
        let expiring = AssetOptions(cacheExpiration: .seconds(3600))
        let people = Asset(path: "t/people.json", options: expiring) { [Person(id: 1, name: "Ada")] }
        let others = Asset(path: "t/others.json", options: expiring) { [Person(id: 2, name: "Grace")] }
        let table = try #require(try await people.materialize(in: temp.workspace).run.queryTable)
        let otherTable = try #require(try await others.materialize(in: temp.workspace).run.queryTable)
        #expect(try await people.query("", in: temp.newSession()).decode(Person.self).map(\.name) == ["Ada"])
        let before = try #require(try await temp.store.info(for: table)).etag
        try await temp.store.copy(otherTable, to: table)
        #expect(try #require(try await temp.store.info(for: table)).etag != before)
        #expect(try await people.query("", in: temp.newSession()).decode(Person.self).map(\.name) == ["Grace"])
    }
}
