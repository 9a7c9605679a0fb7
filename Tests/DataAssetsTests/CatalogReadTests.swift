import DataAssets
import Foundation
import PangolinClient
import PangolinModel
import Testing

@Suite("Functions reading catalog assets by reference")
struct CatalogReadTests {
    struct Feature: Codable, Sendable, Equatable {
        var customer: Int
        var score: Double
    }

    struct Pick: Codable, Sendable {
        var label: String
        var reference: String
    }

    @Test("every reference form resolves to its version, whose rows are read and whose edge is pinned to it")
    func referenceForms() async throws {
        try await CatalogFixture.run { catalog in
            let files = try await TemporaryWorkspace(catalog: try catalog.connection())
            let rows = Shared([Feature(customer: 1, score: 0.5)])
            let features = DataAsset(path: "features/customer_features.json") { rows.current }
            try await features.materialize(in: files.workspace)
            let id = try await catalog.asset("customer_features").id
            _ = try await catalog.root.createTag(assetID: id, name: "stable")
            try await Task.sleep(for: .milliseconds(20))
            rows.set([Feature(customer: 1, score: 0.75), Feature(customer: 2, score: 0.25)])
            try await features.materialize(in: files.newSession(catalog: try catalog.connection()))
            let (v1, v2) = (try await catalog.root.version(assetID: id, "1"), try await catalog.root.version(assetID: id, "2"))
            #expect(v1.createdAt < v2.createdAt)

            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let between = formatter.string(from: v1.createdAt.addingTimeInterval(v2.createdAt.timeIntervalSince(v1.createdAt) / 2))
            let day = String(formatter.string(from: v2.createdAt).prefix(10))
            let picks: [(Pick, Int)] = [
                (Pick(label: "tag", reference: "sales.customer_features@stable"), 1),
                (Pick(label: "date", reference: "sales.customer_features@\(day)"), 2),
                (Pick(label: "instant", reference: "sales.customer_features@\(between)"), 1),
                (Pick(label: "number", reference: "customer_features@v1"), 1),
                (Pick(label: "id", reference: "sales.customer_features@\(v2.id)"), 2),
                (Pick(label: "full", reference: "lake.sales.customer_features@v2"), 2),
            ]
            let scored = DataAsset(path: "gold/scored_{label}.json", name: "scored_{label}", parameters: Pick.self) { context in
                try await context.workspace.catalogRows(context.parameters.reference, as: Feature.self)
            }
            for (pick, version) in picks {
                let result = try await scored.with(arguments: pick).materialize(in: files.workspace)
                let expected = version == 1 ? [Feature(customer: 1, score: 0.5)] : rows.current
                #expect(try await scored.with(arguments: pick).rows(as: Feature.self, in: files.workspace) == expected, "\(pick.reference)")
                #expect(result.run.dependencies.map(\.catalogVersion?.version) == [version], "\(pick.reference)")
                let downstream = try #require(result.registration?.assetID)
                let edges = try await catalog.root.lineage(assetID: downstream, direction: .upstream, depth: 1).edges
                #expect(edges.map(\.upstream) == [LineageEnd(assetID: id, version: version)], "\(pick.reference)")
                #expect(edges.map(\.relation) == ["derived_from"])
            }
        }
    }

    @Test("an asset that cannot be read is an error naming the reference, the location and the reason")
    func unreadable() async throws {
        try await CatalogFixture.run { catalog in
            let location = "file:///nonexistent-\(UUID().uuidString)/scores.csv"
            _ = try await catalog.root.register(AssetDraft(name: "scores", kind: .csvTable, location: location), in: "lake", namespace: catalog.sales)
            let files = try await TemporaryWorkspace(catalog: try catalog.connection())
            let error = await #expect(throws: DataAssetError.self) { try await files.workspace.catalogRows("sales.scores@v1", as: Feature.self) }
            #expect(error?.code == .unreadableArtifact)
            #expect(error?.message.contains("'sales.scores@v1'") == true)
            #expect(error?.message.contains(location) == true)
            #expect(error?.message.contains("No such file or directory") == true)

            let changed = FileManager.default.temporaryDirectory.appendingPathComponent("changed-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: changed) }
            try await catalog.root.writeAsset([Feature(customer: 1, score: 1)], name: "changed", in: "lake", namespace: catalog.sales,
                                              location: changed.path)
            try Data("customer,score\n1,2\n".utf8).write(to: changed)
            let tampered = await #expect(throws: DataAssetError.self) { try await files.workspace.catalogRows("sales.changed", as: Feature.self) }
            #expect(tampered?.message.contains("does not hold the bytes this version recorded") == true)

            let missing = await #expect(throws: DataAssetError.self) { try await files.workspace.catalogRows("sales.nothing@v1", as: Feature.self) }
            #expect(missing?.code == .catalog && missing?.message.contains("'sales.nothing@v1'") == true)

            let unconnected = try await TemporaryWorkspace()
            let none = await #expect(throws: DataAssetError.self) { try await unconnected.workspace.catalogRows("sales.scores", as: Feature.self) }
            #expect(none?.message.contains("this workspace has none") == true)
        }
    }
}
