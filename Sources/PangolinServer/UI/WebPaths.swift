import Foundation

/// Building and checking the interface's links.
enum WebPaths {
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `text` escaped for a query-string value: everything but the unreserved characters.
    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// `text` escaped for one path segment, the same way.
    static func segment(_ text: String) -> String { query(text) }

    /// The page of an asset.
    static func asset(_ id: String) -> String { "/ui/assets/\(segment(id))" }

    /// Where the forms of one of an asset's tags post.
    static func tag(_ name: String, of assetID: String) -> String { "\(asset(assetID))/tags/\(segment(name))" }

    /// The audit log, filtered to the events about one resource.
    static func audit(resourceID: String) -> String { "/ui/admin/audit" + queryString([("resource_id", resourceID)]) }

    /// The page of a catalog's namespaces.
    static func catalog(_ name: String) -> String { "/ui/catalogs/\(segment(name))" }

    /// The page of a namespace's assets.
    static func namespace(catalog: String, namespace: String) -> String {
        "\(Self.catalog(catalog))/namespaces/\(segment(namespace))"
    }

    /// `query` as a query string (`?a=1&b=2`), values escaped; empty values dropped.
    static func queryString(_ items: [(String, String?)]) -> String {
        let parts = items.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : "\(query(name))=\(query($0))" } }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// The path (with its query) of `link` when it is a page of this interface — a full URL of
    /// any host or a bare path — so that redirects never leave the interface.
    static func localPath(_ link: String) -> String? {
        var path = link
        if let url = URL(string: link), url.scheme != nil {
            path = url.path + (url.query.map { "?" + $0 } ?? "")
        }
        guard path.hasPrefix("/ui"), !path.hasPrefix("//"), !path.contains("\\") else { return nil }
        return path
    }
}
