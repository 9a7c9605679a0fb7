import PangolinClient
import PangolinModel

/// Registers a result in a catalog as a generic asset: the first registration creates the asset,
/// a later one makes its next version, and a result equal to the latest version makes none. The result's lineage goes in the same request as its version, so a
/// version and the edges of what it was made from exist together or not at all.
struct CatalogRegistrar: Sendable {
    let connection: CatalogConnection

    /// When a result counts as equal to the asset's latest version.
    enum Sameness: Sendable {
        /// The same checksum: each version has a location of its own, so locations always differ.
        case checksum
        /// The same checksum at the same location.
        case checksumAndLocation
    }

    /// What to register.
    struct Entry: Sendable {
        var name: String
        var namespace: NamespacePath
        var kind: AssetKind
        var location: String
        /// Every property of the result, including those `CatalogProperties` manages.
        var properties: [String: String]
        var checksum: String
        var sizeBytes: Int64
        var runID: String?
        var message: String?
        /// References of what the result was made from, pinned to versions.
        var derivedFrom: [String]
        var sameness: Sameness
        /// The latest version as this writer last left it, if it knows; then a changed result is
        /// sent as that version's successor at once, without reading the asset first.
        var known: Known?
    }

    /// A version this writer registered: its number, its checksum and the properties it had that
    /// `CatalogProperties` does not manage (which the next version keeps).
    struct Known: Sendable {
        var version: Int
        var checksum: String
        var otherProperties: [String: String]
    }

    /// The asset as the catalog now has it, and whether this registration made a version.
    struct Outcome: Sendable {
        var asset: PangolinModel.Asset
        var madeVersion: Bool
    }

    /// Concurrent writers of one asset meet as conflicts (a duplicate name, a stale expected
    /// version); each is answered by reading the asset again, a few times at most.
    private static let attempts = 4

    func register(_ entry: Entry) async throws -> Outcome {
        if let known = entry.known, known.checksum != entry.checksum {
            do {
                let updated = try await update(entry, properties: known.otherProperties.merging(entry.properties) { _, new in new },
                                               expectedVersion: known.version)
                return Outcome(asset: updated, madeVersion: updated.version != known.version)
            } catch let error as PangolinError where error.code == .conflict || error.code == .notFound {
                // Someone made a version since, or deleted the asset: read it and decide again.
            }
        }
        var lastConflict: PangolinError?
        for _ in 0..<Self.attempts {
            do {
                guard let existing = try await current(entry) else {
                    let created = try await connection.client.register(
                        AssetDraft(name: entry.name, kind: entry.kind, location: entry.location, properties: entry.properties,
                                   message: entry.message, sizeBytes: entry.sizeBytes, checksum: entry.checksum, runID: entry.runID,
                                   lineage: lineage(entry)),
                        in: connection.catalog, namespace: entry.namespace)
                    return Outcome(asset: created, madeVersion: true)
                }
                if existing.properties[CatalogProperties.checksum] == entry.checksum
                    && (entry.sameness == .checksum || existing.location == entry.location) {
                    return Outcome(asset: existing, madeVersion: false)
                }
                let updated = try await update(entry, properties: CatalogProperties.merged(entry.properties, into: existing.properties),
                                               expectedVersion: existing.version)
                return Outcome(asset: updated, madeVersion: updated.version != existing.version)
            } catch let error as PangolinError where error.code == .conflict {
                lastConflict = error
            }
        }
        throw lastConflict ?? PangolinError.conflict("asset '\(entry.name)' kept changing while it was being registered")
    }

    private func update(_ entry: Entry, properties: [String: String], expectedVersion: Int) async throws -> PangolinModel.Asset {
        try await connection.client.updateAsset(
            entry.name, in: connection.catalog, namespace: entry.namespace,
            AssetChange(location: entry.location, properties: properties, expectedVersion: expectedVersion, message: entry.message,
                        sizeBytes: entry.sizeBytes, checksum: entry.checksum, runID: entry.runID, lineage: lineage(entry)))
    }

    private func lineage(_ entry: Entry) -> [LineageLink]? {
        let links = Self.unique(entry.derivedFrom).map(LineageLink.derivedFrom)
        return links.isEmpty ? nil : links
    }

    private func current(_ entry: Entry) async throws -> PangolinModel.Asset? {
        do {
            return try await connection.client.asset(entry.name, in: connection.catalog, namespace: entry.namespace)
        } catch let error as PangolinError where error.code == .notFound {
            return nil
        }
    }

    private static func unique(_ references: [String]) -> [String] {
        var seen: Set<String> = []
        return references.filter { seen.insert($0).inserted }
    }
}
