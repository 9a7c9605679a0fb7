/// Checks keys before they reach a store, so no key can name something outside it.
public enum ObjectKey {
    /// Returns the key with empty and `.` segments removed, or throws when it is empty, absolute
    /// or contains a `..` segment.
    public static func normalized(_ key: String) throws -> String {
        if key.hasPrefix("/") {
            throw ObjectStorageError(.invalidKey, key: key, "object key '\(key)' is absolute; keys are relative to the store's root")
        }
        var segments: [Substring] = []
        for segment in key.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                throw ObjectStorageError(.invalidKey, key: key, "object key '\(key)' contains '..'; keys cannot leave the store's root")
            }
            if segment.contains("\0") {
                throw ObjectStorageError(.invalidKey, key: key, "object key contains a NUL character")
            }
            segments.append(segment)
        }
        if segments.isEmpty {
            throw ObjectStorageError(.invalidKey, key: key, "object key '\(key)' is empty")
        }
        return segments.joined(separator: "/")
    }

    /// The part of a key before its last `/`, or "" for a key at the root.
    public static func parent(of key: String) -> String {
        guard let slash = key.lastIndex(of: "/") else { return "" }
        return String(key[..<slash])
    }

    /// Joins segments with `/`, skipping empty ones.
    public static func join(_ parts: String...) -> String {
        parts.filter { !$0.isEmpty }.joined(separator: "/")
    }
}
