import DataAssets
import Foundation
import PangolinTestSupport
import Testing

@Suite("Assets that consume assets")
struct DependencyTests {
    @Test("an asset that reads another records it, with the run it read, in its run", arguments: StoreKind.allCases)
    func recordsInputs(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let counter = Counter()
        let raw = Asset(path: "bronze/raw.json") {
            counter.increment()
            return [Person(id: 1, name: "ada"), Person(id: 2, name: "grace")]
        }
        let clean = Asset(path: "silver/clean.json", parameters: NoParameters.self) { context in
            try await raw.rows(as: Person.self, in: context.workspace).map { Person(id: $0.id, name: $0.name.capitalized) }
        }
        let rawRun = try await raw.materialize(in: temp.workspace)
        let cleanRun = try await clean.materialize(in: temp.workspace)
        #expect(counter.count == 1, "the input ran once in this session")
        #expect(cleanRun.run.dependencies.map(\.assetName) == ["raw"])
        #expect(cleanRun.run.dependencies.first?.runID == rawRun.run.id)
        #expect(try await clean.rows(as: Person.self, in: temp.workspace).map(\.name) == ["Ada", "Grace"])
    }

    @Test("an asset can yield another asset's batches and records the dependency", arguments: StoreKind.allCases)
    func yieldsBatches(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let source = Asset(path: "bronze/source.json") { batches([[Person(id: 1, name: "a")], [Person(id: 2, name: "b")]]) }
        let copy = Asset(path: "silver/copy.csv", parameters: NoParameters.self) { context in
            source.batches(as: Person.self, in: context.workspace, batchRows: 1)
        }
        let result = try await copy.materialize(in: temp.workspace)
        #expect(result.rowCount == 2)
        #expect(result.run.dependencies.map(\.assetName) == ["source"])
    }

    @Test("a query inside an asset's function records the queried asset", arguments: StoreKind.allCases)
    func queryRecords(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let people = Asset(path: "bronze/people.json") { [Person(id: 1, name: "a"), Person(id: 5, name: "b")] }
        let big = Asset(path: "silver/big.json", parameters: NoParameters.self) { context in
            try await people.query("WHERE id > ?", arguments: [2], in: context.workspace).decode(Person.self)
        }
        let result = try await big.materialize(in: temp.workspace)
        #expect(result.rowCount == 1)
        #expect(result.run.dependencies.map(\.assetName) == ["people"])
    }

    @Test("an asset that depends on itself fails with a cycle error instead of waiting forever", arguments: StoreKind.allCases)
    func cycle(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let error = await #expect(throws: DataAssetError.self) { try await Cyclic.first.materialize(in: temp.workspace) }
        #expect(error?.code == .dependencyCycle)
    }
}

enum Cyclic {
    static let first: Asset<NoParameters> = Asset(path: "cycle/first.json", parameters: NoParameters.self) { context in
        try await second.rows(as: Person.self, in: context.workspace)
    }
    static let second: Asset<NoParameters> = Asset(path: "cycle/second.json", parameters: NoParameters.self) { context in
        try await first.rows(as: Person.self, in: context.workspace)
    }
}
