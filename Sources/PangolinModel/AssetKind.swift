/// The seventeen kinds of asset that Pangolin catalogs, named on the wire in SCREAMING_SNAKE case.
public enum AssetKind: String, Sendable, Codable, CaseIterable, Hashable {
    case icebergTable = "ICEBERG_TABLE"
    case view = "VIEW"
    case deltaTable = "DELTA_TABLE"
    case hudiTable = "HUDI_TABLE"
    case apachePaimon = "APACHE_PAIMON"
    case parquetTable = "PARQUET_TABLE"
    case csvTable = "CSV_TABLE"
    case jsonTable = "JSON_TABLE"
    case lance = "LANCE"
    case vortex = "VORTEX"
    case nimble = "NIMBLE"
    case mlModel = "ML_MODEL"
    case directory = "DIRECTORY"
    case videoFile = "VIDEO_FILE"
    case imageFile = "IMAGE_FILE"
    case dbConnString = "DB_CONN_STRING"
    case other = "OTHER"

    /// Parses a kind as sent by a client, or throws an error that lists the valid kinds.
    public init(parsing text: String) throws {
        guard let kind = AssetKind(rawValue: text) else {
            let valid = AssetKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw PangolinError.invalid("unknown asset kind \(Names.quoted(text)); expected one of \(valid)")
        }
        self = kind
    }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }
}
