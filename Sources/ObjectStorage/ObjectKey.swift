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

    /// The extension of a key's last segment (`json` for `a/b.c/d.json`), or "" when it has none;
    /// a leading dot (`.hidden`) is not an extension.
    public static func fileExtension(of key: String) -> String {
        let (_, fileExtension) = splitExtension(key)
        return fileExtension
    }

    /// A key without the extension of its last segment (`a/b.c/d` for `a/b.c/d.json`).
    public static func droppingExtension(_ key: String) -> String {
        let (stem, _) = splitExtension(key)
        return stem
    }

    private static func splitExtension(_ key: String) -> (stem: String, fileExtension: String) {
        let fileStart = key.lastIndex(of: "/").map(key.index(after:)) ?? key.startIndex
        guard let dot = key[fileStart...].lastIndex(of: "."), dot != fileStart else { return (key, "") }
        return (String(key[..<dot]), String(key[key.index(after: dot)...]))
    }

    /// Joins segments with `/`, skipping empty ones.
    public static func join(_ parts: String...) -> String {
        parts.filter { !$0.isEmpty }.joined(separator: "/")
    }
}
