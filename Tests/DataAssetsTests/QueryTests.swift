import ArtifactFormats
import DataAssets
import Foundation
import PangolinTestSupport
import Testing

struct Order: Codable, Sendable, Equatable {
    var orderID: Int
    var customerID: Int
    var amount: Double
}

struct Spend: Codable, Sendable, Equatable {
    var name: String
    var total: Double
}

@Suite("Querying assets with SQL")
struct QueryTests {
    let people = Asset(path: "q/people.json") { [Person(id: 1, name: "Ada"), Person(id: 2, name: "Grace"), Person(id: 3, name: "Edsger")] }
    let orders = Asset(path: "q/orders.csv") {
        [Order(orderID: 10, customerID: 1, amount: 5), Order(orderID: 11, customerID: 1, amount: 7.5), Order(orderID: 12, customerID: 3, amount: 1)]
    }

    @Test("text that is not a statement is the tail of SELECT * FROM the asset", arguments: StoreKind.allCases)
    func tail(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        #expect(try await people.query("WHERE id > 1", in: temp.workspace).decode(Person.self).map(\.name) == ["Grace", "Edsger"])
        #expect(try await people.query(in: temp.workspace).rows.count == 3)
        #expect(try await people.query("ORDER BY name LIMIT 1", in: temp.workspace).rows == [[1, "Ada"]])
    }

    @Test("positional arguments are bound, not spliced into the SQL", arguments: StoreKind.allCases)
    func positional(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let result = try await people.query("WHERE name = ? OR id = ?", arguments: ["Ada' OR '1'='1", 3], in: temp.workspace)
        #expect(result.rows == [[3, "Edsger"]])
    }

    @Test("named arguments are bound", arguments: StoreKind.allCases)
    func named(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let result = try await people.query("WHERE id BETWEEN :low AND :high", arguments: ["low": 2, "high": 3], in: temp.workspace)
        #expect(result.rows.count == 2)
    }

    @Test("full SQL joins several assets by name and decodes into a struct", arguments: StoreKind.allCases)
    func join(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let result = try await temp.workspace.query("""
            SELECT p.name AS name, sum(o.amount) AS total
            FROM people p JOIN orders o ON o.customerID = p.id
            GROUP BY p.name ORDER BY total DESC
            """, assets: [people, orders])
        #expect(try result.decode(Spend.self) == [Spend(name: "Ada", total: 12.5), Spend(name: "Edsger", total: 1)])
    }

    @Test("a SQL error names the failing SQL", arguments: StoreKind.allCases)
    func sqlError(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let error = await #expect(throws: DataAssetError.self) { try await people.query("WHERE nosuchcolumn = 1", in: temp.workspace) }
        #expect(error?.code == .sql)
        #expect(error?.message.contains("no such column: nosuchcolumn") == true)
        #expect(error?.message.contains(#"SELECT * FROM "people" WHERE nosuchcolumn = 1"#) == true)
    }

    @Test("results print as an aligned table", arguments: StoreKind.allCases)
    func printsTable(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let text = try await people.query("ORDER BY id LIMIT 2", in: temp.workspace).description
        #expect(text == """
            id | name
            ---+------
            1  | Ada
            2  | Grace
            (2 rows)
            """)
    }

    @Test("a newer run replaces the table the next query reads", arguments: StoreKind.allCases)
    func reloadsAfterNewRun(store: StoreKind) async throws {
        let temp = try await TemporaryWorkspace(store)
        let counter = Counter()
        let asset = Asset(path: "q/counted.json") {
            counter.increment()
            return [Person(id: counter.count, name: "n")]
        }
        #expect(try await asset.query("SELECT max(id) FROM counted", in: temp.workspace).scalar == 1)
        _ = try await asset.materialize(in: temp.workspace, cache: .refresh)
        #expect(try await asset.query("SELECT max(id) FROM counted", in: temp.workspace).scalar == 2)
    }
}
