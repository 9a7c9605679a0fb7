import Foundation
import Hummingbird
import PangolinModel

/// What every page's frame shows: who is logged in, whether they administer, and the CSRF token
/// of their forms.
struct SessionView {
    let username: String
    let role: String
    let isAdmin: Bool
    let csrf: String

    init(principal: Principal, request: Request, services: CatalogServices) {
        username = principal.username
        role = principal.role.rawValue
        isAdmin = services.authorizer.administers(principal, tenantID: principal.tenantID)
        csrf = WebSession.token(in: request).map(WebSession.csrfToken(for:)) ?? ""
    }
}

/// One row of a two-column table.
struct KeyValueView {
    let key: String
    let value: String

    /// The pairs of `dictionary`, by key.
    static func rows(_ dictionary: [String: String]) -> [KeyValueView] {
        dictionary.keys.sorted().map { KeyValueView(key: $0, value: dictionary[$0]!) }
    }
}

/// Links to the previous and next page of a list, with where this page is in it.
struct PagerView {
    let summary: String
    let previous: String?
    let next: String?

    /// The pager of a list of `total` items shown `limit` at a time from `offset`, whose pages are
    /// `link(offset)`.
    init(total: Int, limit: Int, offset: Int, shown: Int, link: (Int) -> String) {
        summary = total == 0 ? "none" : "\(offset + 1)–\(offset + shown) of \(total)"
        previous = offset > 0 ? link(max(offset - limit, 0)) : nil
        next = offset + shown < total ? link(offset + limit) : nil
    }
}

/// Dates as the interface shows them: UTC, to the second.
enum WebDates {
    static func text(_ date: Date?) -> String {
        guard let date else { return "" }
        return date.formatted(Date.ISO8601FormatStyle()).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }
}
