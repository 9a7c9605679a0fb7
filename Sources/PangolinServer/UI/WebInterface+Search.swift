import Foundation
import Hummingbird
import PangolinModel

/// The search page: the API's search and its facets, with the filters as links.
extension WebInterface {
    struct SearchView {
        let session: SessionView
        let text: String
        let total: Int
        let hits: [HitRow]
        let filters: [FilterView]
        let kinds: [FacetView]
        let catalogs: [FacetView]
        let namespaces: [FacetView]
        let tags: [FacetView]
        let pager: PagerView
        /// The current filters, for the search form to keep.
        let hidden: [KeyValueView]
    }

    struct HitRow {
        let name: String
        let link: String
        let kind: String
        let place: String
        let description: String
        let tags: String
        let readable: Bool
    }

    /// A filter in force, with the link that drops it.
    struct FilterView {
        let label: String
        let remove: String
    }

    /// The search page's parameters, which are the API's but for `prop` (`key=value`, as a form
    /// can send it) standing for `property.<key>=value`.
    struct SearchParameters {
        var text: String?
        var kind: String?
        var tags: [String]
        var catalog: String?
        var namespace: String?
        var properties: [(key: String, value: String)]
        var offset: Int

        init(_ request: Request) throws {
            let query = WebForm(query: request)
            func value(_ name: String) -> String? { query.text(name) }
            text = value("q")
            kind = value("kind")
            tags = query.list("tags")
            catalog = value("catalog")
            namespace = value("namespace")
            properties = []
            for (name, raw) in query.pairs {
                let text = raw.trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("property."), !text.isEmpty {
                    properties.append((String(name.dropFirst("property.".count)), text))
                } else if name == "prop", !text.isEmpty {
                    let parts = text.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw PangolinError.invalid("a property filter is written key=value, such as framework=scikit-learn, not '\(text)'")
                    }
                    properties.append((parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces)))
                }
            }
            properties.sort { $0.key < $1.key }
            offset = try request.offset()
        }

        /// The parameters as `(name, value)` pairs, the API's names when `api`.
        func items(api: Bool) -> [(String, String?)] {
            [(api ? "query" : "q", text), ("kind", kind), ("tags", tags.isEmpty ? nil : tags.joined(separator: ",")),
             ("catalog", catalog), ("namespace", namespace)]
                + properties.map { ("property.\($0.key)", $0.value) }
        }

        /// The search page for these parameters, changed by `change`, from its first result.
        func link(_ change: (inout SearchParameters) -> Void = { _ in }) -> String {
            var changed = self
            changed.offset = 0
            change(&changed)
            return "/ui/search" + WebPaths.queryString(changed.items(api: false) + [("offset", changed.offset == 0 ? nil : String(changed.offset))])
        }
    }

    static let searchPageSize = 20

    @Sendable func searchPage(request: Request, context: AuthenticatedContext) async throws -> Response {
        let parameters = try SearchParameters(request)
        let apiQuery = WebPaths.queryString(
            parameters.items(api: true) + [("limit", String(Self.searchPageSize)), ("offset", String(parameters.offset))])
        let api = try request.forAPI(path: "/api/v1/search/assets" + apiQuery)
        let search = SearchController(services: services)
        let page = try await search.search(request: api, context: context).value
        let facets = try await search.facets(request: api, context: context).value

        var filters: [FilterView] = []
        if let kind = parameters.kind { filters.append(FilterView(label: "kind: \(kind)", remove: parameters.link { $0.kind = nil })) }
        if let catalog = parameters.catalog { filters.append(FilterView(label: "catalog: \(catalog)", remove: parameters.link { $0.catalog = nil })) }
        if let namespace = parameters.namespace {
            filters.append(FilterView(label: "namespace: \(namespace)", remove: parameters.link { $0.namespace = nil }))
        }
        for tag in parameters.tags { filters.append(FilterView(label: "tag: \(tag)", remove: parameters.link { $0.tags.removeAll { $0 == tag } })) }
        for property in parameters.properties {
            filters.append(FilterView(label: "\(property.key) = \(property.value)", remove: parameters.link { $0.properties.removeAll { $0.key == property.key } }))
        }
        let view = SearchView(
            session: session(request, context), text: parameters.text ?? "", total: page.total,
            hits: page.items.map { hit in
                HitRow(
                    name: hit.name, link: WebPaths.asset(hit.id), kind: hit.kind.rawValue,
                    place: hit.hasAccess ? "\(hit.catalog) / \(hit.namespace)" : "discoverable — ask for access to read it",
                    description: hit.description ?? "", tags: hit.tags.joined(separator: ", "), readable: hit.hasAccess)
            },
            filters: filters,
            kinds: facets.kinds.map { count in FacetView(count, link: parameters.link { $0.kind = count.value }, selected: parameters.kind == count.value) },
            catalogs: facets.catalogs.map { count in
                FacetView(count, link: parameters.link { $0.catalog = count.value }, selected: parameters.catalog == count.value)
            },
            namespaces: facets.namespaces.map { count in
                FacetView(count, link: parameters.link { $0.namespace = count.value }, selected: parameters.namespace == count.value)
            },
            tags: facets.tags.map { count in
                FacetView(count, link: parameters.link { if !$0.tags.contains(count.value) { $0.tags.append(count.value) } },
                          selected: parameters.tags.contains(count.value))
            },
            pager: PagerView(total: page.total, limit: Self.searchPageSize, offset: parameters.offset, shown: page.items.count) { offset in
                parameters.link { $0.offset = offset }
            },
            hidden: parameters.items(api: false).dropFirst().compactMap { name, value in value.map { KeyValueView(key: name, value: $0) } })
        return renderer.page("search", view)
    }
}

/// One value of a facet: its count and the link that narrows the search to it.
struct FacetView {
    let value: String
    let count: Int
    let link: String
    let selected: Bool

    init(_ facet: FacetCount, link: String, selected: Bool) {
        value = facet.value
        count = facet.count
        self.link = link
        self.selected = selected
    }
}
