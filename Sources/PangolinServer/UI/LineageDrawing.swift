import Foundation
import Mustache
import PangolinModel

/// A lineage graph as the asset page draws it: boxes and labelled arrows in SVG coordinates,
/// laid out by `LineageLayout` (layers by longest path, then crossing reduction).
struct LineageDrawing {
    struct Box {
        let x: String
        let y: String
        let width: String
        let height: String
        let textX: String
        let textY: String
        let label: String
        let detail: String
        /// Full name and place, shown on hover.
        let title: String
        /// The asset's page; nil for an asset the viewer may not read.
        let link: String?
        let hidden: Bool
        let root: Bool
    }

    struct Arrow {
        let path: String
        let label: String
        let labelX: String
        let labelY: String
    }

    let width: String
    let height: String
    let boxes: [Box]
    let arrows: [Arrow]
    let nodeCount: Int
    let edgeCount: Int
    let truncated: Bool

    init(_ graph: LineageGraph) {
        // Room between layers for an edge's label ("derived_from @v12").
        var spacing = LineageLayout.Spacing()
        spacing.layerGap = 150
        let layout = LineageLayout(nodes: graph.nodes.map(\.id), edges: graph.edges.map { ($0.upstream.assetID, $0.downstream.assetID) }, spacing: spacing)
        let byID = Dictionary(graph.nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        boxes = layout.nodes.map { placed in
            let node = byID[placed.id]
            let hidden = node?.redacted ?? true
            let name = hidden ? "hidden asset" : node?.name ?? placed.id
            let place = [node?.catalog, node?.namespace].compactMap { $0 }.joined(separator: ".")
            return Box(
                x: Self.number(placed.origin.x), y: Self.number(placed.origin.y),
                width: Self.number(spacing.nodeWidth), height: Self.number(spacing.nodeHeight),
                textX: Self.number(placed.origin.x + 10), textY: Self.number(placed.origin.y + 18),
                label: Self.shortened(name, to: 24),
                detail: hidden ? "you may not read it" : Self.shortened(node?.kind?.rawValue ?? "", to: 26),
                title: hidden ? "an asset you may not read" : "\(place).\(name) (\(node?.kind?.rawValue ?? ""))",
                link: hidden ? nil : WebPaths.asset(placed.id), hidden: hidden, root: placed.id == graph.root)
        }
        arrows = layout.edges.map { placed in
            let edge = graph.edges[placed.index]
            let points = placed.points
            var path = "M\(Self.number(points[0].x)) \(Self.number(points[0].y))"
            for (from, to) in zip(points, points.dropFirst()) {
                // A horizontal S-curve between consecutive points.
                let middle = (from.x + to.x) / 2
                path += " C\(Self.number(middle)) \(Self.number(from.y)) \(Self.number(middle)) \(Self.number(to.y)) \(Self.number(to.x)) \(Self.number(to.y))"
            }
            let anchor = points.count > 2 ? points[points.count / 2] : LineageLayout.Point(x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2)
            var label = edge.relation
            if let version = edge.upstream.version { label += " @v\(version)" }
            return Arrow(path: path, label: label, labelX: Self.number(anchor.x), labelY: Self.number(anchor.y - 4))
        }
        width = Self.number(layout.width)
        height = Self.number(layout.height)
        nodeCount = graph.nodes.count
        edgeCount = graph.edges.count
        truncated = graph.truncated
    }

    private static func number(_ value: Double) -> String {
        String(Int(value.rounded()))
    }

    private static func shortened(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}

// A graph has hundreds of boxes and arrows; looking their fields up by name is much faster than
// the reflection Mustache otherwise uses.
extension LineageDrawing.Box: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y": y
        case "width": width
        case "height": height
        case "textX": textX
        case "textY": textY
        case "label": label
        case "detail": detail
        case "title": title
        case "link": link
        case "hidden": hidden
        case "root": root
        default: nil
        }
    }
}

extension LineageDrawing.Arrow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "path": path
        case "label": label
        case "labelX": labelX
        case "labelY": labelY
        default: nil
        }
    }
}

