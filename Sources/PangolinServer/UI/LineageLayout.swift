// Sugiyama style: cycles are broken by reversing the back edges of a depth-first search, nodes are
// put in layers by longest path, edges that span several layers get a dummy node in each layer
// between, barycenter sweeps reduce the crossings, and each layer becomes a column of boxes.

/// A layered drawing of a directed graph: upstream on the left, downstream to the right.
struct LineageLayout: Sendable, Equatable {
    /// A position in the drawing, in user units; y grows downwards.
    struct Point: Sendable, Hashable {
        /// Distance from the left edge.
        var x: Double
        /// Distance from the top edge.
        var y: Double
    }

    /// The sizes of boxes and of the gaps between them.
    struct Spacing: Sendable, Equatable {
        /// Width of a node's box.
        var nodeWidth = 180.0
        /// Height of a node's box.
        var nodeHeight = 44.0
        /// Horizontal gap between two layers' columns.
        var layerGap = 90.0
        /// Vertical gap between two boxes of one layer.
        var rowGap = 26.0
        /// Empty border around the drawing.
        var margin = 20.0
    }

    /// One input node and where its box goes.
    struct Node: Sendable, Equatable {
        /// The node's id, as given.
        var id: String
        /// Its column, 0 for nodes without upstream.
        var layer: Int
        /// Its row within the layer, counting dummy nodes of long edges.
        var order: Int
        /// The top-left corner of its box.
        var origin: Point
    }

    /// One input edge and the polyline that draws it.
    struct Edge: Sendable, Equatable {
        /// The edge's index in the input edges.
        var index: Int
        /// The upstream node's id.
        var from: String
        /// The downstream node's id.
        var to: String
        /// From the right middle of `from`'s box through the dummy positions to the left middle of `to`'s box; for a reversed edge, from the left middle of `from`'s box to the right middle of `to`'s.
        var points: [Point]
        /// Whether the edge was turned round for the layering, to break a cycle.
        var reversed: Bool
    }

    /// The real nodes, in input order, each id once.
    var nodes: [Node]
    /// One per input edge between two distinct known nodes, in input order.
    var edges: [Edge]
    /// Width of the whole drawing, margins included.
    var width: Double
    /// Height of the whole drawing, margins included.
    var height: Double
    /// Edge crossings of the final ordering, counted between adjacent layers with dummy nodes.
    var crossings: Int

    /// Lays out `nodes` (a repeated id counts once) and `edges` (self-loops and edges to unknown ids are dropped).
    init(nodes: [String], edges: [(from: String, to: String)], spacing: Spacing = Spacing()) {
        // Nodes: the first occurrence of an id wins.
        var indexOf: [String: Int] = [:]
        var ids: [String] = []
        ids.reserveCapacity(nodes.count)
        for id in nodes where indexOf[id] == nil {
            indexOf[id] = ids.count
            ids.append(id)
        }
        let n = ids.count

        // Edges between two distinct known nodes.
        var kept: [(index: Int, from: Int, to: Int)] = []
        kept.reserveCapacity(edges.count)
        for (i, edge) in edges.enumerated() {
            guard let from = indexOf[edge.from], let to = indexOf[edge.to], from != to else { continue }
            kept.append((i, from, to))
        }

        // 1. Break cycles: the back edges of an iterative depth-first search in input order.
        var outgoing = [[Int]](repeating: [], count: n)
        for (k, edge) in kept.enumerated() { outgoing[edge.from].append(k) }
        var reversed = [Bool](repeating: false, count: kept.count)
        var state = [UInt8](repeating: 0, count: n)  // 0 unseen, 1 on the stack, 2 finished
        var stack: [(node: Int, next: Int)] = []
        for root in 0..<n where state[root] == 0 {
            state[root] = 1
            stack.append((root, 0))
            while let top = stack.last {
                let out = outgoing[top.node]
                guard top.next < out.count else {
                    state[top.node] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let k = out[top.next]
                let target = kept[k].to
                switch state[target] {
                case 0:
                    state[target] = 1
                    stack.append((target, 0))
                case 1: reversed[k] = true
                default: break
                }
            }
        }

        // The ends of each kept edge in layering direction.
        let ends: [(source: Int, target: Int)] = kept.indices.map { k in
            reversed[k] ? (kept[k].to, kept[k].from) : (kept[k].from, kept[k].to)
        }

        // 2. Layers by longest path, in Kahn's topological order.
        var successors = [[Int]](repeating: [], count: n)
        var inDegree = [Int](repeating: 0, count: n)
        for (source, target) in ends {
            successors[source].append(target)
            inDegree[target] += 1
        }
        var layerOf = [Int](repeating: 0, count: n)
        var queue = (0..<n).filter { inDegree[$0] == 0 }
        queue.reserveCapacity(n)
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for w in successors[u] {
                layerOf[w] = max(layerOf[w], layerOf[u] + 1)
                inDegree[w] -= 1
                if inDegree[w] == 0 { queue.append(w) }
            }
        }
        let layerCount = n == 0 ? 0 : (layerOf.max() ?? 0) + 1

        // 3. Dummy nodes: vertices 0..<n are the real nodes, the dummies follow.
        var vertexLayer = layerOf
        var below = [[Int]](repeating: [], count: n)  // neighbours in the next layer, one per segment
        var above = [[Int]](repeating: [], count: n)  // neighbours in the previous layer, one per segment
        var chains: [[Int]] = []
        chains.reserveCapacity(kept.count)
        for (source, target) in ends {
            var chain = [source]
            for layer in (layerOf[source] + 1)..<layerOf[target] {
                chain.append(vertexLayer.count)
                vertexLayer.append(layer)
                below.append([])
                above.append([])
            }
            chain.append(target)
            for i in 1..<chain.count {
                below[chain[i - 1]].append(chain[i])
                above[chain[i]].append(chain[i - 1])
            }
            chains.append(chain)
        }
        let vertexCount = vertexLayer.count

        // 4. Initial order: depth-first from the nodes of layer 0 in input order, then any left.
        var layers = [[Int]](repeating: [], count: layerCount)
        var position = [Int](repeating: 0, count: vertexCount)
        var placed = [Bool](repeating: false, count: vertexCount)
        var walk: [(vertex: Int, next: Int)] = []
        func place(_ vertex: Int) {
            placed[vertex] = true
            position[vertex] = layers[vertexLayer[vertex]].count
            layers[vertexLayer[vertex]].append(vertex)
        }
        for pass in 0..<2 {
            for root in 0..<vertexCount where !placed[root] && (pass == 1 || (root < n && layerOf[root] == 0)) {
                place(root)
                walk.append((root, 0))
                while let top = walk.last {
                    let next = below[top.vertex]
                    guard top.next < next.count else {
                        walk.removeLast()
                        continue
                    }
                    walk[walk.count - 1].next += 1
                    let child = next[top.next]
                    if !placed[child] {
                        place(child)
                        walk.append((child, 0))
                    }
                }
            }
        }

        // Crossing reduction: alternate down and up barycenter sweeps, keep the best ordering.
        var best = layers
        var fewest = Self.countCrossings(layers, position, below)
        var stale = 0
        for sweep in 0..<12 where fewest > 0 && stale < 2 {
            if sweep.isMultiple(of: 2) {
                Self.reorder(&layers, &position, by: above, layers: Array(1..<max(layerCount, 1)))
            } else {
                Self.reorder(&layers, &position, by: below, layers: (0..<max(layerCount - 1, 0)).reversed())
            }
            let count = Self.countCrossings(layers, position, below)
            if count < fewest {
                fewest = count
                best = layers
                stale = 0
            } else {
                stale += 1
            }
        }
        for layer in best {
            for (i, vertex) in layer.enumerated() { position[vertex] = i }
        }

        // 5. Coordinates: columns by layer, rows by order, each layer centred on the tallest.
        let tallest = best.map(\.count).max() ?? 0
        let column = spacing.nodeWidth + spacing.layerGap
        let row = spacing.nodeHeight + spacing.rowGap
        func origin(_ vertex: Int) -> Point {
            let layer = vertexLayer[vertex]
            let offset = Double(tallest - best[layer].count) / 2
            return Point(
                x: spacing.margin + Double(layer) * column,
                y: spacing.margin + (offset + Double(position[vertex])) * row)
        }
        let middle = spacing.nodeHeight / 2

        self.nodes = (0..<n).map { i in
            Node(id: ids[i], layer: layerOf[i], order: position[i], origin: origin(i))
        }
        self.edges = kept.indices.map { k in
            let chain = chains[k]
            var points: [Point] = []
            points.reserveCapacity(chain.count)
            for (i, vertex) in chain.enumerated() {
                let corner = origin(vertex)
                let x: Double
                if i == 0 {
                    x = corner.x + spacing.nodeWidth
                } else if i == chain.count - 1 {
                    x = corner.x
                } else {
                    x = corner.x + spacing.nodeWidth / 2
                }
                points.append(Point(x: x, y: corner.y + middle))
            }
            if reversed[k] { points.reverse() }
            return Edge(index: kept[k].index, from: ids[kept[k].from], to: ids[kept[k].to], points: points, reversed: reversed[k])
        }
        self.width = 2 * spacing.margin + (layerCount == 0 ? 0 : Double(layerCount) * spacing.nodeWidth + Double(layerCount - 1) * spacing.layerGap)
        self.height = 2 * spacing.margin + (tallest == 0 ? 0 : Double(tallest) * spacing.nodeHeight + Double(tallest - 1) * spacing.rowGap)
        self.crossings = fewest
    }

    /// Sorts each of `indices`, in turn, by the mean position of each vertex's `neighbours` (its own position when it has none).
    private static func reorder(_ layers: inout [[Int]], _ position: inout [Int], by neighbours: [[Int]], layers indices: some Sequence<Int>) {
        var keyed: [(key: Double, position: Int, vertex: Int)] = []
        for l in indices {
            keyed.removeAll(keepingCapacity: true)
            for vertex in layers[l] {
                let adjacent = neighbours[vertex]
                var key = Double(position[vertex])
                if !adjacent.isEmpty {
                    var sum = 0
                    for u in adjacent { sum += position[u] }
                    key = Double(sum) / Double(adjacent.count)
                }
                keyed.append((key, position[vertex], vertex))
            }
            keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
            for (i, entry) in keyed.enumerated() {
                layers[l][i] = entry.vertex
                position[entry.vertex] = i
            }
        }
    }

    /// Crossings between each pair of adjacent layers: inversions of the lower ends, counted with a Fenwick tree.
    private static func countCrossings(_ layers: [[Int]], _ position: [Int], _ below: [[Int]]) -> Int {
        var total = 0
        var lower: [Int] = []
        var tree: [Int] = []
        for l in layers.indices.dropLast() {
            lower.removeAll(keepingCapacity: true)
            for vertex in layers[l] {
                let start = lower.count
                for w in below[vertex] { lower.append(position[w]) }
                if lower.count - start > 1 { lower[start...].sort() }
            }
            guard lower.count > 1 else { continue }
            let size = layers[l + 1].count
            tree.removeAll(keepingCapacity: true)
            tree.append(contentsOf: repeatElement(0, count: size + 1))
            for (inserted, value) in lower.enumerated() {
                var atMost = 0  // earlier lower ends at or left of this one
                var i = value + 1
                while i > 0 {
                    atMost += tree[i]
                    i -= i & -i
                }
                total += inserted - atMost
                i = value + 1
                while i <= size {
                    tree[i] += 1
                    i += i & -i
                }
            }
        }
        return total
    }
}
