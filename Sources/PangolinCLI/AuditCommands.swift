import ArgumentParser
import Foundation
import PangolinClient
import PangolinModel

// The audit log.

extension AuditAction: ExpressibleByArgument {}

struct Audit: CatalogCommand {
    static let configuration = CommandConfiguration(
        abstract: "List audit events, newest first, or verify the hash chain.",
        discussion: "Examples:\n  pangolin-admin audit --action grant_permission\n  pangolin-admin audit --verify")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this action (grant_permission, delete_asset, deny, …).") var action: AuditAction?
    @Option(help: "How many.") var limit = 50
    @Flag(help: "Walk the whole chain and report the first event that does not check out (root).") var verify = false

    func run(client: PangolinClient) async throws {
        if verify {
            let report = try await client.verifyAuditChain()
            try Console.current.show(report, json: global.json) {
                Table(headers: ["VALID", "EVENTS"], rows: [[report.valid ? "yes" : "NO", String(report.eventsChecked)]])
            }
            if !report.valid { throw ExitCode(1) }
            return
        }
        let events = try await client.auditEvents(action: action, limit: limit)
        try Console.current.show(events, json: global.json) {
            Table(headers: ["TIME", "USER", "ACTION", "RESOURCE", "RESULT"], rows: events.map {
                [ISO8601DateFormatter().string(from: $0.timestamp), $0.username ?? "-", $0.action, $0.resourceName ?? $0.resourceID ?? "", $0.result.rawValue]
            })
        }
    }
}
