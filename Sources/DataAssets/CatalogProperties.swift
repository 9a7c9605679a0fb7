import ArtifactFormats
import Foundation

/// The properties a result carries in the catalog, and the rules for reading them back. The keys
/// here belong to the library: a new version replaces them, and keeps every other property that
/// people set on the asset.
enum CatalogProperties {
    static let rowCount = "row_count"
    static let sizeBytes = "size_bytes"
    static let checksum = "checksum"
    static let format = "format"
    static let schema = "schema"
    static let runID = "run_id"
    static let parameters = "parameters"
    static let producedBy = "produced_by"
    static let outputs = "outputs"

    static let managed: Set<String> = [rowCount, sizeBytes, checksum, format, schema, runID, parameters, producedBy, outputs]

    /// What produced a result: this library and its version.
    static let producer = "\(Library.name) DataAssets \(Library.version)"

    /// A located result file: the file and its absolute URL.
    struct Located {
        var file: ArtifactFile
        var location: String
    }

    /// The properties of a result whose primary file is `primary`; `further` are the other outputs
    /// of the same rows (`a.json|csv`).
    static func of(primary: Located, further: [Located] = [], schema: Schema?, rowCount: Int, runID: String?, parameters: String?) -> [String: String] {
        var properties = [
            Self.rowCount: String(rowCount), sizeBytes: String(primary.file.sizeBytes), checksum: primary.file.checksum,
            format: primary.file.format, producedBy: producer,
        ]
        if let schema { properties[Self.schema] = json(schema.columns) }
        if let runID { properties[Self.runID] = runID }
        if let parameters { properties[Self.parameters] = parameters }
        if !further.isEmpty {
            properties[outputs] = json(further.map { Output(location: $0.location, format: $0.file.format, sizeBytes: $0.file.sizeBytes, checksum: $0.file.checksum) })
        }
        return properties
    }

    /// The properties of a new version: `new`, and whatever else the asset had that this library
    /// does not manage.
    static func merged(_ new: [String: String], into existing: [String: String]) -> [String: String] {
        existing.filter { !managed.contains($0.key) }.merging(new) { _, replacement in replacement }
    }

    /// The schema a version recorded, if it recorded one this library can read.
    static func schema(in properties: [String: String]) -> Schema? {
        guard let text = properties[schema], let columns = try? JSONDecoder().decode([Column].self, from: Data(text.utf8)) else { return nil }
        return Schema(columns: columns)
    }

    /// One further output, as listed in `outputs`.
    private struct Output: Encodable {
        var location: String
        var format: String
        var sizeBytes: Int64
        var checksum: String

        enum CodingKeys: String, CodingKey {
            case location, format, checksum
            case sizeBytes = "size_bytes"
        }
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "[]"
    }
}
