import Foundation

/// A reference to an asset, or to one version of it, as people write them:
/// `customer_churn_v2`, `production.customer_churn_v2@v3`, `ml_models.production.customer_churn_v2`,
/// `ml_features.customer_features@2025-12-01`, `…@2025-12-01T10:00:00Z`, `…@<tag>`, `…@<version id>`.
///
/// The part before `@` is split at dots, but asset names may hold dots too
/// (`customer_churn_v1.0.0`), so which dots separate catalog, namespace and name is decided by
/// what exists: `candidates` lists every reading, and the catalog resolves them.
public struct AssetReference: Sendable, Hashable, CustomStringConvertible {
    /// Which version a reference names.
    public enum Selector: Sendable, Hashable {
        /// No `@`: the current version.
        case latest
        /// `@v3`
        case number(Int)
        /// `@<uuid>`: a version's id.
        case versionID(String)
        /// `@2025-12-01` or `@2025-12-01T10:00:00Z`: the latest version created before `before`
        /// (exclusive; for a day, the start of the next UTC day).
        case asOf(before: Date, written: String)
        /// Anything else after `@`: a tag's name.
        case tag(String)
        /// `@snapshot-<id>`: the first version of an Iceberg table whose current snapshot is `id`.
        case snapshot(Int64)
    }

    /// The property of an Iceberg table's versions that holds its current snapshot's id.
    public static let snapshotProperty = "current-snapshot-id"

    /// One way to read the part before `@`.
    public struct Reading: Sendable, Hashable {
        public var catalog: String?
        public var namespace: NamespacePath?
        public var name: String
    }

    /// The text before `@`, as written.
    public let path: String
    public let selector: Selector

    public var description: String {
        switch selector {
        case .latest: path
        case .number(let number): "\(path)@v\(number)"
        case .versionID(let id): "\(path)@\(id)"
        case .asOf(_, let written): "\(path)@\(written)"
        case .tag(let name): "\(path)@\(name)"
        case .snapshot(let id): "\(path)@snapshot-\(id)"
        }
    }

    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let path = parts.first, !path.isEmpty else {
            throw PangolinError.invalid("a reference needs an asset name before any '@', as in customer_churn_v2@v3; got \(Names.quoted(text))")
        }
        if path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw PangolinError.invalid("reference \(Names.quoted(text)) has an empty part between dots")
        }
        self.path = path
        selector = parts.count == 2 ? try Self.selector(parts[1], in: text) : .latest
    }

    /// Every reading of the path: the whole path as a name, then each split into namespace and
    /// name, and into catalog, namespace and name. `catalog` fixes the catalog when the caller
    /// works in one.
    public func readings(catalog fixed: String? = nil) -> [Reading] {
        let segments = path.split(separator: ".").map(String.init)
        var readings: [Reading] = []
        for cut in 0..<segments.count {
            let name = segments[cut...].joined(separator: ".")
            let prefix = Array(segments[..<cut])
            if prefix.isEmpty {
                readings.append(Reading(catalog: fixed, namespace: nil, name: name))
                continue
            }
            if let namespace = try? NamespacePath(prefix) {
                readings.append(Reading(catalog: fixed, namespace: namespace, name: name))
            }
            if fixed == nil, prefix.count >= 2, let namespace = try? NamespacePath(Array(prefix.dropFirst())) {
                readings.append(Reading(catalog: prefix[0], namespace: namespace, name: name))
            }
        }
        return readings
    }

    /// A version written on its own, as in a URL path or a body's `version` field: a number
    /// (`3`), or anything that may follow `@` in a reference.
    public static func selector(version text: String) throws -> Selector {
        if let number = Int(text) {
            guard number >= 1 else { throw PangolinError.invalid("versions are numbered from 1; \(number) names none") }
            return .number(number)
        }
        return try selector(text, in: text)
    }

    static func selector(_ text: String, in reference: String) throws -> Selector {
        if text.isEmpty {
            throw PangolinError.invalid("reference \(Names.quoted(reference)) ends with '@'; name a tag, v<N>, a version id or a date after it")
        }
        if let number = versionNumber(text) {
            guard number >= 1 else { throw PangolinError.invalid("versions are numbered from 1; \(Names.quoted(text)) names none") }
            return .number(number)
        }
        if isVersionID(text) { return .versionID(text.lowercased()) }
        if text.hasPrefix("snapshot-"), let id = Int64(text.dropFirst("snapshot-".count)) { return .snapshot(id) }
        if let day = day(text) {
            return .asOf(before: day.addingTimeInterval(86_400), written: text)
        }
        // Anything shaped like a date (four digits and a dash) is read as one, never as a tag.
        if text.count >= 5, text.prefix(4).allSatisfy(\.isASCIIDigit), text.dropFirst(4).first == "-" {
            guard let instant = instant(text) else {
                throw PangolinError.invalid(
                    "\(Names.quoted(text)) is not a time a reference can hold; write 2025-12-01, or 2025-12-01T10:00:00Z with a Z or an offset")
            }
            return .asOf(before: instant.addingTimeInterval(0.000_001), written: text)
        }
        return .tag(text)
    }

    /// `v3` or `V3`.
    static func versionNumber(_ text: String) -> Int? {
        guard text.count > 1, text.first == "v" || text.first == "V" else { return nil }
        let digits = text.dropFirst()
        guard digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(digits) ?? 0
    }

    /// Eight-four-four-four-twelve hexadecimal digits.
    static func isVersionID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    /// The start of a UTC day written `YYYY-MM-DD`.
    static func day(_ text: String) -> Date? {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.map(\.count) == [4, 2, 2], fields.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(fields[0]), let month = Int(fields[1]), let day = Int(fields[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date
    }

    /// An ISO 8601 time with a zone, with or without fractions of a second.
    static func instant(_ text: String) -> Date? {
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// Refuses tag names that a reference would read as something else.
    public static func validateTagName(_ name: String) throws {
        try Names.validate(name, as: .versionTag)
        if name.contains("@") { throw PangolinError.invalid("tag name \(Names.quoted(name)) contains '@', which starts a version in references") }
        let reading = try? selector(name, in: name)
        guard case .tag = reading else {
            throw PangolinError.invalid(
                "tag name \(Names.quoted(name)) would read as a version number, version id or date in references; choose another")
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
