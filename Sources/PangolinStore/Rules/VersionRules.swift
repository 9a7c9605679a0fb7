import Foundation
import PangolinModel

/// Statements on versions and tags.
public protocol VersionRepository {
    func insertVersion(_ version: AssetVersion) throws
    /// Newest first, with the total.
    func versions(assetID: String, limit: Int, offset: Int) throws -> Page<AssetVersion>
    /// The version `selector` names: the newest, a number, an id, the newest before a moment, or
    /// a tag's.
    func version(assetID: String, _ selector: AssetReference.Selector) throws -> AssetVersion?
    func latestVersionNumber(assetID: String) throws -> Int?
    func firstVersionDate(assetID: String) throws -> Date?

    func tag(assetID: String, name: String) throws -> VersionTag?
    /// By name.
    func tags(assetID: String) throws -> [VersionTag]
    func tagNames(assetID: String, limit: Int) throws -> [String]
    func insertTag(_ tag: VersionTag) throws
    func updateTag(_ tag: VersionTag) throws
    func deleteTag(assetID: String, name: String) throws
}

extension CatalogDatabase: VersionStore {
    public func versions(assetID: String, limit: Int, offset: Int) async throws -> Page<AssetVersion> {
        try await backend.read { tx in try tx.versions(assetID: assetID, limit: limit, offset: offset) }
    }

    public func version(assetID: String, _ selector: AssetReference.Selector) async throws -> AssetVersion {
        try await backend.lookup { tx in try Self.requireVersion(assetID: assetID, selector, in: tx) }
    }

    public func assets(matching reference: AssetReference, tenantID: String, catalog: String?) async throws -> [Asset] {
        try await backend.lookup { tx in
            var found: [String: Asset] = [:]
            for reading in reference.readings(catalog: catalog) {
                for asset in try tx.assets(matching: reading, tenantID: tenantID, limit: 50) { found[asset.id] = asset }
            }
            return found.values.sorted { ($0.catalog, $0.namespace, $0.name) < ($1.catalog, $1.namespace, $1.name) }
        }
    }

    public func deletedAsset(id: String) async throws -> DeletedAsset? {
        try await backend.lookup { tx in try tx.deletedAsset(id: id) }
    }

    public func tags(assetID: String) async throws -> [VersionTag] {
        try await backend.read { tx in try tx.tags(assetID: assetID) }
    }

    public func createTag(assetID: String, name: String, at selector: AssetReference.Selector, message: String?, by actor: AuditActor) async throws -> VersionTag {
        try AssetReference.validateTagName(name)
        return try await write { tx in
            let asset = try Self.requireAsset(id: assetID, in: tx)
            if try tx.tag(assetID: assetID, name: name) != nil {
                throw PangolinError.conflict("\(asset.address) already has a tag '\(name)'; move it with PUT …/tags/\(name) or choose another name")
            }
            let version = try Self.requireVersion(assetID: assetID, selector, in: tx)
            let now = StoredValues.now().date
            let tag = VersionTag(assetID: assetID, name: name, version: version.number, versionID: version.id, message: message,
                                 createdAt: now, createdBy: actor.username, updatedAt: now)
            try tx.insertTag(tag)
            try AuditChain.append(
                Self.auditEntry(.createTag, asset, metadata: ["tag": .string(name), "version": .int(Int64(version.number))]), by: actor, in: tx)
            return tag
        }
    }

    public func moveTag(assetID: String, name: String, to selector: AssetReference.Selector, by actor: AuditActor) async throws -> VersionTag {
        try await write { tx in
            let asset = try Self.requireAsset(id: assetID, in: tx)
            guard var tag = try tx.tag(assetID: assetID, name: name) else {
                throw PangolinError.notFound(.versionTag, "\(asset.address) has no tag '\(name)'")
            }
            let version = try Self.requireVersion(assetID: assetID, selector, in: tx)
            let previous = tag.version
            tag.version = version.number
            tag.versionID = version.id
            tag.updatedAt = StoredValues.now().date
            try tx.updateTag(tag)
            try AuditChain.append(
                Self.auditEntry(.moveTag, asset, metadata: [
                    "tag": .string(name), "from_version": .int(Int64(previous)), "version": .int(Int64(version.number)),
                ]),
                by: actor, in: tx)
            return tag
        }
    }

    public func deleteTag(assetID: String, name: String, by actor: AuditActor) async throws {
        try await write { tx in
            let asset = try Self.requireAsset(id: assetID, in: tx)
            guard let tag = try tx.tag(assetID: assetID, name: name) else {
                throw PangolinError.notFound(.versionTag, "\(asset.address) has no tag '\(name)'")
            }
            try tx.deleteTag(assetID: assetID, name: name)
            try AuditChain.append(
                Self.auditEntry(.deleteTag, asset, metadata: ["tag": .string(name), "version": .int(Int64(tag.version))]), by: actor, in: tx)
        }
    }

    /// The version a selector names, or a 404 that says what exists instead.
    static func requireVersion(assetID: String, _ selector: AssetReference.Selector, in tx: Backend.Transaction) throws -> AssetVersion {
        if let version = try tx.version(assetID: assetID, selector) { return version }
        let message: String
        switch selector {
        case .latest:
            message = "the asset has no versions"
        case .number(let number):
            message = "there is no version \(number); the latest is v\(try tx.latestVersionNumber(assetID: assetID) ?? 0)"
        case .versionID(let id):
            message = "no version of this asset has id '\(id)'"
        case .asOf(_, let written):
            let since = try tx.firstVersionDate(assetID: assetID).map { " (its first version is from \(ISO8601DateFormatter().string(from: $0)))" } ?? ""
            message = "the asset had no version on or before \(written)\(since)"
        case .tag(let name):
            let names = try tx.tagNames(assetID: assetID, limit: 20)
            message = "there is no tag '\(name)'" + (names.isEmpty ? " (the asset has no tags)" : "; its tags are \(names.joined(separator: ", "))")
        case .snapshot(let id):
            message = "no version of this asset has Iceberg snapshot \(id) as its current snapshot"
        }
        throw PangolinError.notFound(.version, message)
    }
}
