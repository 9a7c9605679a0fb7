import ArtifactFormats
import DataAssets
import Foundation
import PangolinTestSupport
import Testing

/// Yields the given batches one by one, as an asset's function would stream pages of an API.
func batches<Row: Sendable>(_ pages: [[Row]]) -> AsyncStream<[Row]> {
    AsyncStream { continuation in
        for page in pages { continuation.yield(page) }
        continuation.finish()
    }
}

@Suite("Fragments and snapshots")
struct FragmentTests {
    @Test("each batch becomes one fragment under _artifacts/asset=<name> beside the result", arguments: StoreKind.allCases)
    func defaultArtifactsDirectory(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let asset = Asset(path: "bronze/people.json") {
            batches([[Person(id: 1, name: "a")], [Person(id: 2, name: "b")], [Person(id: 3, name: "c")]])
        }
        let result = try await asset.materialize(in: temp.workspace)
        let fragments = try await temp.keys(under: "bronze/_artifacts/asset=people")
        #expect(fragments.count == 3)
        #expect(Set(fragments) == Set(result.run.fragments))
        #expect(result.rowCount == 3)
        #expect(try await asset.rows(as: Person.self, in: temp.workspace).map(\.id) == [1, 2, 3])
    }

    @Test("a custom artifacts directory, with placeholders, holds the fragments")
    func customArtifactsDirectory() async throws {
        let temp = try await TemporaryWorkspace()
        let asset = Asset(path: "out/{region}.json", parameters: Region.self,
                          options: AssetOptions(artifactsDirectory: "staging/{region}/fragments")) { context in
            [Person(id: 1, name: context.parameters.region)]
        }.with(arguments: Region(region: "emea"))
        let result = try await asset.materialize(in: temp.workspace)
        #expect(result.run.fragments.count == 1)
        #expect(result.run.fragments[0].hasPrefix("staging/emea/fragments/part-00001-"))
        #expect(try await temp.keys(under: "out/_artifacts").isEmpty)
    }

    @Test("without snapshots a run replaces its own old fragments and leaves other assets' fragments alone", arguments: StoreKind.allCases)
    func replacesOnlyOwnFragments(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let shared = AssetOptions(artifactsDirectory: "shared")
        let first = Asset(path: "out/first.json", options: shared) { [Person(id: 1, name: "first")] }
        let second = Asset(path: "out/second.json", options: shared) { [Person(id: 2, name: "second")] }
        let secondRun = try await second.materialize(in: temp.workspace)
        let firstRun = try await first.materialize(in: temp.workspace)
        let again = try await first.materialize(in: temp.newSession(), cache: .refresh)
        let remaining = Set(try await temp.keys(under: "shared"))
        #expect(remaining == Set(secondRun.run.fragments + again.run.fragments))
        #expect(remaining.isDisjoint(with: firstRun.run.fragments))
    }

    @Test("snapshots keep every run's fragments under year=/month=/day=/runtime= directories", arguments: StoreKind.allCases)
    func snapshots(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let asset = Asset(path: "bronze/events.json", options: AssetOptions(snapshotArtifacts: true)) { [Person(id: 1, name: "e")] }
        let first = try await asset.materialize(in: temp.workspace)
        let second = try await asset.materialize(in: temp.newSession(), cache: .refresh)
        let keys = try await temp.keys(under: "bronze/_artifacts/asset=events")
        #expect(keys.count == 2)
        for run in [first.run, second.run] {
            let runtime = Timestamp.format(run.startedAt)
            let year = runtime.prefix(4), month = runtime.dropFirst(5).prefix(2), day = runtime.dropFirst(8).prefix(2)
            #expect(run.fragments[0].hasPrefix("bronze/_artifacts/asset=events/year=\(year)/month=\(month)/day=\(day)/runtime=\(runtime)/"))
        }
        #expect(try await asset.rows(as: Person.self, in: temp.newSession()).count == 1, "the result holds the latest run only")
    }

    @Test("CSV fragments under key=value directories read back without partition columns", arguments: StoreKind.allCases)
    func csvFragmentsInPartitions(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let asset = Asset(path: "bronze/sales.json|csv", options: AssetOptions(snapshotArtifacts: true, fragmentFormat: "csv")) {
            batches([[Person(id: 1, name: "x,y")], [Person(id: 2, name: "line\nbreak")]])
        }
        let result = try await asset.materialize(in: temp.workspace)
        #expect(result.run.fragments.allSatisfy { $0.contains("/year=") && $0.hasSuffix(".csv") })
        #expect(result.schema?.names == ["id", "name"])
        let rows = try await asset.query("ORDER BY id", in: temp.workspace)
        #expect(rows.columns == ["id", "name"])
        #expect(try rows.decode(Person.self) == [Person(id: 1, name: "x,y"), Person(id: 2, name: "line\nbreak")])
        #expect(try await temp.text("bronze/sales.csv") == "id,name\n1,\"x,y\"\n2,\"line\nbreak\"\n")
    }
}

@Suite("Bounded memory")
struct BoundedMemoryTests {
    @Test("the function is asked for a batch only after all but the latest batch are written, so memory holds about two batches")
    func producerWaitsForWriters() async throws {
        let temp = try await TemporaryWorkspace()
        let produced = Counter()
        let behind = Counter()
        let asset = Asset(path: "big/rows.json|csv") {
            AsyncStream<[Person]>(unfolding: {
                let index = produced.count
                guard index < 12 else { return nil }
                let written = (try? await temp.keys(under: "big/_artifacts/asset=rows").count) ?? 0
                if written < index - 1 { behind.increment() }
                produced.increment()
                return (0..<500).map { Person(id: index * 500 + $0, name: "row \($0)") }
            })
        }
        let result = try await asset.materialize(in: temp.workspace)
        #expect(result.rowCount == 6000)
        #expect(result.run.fragments.count == 12)
        #expect(behind.count == 0, "the function ran ahead of the writers")
    }
}
