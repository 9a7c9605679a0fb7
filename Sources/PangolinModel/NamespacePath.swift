/// A namespace's position in its catalog: one or more segments, written `a.b` in Pangolin URLs
/// and as `["a", "b"]` in Iceberg's JSON.
public struct NamespacePath: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The segments from the top level down.
    public let segments: [String]

    /// Creates a path from validated segments.
    public init(_ segments: [String]) throws {
        if segments.isEmpty {
            throw PangolinError.invalid("a namespace needs at least one segment")
        }
        for segment in segments { try Names.validate(segment, as: .namespace) }
        self.segments = segments
    }

    /// A path from storage, whose segments were validated when it was written.
    public init(trusted dotted: String) {
        self.segments = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// Parses a namespace as it appears in a URL: segments joined by `.` (Pangolin) or by the
    /// unit separator U+001F (the Iceberg REST specification).
    public init(parsing text: String) throws {
        let separator: Character = text.contains("\u{1F}") ? "\u{1F}" : "."
        try self.init(text.split(separator: separator, omittingEmptySubsequences: false).map(String.init))
    }

    /// The dotted form, `a.b`.
    public var dotted: String { segments.joined(separator: ".") }
    public var description: String { dotted }

    /// The enclosing namespace, or nil at the top level.
    public var parent: NamespacePath? {
        segments.count > 1 ? try? NamespacePath(Array(segments.dropLast())) : nil
    }

    public static func < (lhs: NamespacePath, rhs: NamespacePath) -> Bool {
        lhs.segments.lexicographicallyPrecedes(rhs.segments)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(container.decode([String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(segments)
    }
}
