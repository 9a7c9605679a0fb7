import Testing
@testable import PangolinServer

@Suite("Lineage graph layout")
struct LineageLayoutTests {
    /// The laid-out node with `id`.
    private func node(_ layout: LineageLayout, _ id: String) throws -> LineageLayout.Node {
        try #require(layout.nodes.first { $0.id == id })
    }

    @Test("a chain a→b→c gets layers 0, 1, 2 from left to right")
    func chain() throws {
        let layout = LineageLayout(nodes: ["a", "b", "c"], edges: [("a", "b"), ("b", "c")])
        #expect(layout.nodes.map(\.id) == ["a", "b", "c"])
        #expect(layout.nodes.map(\.layer) == [0, 1, 2])
        let xs = layout.nodes.map(\.origin.x)
        #expect(xs[0] < xs[1] && xs[1] < xs[2])
        #expect(layout.edges.map(\.points.count) == [2, 2])
        #expect(layout.crossings == 0)
        let spacing = LineageLayout.Spacing()
        #expect(layout.width == 2 * spacing.margin + 3 * spacing.nodeWidth + 2 * spacing.layerGap)
        #expect(layout.height == 2 * spacing.margin + spacing.nodeHeight)
    }

    @Test("layers follow the longest path, and an edge over two layers bends through one dummy point")
    func longestPath() throws {
        let layout = LineageLayout(nodes: ["a", "b", "c"], edges: [("a", "b"), ("b", "c"), ("a", "c")])
        #expect(try node(layout, "c").layer == 2)
        let skip = try #require(layout.edges.first { $0.from == "a" && $0.to == "c" })
        #expect(skip.index == 2)
        #expect(skip.points.count == 3)
        // The dummy point is at the middle of a box's place in layer 1, not on b's box.
        let spacing = LineageLayout.Spacing()
        let b = try node(layout, "b")
        #expect(skip.points[1].x == b.origin.x + spacing.nodeWidth / 2)
        #expect(skip.points[1].y != b.origin.y + spacing.nodeHeight / 2)
    }

    @Test("crossing reduction untangles edges that cross in input order", arguments: [
        // a1→b2 and a2→b1 cross when b1 is above b2.
        [("a1", "b2"), ("a2", "b1")],
        // a2→b1 crosses a1→b2 when b1 is above b2, as in input order and in depth-first order.
        [("a1", "b1"), ("a1", "b2"), ("a2", "b1")],
    ])
    func crossingReduction(edges: [(String, String)]) throws {
        let layout = LineageLayout(nodes: ["a1", "a2", "b1", "b2"], edges: edges.map { (from: $0.0, to: $0.1) })
        #expect(layout.crossings == 0)
        #expect(try node(layout, "a1").order == 0)
        #expect(try node(layout, "b2").order == 0)
        #expect(try node(layout, "b1").order == 1)
    }

    @Test("a cycle a→b→a is broken: two layers, both edges kept, one marked reversed")
    func cycle() throws {
        let layout = LineageLayout(nodes: ["a", "b"], edges: [("a", "b"), ("b", "a")])
        #expect(layout.nodes.map(\.layer) == [0, 1])
        #expect(layout.edges.map(\.index) == [0, 1])
        #expect(layout.edges.map(\.reversed) == [false, true])
        // The reversed edge runs from b's left side back to a's right side.
        let spacing = LineageLayout.Spacing()
        let back = layout.edges[1]
        #expect(back.from == "b" && back.to == "a")
        #expect(back.points.first?.x == (try node(layout, "b").origin.x))
        #expect(back.points.last?.x == (try node(layout, "a").origin.x + spacing.nodeWidth))

        let triangle = LineageLayout(nodes: ["a", "b", "c"], edges: [("a", "b"), ("b", "c"), ("c", "a")])
        #expect(triangle.nodes.map(\.layer) == [0, 1, 2])
        #expect(triangle.edges.filter(\.reversed).map(\.index) == [2])
    }

    @Test("self-loops and edges to unknown ids are dropped; a repeated node id is kept once")
    func dropped() {
        let layout = LineageLayout(
            nodes: ["a", "b", "a"],
            edges: [("a", "a"), ("a", "ghost"), ("ghost", "b"), ("a", "b")])
        #expect(layout.nodes.map(\.id) == ["a", "b"])
        #expect(layout.edges.count == 1)
        #expect(layout.edges.first?.index == 3)
        #expect(layout.edges.first.map { [$0.from, $0.to] } == ["a", "b"])
        #expect(layout.nodes.map(\.layer) == [0, 1])
    }

    @Test("the same input gives the same layout")
    func deterministic() {
        let (nodes, edges) = Self.sampleGraph()
        let first = LineageLayout(nodes: nodes, edges: edges)
        let second = LineageLayout(nodes: nodes, edges: edges)
        #expect(first.nodes.map(\.layer) == second.nodes.map(\.layer))
        #expect(first.nodes.map(\.order) == second.nodes.map(\.order))
        #expect(first.nodes.map(\.origin) == second.nodes.map(\.origin))
        #expect(first == second)
    }

    @Test("boxes of a layer never overlap, and edges start at the upstream box's right middle and end at the downstream box's left middle")
    func geometry() throws {
        let spacing = LineageLayout.Spacing()
        let (nodes, edges) = Self.sampleGraph()
        let layout = LineageLayout(nodes: nodes, edges: edges, spacing: spacing)
        #expect(layout.edges.count == edges.count)

        for layer in Set(layout.nodes.map(\.layer)) {
            let column = layout.nodes.filter { $0.layer == layer }.sorted { $0.origin.y < $1.origin.y }
            #expect(Set(column.map(\.origin.x)).count == 1)
            for (upper, lower) in zip(column, column.dropFirst()) {
                #expect(upper.origin.y + spacing.nodeHeight + spacing.rowGap <= lower.origin.y)
            }
        }
        for box in layout.nodes {
            #expect(box.origin.x >= spacing.margin && box.origin.y >= spacing.margin)
            #expect(box.origin.x + spacing.nodeWidth + spacing.margin <= layout.width)
            #expect(box.origin.y + spacing.nodeHeight + spacing.margin <= layout.height)
        }

        let byID = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.id, $0) })
        for edge in layout.edges where !edge.reversed {
            let from = try #require(byID[edge.from]), to = try #require(byID[edge.to])
            #expect(edge.points.first == .init(x: from.origin.x + spacing.nodeWidth, y: from.origin.y + spacing.nodeHeight / 2))
            #expect(edge.points.last == .init(x: to.origin.x, y: to.origin.y + spacing.nodeHeight / 2))
            #expect(edge.points.count == to.layer - from.layer + 1)
        }
    }

    @Test("a 5,000-node chain lays out without overflowing the stack")
    func longChain() throws {
        let ids = (0..<5000).map { "n\($0)" }
        let edges = zip(ids, ids.dropFirst()).map { (from: $0, to: $1) }
        let layout = LineageLayout(nodes: ids, edges: edges)
        #expect(layout.nodes.count == 5000)
        #expect(layout.nodes.last?.layer == 4999)
        #expect(layout.edges.count == 4999)
        #expect(layout.crossings == 0)
    }

    /// A tangled graph: 60 nodes, 120 edges from a fixed pseudo-random sequence, with a few cycles, duplicates and long edges.
    private static func sampleGraph() -> (nodes: [String], edges: [(from: String, to: String)]) {
        let nodes = (0..<60).map { "asset\($0)" }
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var edges: [(from: String, to: String)] = []
        for _ in 0..<120 {
            let a = next(60), b = next(60)
            guard a != b else { continue }
            // Mostly downstream by index, now and then upstream to make cycles.
            let (from, to) = next(10) == 0 ? (max(a, b), min(a, b)) : (min(a, b), max(a, b))
            edges.append((nodes[from], nodes[to]))
        }
        return (nodes, edges)
    }
}
