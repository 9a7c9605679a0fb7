import Foundation

/// An object named by an absolute location, as catalogs record them: the store that holds it and
/// its key there. Local files are `file:///…` URLs or absolute paths.
public struct ObjectLocation: Sendable {
    /// The store whose root is the object's directory.
    public let store: any ObjectStore
    /// The object's key in that store.
    public let key: String

    /// The store and key of `location`; other schemes than `file` are refused with a message that
    /// names the location.
    public init(_ location: String) throws {
        let path: String
        if location.hasPrefix("/") {
            path = location
        } else if let url = URL(string: location), let scheme = url.scheme?.lowercased(), scheme.count > 1 {
            guard scheme == "file", [nil, "", "localhost"].contains(url.host), !url.path.isEmpty else {
                throw ObjectStorageError(.unsupportedLocation, key: location,
                    "'\(location)' is not a location this library can read or write; use an absolute path or a file:// URL")
            }
            path = url.path
        } else {
            throw ObjectStorageError(.unsupportedLocation, key: location,
                "'\(location)' is not an absolute location; use an absolute path or a file:// URL")
        }
        let file = URL(fileURLWithPath: path).standardizedFileURL
        guard !file.lastPathComponent.isEmpty, file.path != "/" else {
            throw ObjectStorageError(.invalidKey, key: location, "'\(location)' names a directory, not a file")
        }
        store = try LocalDirectoryStore(root: file.deletingLastPathComponent(), createIfMissing: false)
        key = file.lastPathComponent
    }
}
