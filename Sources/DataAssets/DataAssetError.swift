import ArtifactFormats

/// Why an asset could not be defined, materialized, read or queried. The message says what was
/// wrong and what to do about it.
public struct DataAssetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A path names a file extension for which there is no format.
        public static let unknownExtension = Code("unknown_extension")
        /// A `{placeholder}` in a path, name or artifacts directory has no value.
        public static let unresolvedPlaceholder = Code("unresolved_placeholder")
        /// A parameterized asset was run without its arguments.
        public static let missingArguments = Code("missing_arguments")
        /// A path, name or option is not usable.
        public static let invalidDefinition = Code("invalid_definition")
        /// An artifact file is missing or does not hold what its manifest says.
        public static let unreadableArtifact = Code("unreadable_artifact")
        /// Values of one column have types that cannot be unified.
        public static let typeConflict = Code("type_conflict")
        /// A value returned by the asset's function cannot be stored.
        public static let unencodableValue = Code("unencodable_value")
        /// A SQL query failed; the message includes the SQL.
        public static let sql = Code("sql")
        /// The asset has no rows to read or query.
        public static let emptyResult = Code("empty_result")
        /// The asset has never been materialized and may not be run here.
        public static let notMaterialized = Code("not_materialized")
        /// An asset depends on itself, directly or through other assets.
        public static let dependencyCycle = Code("dependency_cycle")
        /// The object store failed.
        public static let storage = Code("storage")
        /// The catalog could not be reached, or refused a registration or a read.
        public static let catalog = Code("catalog")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for the reader.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension DataAssetError {
    /// Translates a format error, naming the asset it happened in.
    static func from(_ error: ArtifactFormatError, asset: String, file: String? = nil) -> DataAssetError {
        let place = file.map { " in \($0)" } ?? ""
        switch error.code {
        case .typeConflict: return .init(.typeConflict, "asset '\(asset)': \(error.message)")
        case .unknownFormat: return .init(.unknownExtension, "asset '\(asset)': \(error.message)")
        case .unencodable: return .init(.unencodableValue, "asset '\(asset)': \(error.message)")
        default:
            return .init(.unreadableArtifact, "asset '\(asset)': cannot read the artifact\(place): \(error.message); "
                + "materialize the asset again to rewrite it")
        }
    }
}
