import ArtifactFormats

/// Values bound to the `?` or named (`:name`, `$name`, `@name`) parameters of a query. They are
/// bound by SQLite, never spliced into the SQL text.
public struct QueryArguments: Sendable, Hashable, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    enum Storage: Sendable, Hashable {
        case positional([ArtifactValue])
        case named([String: ArtifactValue])
    }

    let storage: Storage

    /// Positional arguments for `?` placeholders, in order.
    public init(_ values: [ArtifactValue]) { storage = .positional(values) }

    /// Named arguments; keys may be written with or without the `:` prefix.
    public init(named values: [String: ArtifactValue]) { storage = .named(values) }

    public init(arrayLiteral elements: ArtifactValue...) { self.init(elements) }

    public init(dictionaryLiteral elements: (String, ArtifactValue)...) {
        self.init(named: Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
