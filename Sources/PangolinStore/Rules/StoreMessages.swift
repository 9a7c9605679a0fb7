/// Wording shared by the rules of several aggregates.
public enum StoreMessages {
    /// How many of something, named in the plural ("catalogs").
    public struct Count: Sendable, Hashable {
        public var plural: String
        public var count: Int

        public init(_ plural: String, _ count: Int) {
            self.plural = plural
            self.count = count
        }
    }

    /// "2 catalogs and 1 user" for the non-zero counts, or "" when every count is zero.
    static func listing(_ counts: [Count]) -> String {
        counts.filter { $0.count > 0 }
            .map { "\($0.count) \($0.count == 1 ? String($0.plural.dropLast()) : $0.plural)" }
            .joined(separator: " and ")
    }
}
