import ArtifactFormats
import DataAssets
import Foundation
import PangolinTestSupport
import Testing

@Suite("Materializing an asset")
struct MaterializeBasicsTests {
    @Test("writes every output of the path, the fragments and a run record", arguments: StoreKind.allCases)
    func writesOutputsAndRecord(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let people = Asset(path: "bronze/people.json|csv") {
            [Person(id: 1, name: "Ada"), Person(id: 2, name: "Grace")]
        }
        let result = try await people.materialize(in: temp.workspace)
        #expect(people.name == "people")
        #expect(result.run.status == .succeeded)
        #expect(result.rowCount == 2)
        #expect(result.run.artifacts == ["bronze/people.json", "bronze/people.csv"])
        #expect(try await temp.text("bronze/people.json") == #"{"id":1,"name":"Ada"}"# + "\n" + #"{"id":2,"name":"Grace"}"# + "\n")
        #expect(try await temp.text("bronze/people.csv") == "id,name\n1,Ada\n2,Grace\n")
        let fragments = try await temp.keys(under: "bronze/_artifacts/asset=people")
        #expect(fragments.count == 1)
        #expect(fragments == result.run.fragments)
        let runs = try await people.runs(in: temp.workspace)
        #expect(runs.map(\.id) == [result.run.id])
        let rows = try await people.query("WHERE id > 1", in: temp.workspace).decode(Person.self)
        #expect(rows == [Person(id: 2, name: "Grace")])
    }
}
