import Foundation
import Hummingbird
import PangolinModel

/// The audit log with its filters, and the check of its hash chain.
extension WebInterface {
    struct AuditView {
        let session: SessionView
        let events: [AuditRow]
        let actions: [OptionView]
        let results: [OptionView]
        let resourceType: String
        let resourceID: String
        let userID: String
        /// The chain check, for root (the chain runs through every tenant).
        let chain: ChainView?
        let pager: PagerView
    }

    struct ChainView {
        let valid: Bool
        let summary: String
    }

    static let auditPageSize = 50

    @Sendable func auditPage(request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdministrator(context)
        let parameters = WebForm(query: request)
        func value(_ name: String) -> String? { parameters.text(name) }
        let offset = try request.offset()
        let filters: [(String, String?)] = [
            ("action", value("action")), ("result", value("result")), ("resource_type", value("resource_type")),
            ("resource_id", value("resource_id")), ("user_id", value("user_id")),
        ]
        let audit = AuditController(services: services)
        let api = try request.forAPI(path: "/api/v1/audit" + WebPaths.queryString(filters + [("limit", String(Self.auditPageSize)), ("offset", String(offset))]))
        let events = try await audit.list(request: api, context: context).value
        let total = try await audit.count(request: api, context: context).value.count
        var chain: ChainView?
        if try await services.authorizer.allows(context.principal, .read, .audit(tenantID: nil)) {
            let report = try await audit.verify(request: api, context: context).value
            chain = ChainView(
                valid: report.valid,
                summary: report.valid
                    ? "the hash chain of all \(report.eventsChecked) events is intact"
                    : "the chain is broken at event \(report.firstInvalidSequence.map(String.init) ?? "?"): \(report.reason ?? "its hash does not match")")
        }
        let link = { (offset: Int) in "/ui/admin/audit" + WebPaths.queryString(filters + [("offset", String(offset))]) }
        return renderer.page("audit", AuditView(
            session: session(request, context), events: events.map(AuditRow.init),
            actions: [OptionView(value: "", label: "any action", selected: value("action") == nil)]
                + AuditAction.allCases.map { OptionView(value: $0.rawValue, label: $0.rawValue, selected: value("action") == $0.rawValue) },
            results: [OptionView(value: "", label: "any result", selected: value("result") == nil)]
                + AuditResult.allCases.map { OptionView(value: $0.rawValue, label: $0.rawValue, selected: value("result") == $0.rawValue) },
            resourceType: value("resource_type") ?? "", resourceID: value("resource_id") ?? "", userID: value("user_id") ?? "", chain: chain,
            pager: PagerView(total: total, limit: Self.auditPageSize, offset: offset, shown: events.count, link: link)))
    }
}

/// One audit event as a table row.
struct AuditRow {
    let sequence: Int64
    let time: String
    let username: String
    let action: String
    let resource: String
    let result: String
    let failed: Bool
    let message: String

    init(_ event: AuditEvent) {
        sequence = event.sequence
        time = WebDates.text(event.timestamp)
        username = event.username ?? "—"
        action = event.action
        resource = [event.resourceType, event.resourceName ?? event.resourceID ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        result = event.result.rawValue
        failed = event.result != .success
        message = event.errorMessage ?? ""
    }
}
