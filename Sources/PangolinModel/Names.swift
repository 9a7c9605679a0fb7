/// The rules every user-chosen name follows, in one place so that every endpoint enforces them alike.
public enum Names {
    /// Longest name of a tenant, warehouse, catalog or namespace segment, in characters.
    public static let maxContainerLength = 128
    /// Longest asset name, in characters.
    public static let maxAssetLength = 255

    /// What a name belongs to; worded for error messages.
    public enum Kind: String, Sendable {
        case tenant, warehouse, catalog
        case namespace = "namespace segment"
        case asset, username
        case versionTag = "tag"

        var maxLength: Int {
            switch self {
            case .asset, .username: Names.maxAssetLength
            default: Names.maxContainerLength
            }
        }

        /// Names travel in URL paths, where clients such as pypangolin do not percent-encode them.
        var allowsURLDelimiters: Bool { self == .username }

        /// Containers are joined with dots in references (`catalog.namespace.asset`), so their
        /// names cannot hold one; asset names and usernames may (`customer_churn_v1.0.0`).
        var allowsDots: Bool { self == .asset || self == .username || self == .versionTag }
    }

    /// Checks `name` and returns it, or throws an `invalidInput` error that says what is wrong.
    @discardableResult
    public static func validate(_ name: String, as kind: Kind) throws -> String {
        let label = kind.rawValue
        if name.isEmpty {
            throw PangolinError.invalid("\(label) name must not be empty")
        }
        if name.count > kind.maxLength {
            throw PangolinError.invalid(
                "\(label) name is \(name.count) characters long; the limit is \(kind.maxLength)")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw PangolinError.invalid("\(label) name \(quoted(name)) contains a control character")
        }
        if name.contains("/") || name.contains("\\") {
            throw PangolinError.invalid(
                "\(label) name \(quoted(name)) contains a path separator ('/' or '\\')")
        }
        if !kind.allowsURLDelimiters, let bad = name.first(where: { "?#%".contains($0) }) {
            throw PangolinError.invalid(
                "\(label) name \(quoted(name)) contains '\(bad)', which clients cannot send in a URL path unencoded")
        }
        if !kind.allowsDots && name.contains(".") {
            throw PangolinError.invalid(
                "\(label) name \(quoted(name)) contains '.', which separates names in references")
        }
        if name == "." || name == ".." {
            throw PangolinError.invalid("\(label) name must not be '.' or '..'")
        }
        if name.first!.isWhitespace || name.last!.isWhitespace {
            throw PangolinError.invalid("\(label) name \(quoted(name)) starts or ends with whitespace")
        }
        return name
    }

    /// Quotes a user-supplied string for an error message, escaping what would garble the line.
    public static func quoted(_ text: String) -> String {
        let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
        var escaped = ""
        for scalar in shown.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                escaped += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return "'\(escaped)'"
    }
}
