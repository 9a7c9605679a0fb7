import ArtifactFormats
import Crypto
import DataAssets
import Foundation
import PangolinTestSupport
import Testing

/// A switch that a test flips to make the next run fail.
final class FailureSwitch: Sendable {
    private let counter = Counter()
    private let failing = Counter()
    func failNextRuns() { failing.increment() }
    var shouldFail: Bool { failing.count > 0 }
    func ran() { counter.increment() }
    var runs: Int { counter.count }
}

@Suite("Runs, failures and empty results")
struct RunRecordTests {
    @Test("the run record keeps each result file's size and SHA-256, for results streamed or rebuilt after a column widened to text",
          arguments: [false, true], StoreKind.allCases)
    func artifactChecksums(widens: Bool, store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let second = widens ? Drifting.text(WithTextScore(id: 2, score: "high")) : Drifting.first(Version1(id: 2, score: 8))
        let asset = Asset(path: "out/scores.json|csv") { batches([[Drifting.first(Version1(id: 1, score: 7))], [second]]) }
        let run = try await asset.materialize(in: temp.workspace).run
        let files = try #require(run.artifactFiles)
        #expect(files.map(\.key) == ["out/scores.json", "out/scores.csv"] && files.map(\.format) == ["json", "csv"])
        for file in files {
            let bytes = try await temp.store.read(file.key)
            #expect(file.sizeBytes == Int64(bytes.count))
            #expect(file.checksum == "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        }
        #expect(run.schema?.columns.last?.type == (widens ? .string : .int))
    }

    @Test("a run that throws keeps the previous result and fragments, and is recorded as failed with its error", arguments: StoreKind.allCases)
    func failureKeepsPreviousResult(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let control = FailureSwitch()
        let asset = Asset(path: "gold/report.json|csv") {
            AsyncThrowingStream<[Person], any Error> { continuation in
                continuation.yield([Person(id: 1, name: control.shouldFail ? "partial" : "good")])
                if control.shouldFail {
                    continuation.finish(throwing: Failure(reason: "upstream timed out"))
                } else {
                    continuation.finish()
                }
            }
        }
        let good = try await asset.materialize(in: temp.workspace)
        let before = (try await temp.text("gold/report.json"), try await temp.text("gold/report.csv"), try await temp.keys(under: "gold/_artifacts"))
        control.failNextRuns()
        await #expect(throws: Failure(reason: "upstream timed out")) { try await asset.materialize(in: temp.newSession(), cache: .refresh) }
        #expect(try await temp.text("gold/report.json") == before.0)
        #expect(try await temp.text("gold/report.csv") == before.1)
        #expect(try await temp.keys(under: "gold/_artifacts") == before.2)
        let runs = try await asset.runs(in: temp.workspace)
        #expect(runs.map(\.status) == [.failed, .succeeded])
        #expect(runs[0].error?.contains("upstream timed out") == true)
        #expect(runs[0].fragments.isEmpty)
        let reused = try await asset.materialize(in: temp.newSession(), cache: .preferExisting)
        #expect(reused.run.id == good.run.id, "the current result is still the last good run")
        #expect(try await temp.keys(under: "_pangolin/staging").isEmpty)
    }

    @Test("a function that yields only empty batches records an empty run and keeps no stale rows", arguments: StoreKind.allCases)
    func emptyBatches(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let control = FailureSwitch()
        let asset = Asset(path: "gold/maybe.json|csv") {
            batches(control.shouldFail ? [[], [], []] : [[Person(id: 1, name: "old")]])
        }
        _ = try await asset.materialize(in: temp.workspace)
        control.failNextRuns()
        let empty = try await asset.materialize(in: temp.newSession(), cache: .refresh)
        #expect(empty.run.status == .empty)
        #expect(empty.rowCount == 0)
        #expect(empty.run.fragments.isEmpty)
        #expect(try await temp.text("gold/maybe.json").isEmpty)
        #expect(try await temp.text("gold/maybe.csv").isEmpty)
        #expect(try await temp.keys(under: "gold/_artifacts").isEmpty)
        let later = temp.newSession()
        #expect(try await asset.materialize(in: later, cache: .preferExisting).run.id == empty.run.id)
        #expect(try await asset.rows(as: Person.self, in: later).isEmpty)
        let error = await #expect(throws: DataAssetError.self) { try await asset.query(in: later) }
        #expect(error?.code == .emptyResult)
    }

    @Test("a function that returns nothing records an empty run", arguments: StoreKind.allCases)
    func returnsNothing(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let asset = Asset(path: "gold/side_effect.json") { () async throws -> Void in }
        let result = try await asset.materialize(in: temp.workspace)
        #expect(result.run.status == .empty)
    }

    @Test("a function that returns one value writes one row", arguments: StoreKind.allCases)
    func singleValue(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let asset = Asset(path: "gold/one.json") { Person(id: 7, name: "only") }
        #expect(try await asset.rows(as: Person.self, in: temp.workspace) == [Person(id: 7, name: "only")])
    }

    @Test("every run records ids, parameters, times, status, row count and artifacts, newest first", arguments: StoreKind.allCases)
    func runRecord(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let asset = Asset(path: "bronze/{region}.json|csv", name: "sales_{region}", parameters: Region.self) { context in
            [Person(id: 1, name: context.parameters.region), Person(id: 2, name: context.parameters.region)]
        }.with(arguments: Region(region: "emea"))
        let first = try await asset.materialize(in: temp.workspace)
        let second = try await asset.materialize(in: temp.newSession(), cache: .refresh)
        let runs = try await asset.runs(in: temp.workspace)
        #expect(runs.map(\.id) == [second.run.id, first.run.id])
        let run = runs[1]
        #expect(run.assetName == "sales_emea")
        #expect(run.assetPath == "bronze/emea.json")
        #expect(run.assetID.count == 16)
        #expect(run.parameters?.contains(#""region":"emea""#) == true)
        #expect(run.finishedAt >= run.startedAt)
        #expect(run.durationMilliseconds >= 0)
        #expect(run.status == .succeeded)
        #expect(run.error == nil)
        #expect(run.rowCount == 2)
        #expect(run.artifacts == ["bronze/emea.json", "bronze/emea.csv"])
        let recordFile = try await temp.text("_pangolin/runs/\(run.assetID)/\(run.id).json")
        #expect(recordFile.contains(#""asset_name" : "sales_emea""#))
    }
}
