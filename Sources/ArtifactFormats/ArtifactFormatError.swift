/// Why rows could not be written or read in an artifact format.
public struct ArtifactFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// No format is known for a file extension.
        case unknownFormat = "unknown_format"
        /// A column holds values whose types cannot be unified.
        case typeConflict = "type_conflict"
        /// Bytes that are not valid in the format, or values that do not match the recorded schema.
        case unreadable
        /// A value that cannot be turned into a row.
        case unencodable
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for the reader: what was wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// A file extension with no format, listing the ones that exist.
    public static func unknownFormat(_ fileExtension: String, known: [String]) -> ArtifactFormatError {
        let shown = fileExtension.isEmpty ? "no extension" : "extension '.\(fileExtension)'"
        return .init(.unknownFormat, "\(shown) names no artifact format; use one of: \(known.map { ".\($0)" }.joined(separator: ", "))")
    }

    /// A column whose values have types that cannot be unified.
    public static func typeConflict(column: String, _ left: ColumnType, _ right: ColumnType) -> ArtifactFormatError {
        .init(.typeConflict, "column '\(column)' holds both \(left) and \(right) values, which cannot be unified; "
            + "make the function return one type for this column (for example convert it to a string)")
    }

    /// Bytes that cannot be read, with where they are.
    public static func unreadable(_ what: String, line: Int) -> ArtifactFormatError {
        .init(.unreadable, "line \(line): \(what)")
    }
}
