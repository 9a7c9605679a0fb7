import Foundation
import HTTPTypes
import PangolinModel
import PangolinStore
import Testing
@testable import PangolinServer

@Suite("Login throttling")
struct LoginThrottleTests {
    private func attempt(_ api: API, _ username: String, _ password: String) async throws -> API.Reply {
        try await api.call(.post, "/api/v1/users/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
    }

    @Test("after five failed logins an account is refused with 429 and Retry-After, even with the right password, and the refusal is audited")
    func accountThrottled() async throws {
        try await Harness.run { api in
            for _ in 0..<5 {
                #expect(try await attempt(api, "admin", "wrong").status == .unauthorized)
            }
            let refused = try await attempt(api, "admin", Harness.rootPassword)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "too_many_requests")
            #expect(refused.errorMessage.contains("too many failed logins for 'admin'"))
            let retryAfter = try #require(refused.headers[.retryAfter].flatMap(Int.init))
            #expect(retryAfter > 0 && retryAfter <= 15 * 60)
            let events = try await api.services.store.auditEvents(AuditQuery(action: .login, result: .failure))
            #expect(events.contains { $0.errorMessage?.contains("too many failed logins") == true })
        }
    }

    @Test("the throttle of one account leaves other accounts alone")
    func otherAccountsUnaffected() async throws {
        try await Harness.run { api in
            for _ in 0..<5 { _ = try await attempt(api, "nobody", "wrong") }
            #expect(try await attempt(api, "nobody", "wrong").status == .tooManyRequests)
            #expect(try await attempt(api, "admin", Harness.rootPassword).status == .ok)
        }
    }

    @Test("a successful login clears the account's failures")
    func successClears() async throws {
        try await Harness.run { api in
            for _ in 0..<4 { _ = try await attempt(api, "admin", "wrong") }
            #expect(try await attempt(api, "admin", Harness.rootPassword).status == .ok)
            for _ in 0..<4 { _ = try await attempt(api, "admin", "wrong") }
            #expect(try await attempt(api, "admin", Harness.rootPassword).status == .ok)
        }
    }

    /// Where a throttle under test keeps its failures: this process's memory, or the store.
    enum Log: String, CaseIterable, Sendable {
        case memory
        case store

        func make() throws -> any LoginFailureLog {
            switch self {
            case .memory: MemoryLoginFailures()
            case .store: StoreLoginFailures(store: try SQLiteCatalogStore.inMemory())
            }
        }
    }

    @Test("failures from one address count across accounts, and expire with the window", arguments: Log.allCases)
    func addressLimitAndWindow(log: Log) async throws {
        let throttle = LoginThrottle(.init(failuresPerAccount: 5, failuresPerAddress: 3, window: .seconds(60)), log: try log.make())
        let start = Date(timeIntervalSince1970: 1_000_000)
        for (offset, account) in ["a", "b", "c"].enumerated() {
            #expect(try await throttle.retryAfter(account: account, address: "10.0.0.1", now: start) == nil)
            try await throttle.recordFailure(account: account, address: "10.0.0.1", now: start.addingTimeInterval(Double(offset)))
        }
        #expect(try await throttle.retryAfter(account: "d", address: "10.0.0.1", now: start.addingTimeInterval(3)) == 57)
        #expect(try await throttle.retryAfter(account: "d", address: "10.0.0.2", now: start.addingTimeInterval(3)) == nil)
        #expect(try await throttle.retryAfter(account: "d", address: "10.0.0.1", now: start.addingTimeInterval(61)) == nil,
                "the first failure left the window")
    }

    @Test("account names are counted without regard to case, a success clears them, and a limit of 0 turns counting off",
          arguments: Log.allCases)
    func caseAndOff(log: Log) async throws {
        let throttle = LoginThrottle(.init(failuresPerAccount: 2, failuresPerAddress: 0, window: .seconds(60)), log: try log.make())
        try await throttle.recordFailure(account: "Admin", address: "x")
        try await throttle.recordFailure(account: "admin", address: "x")
        #expect(try await throttle.retryAfter(account: "ADMIN", address: "x") != nil)
        #expect(try await throttle.retryAfter(account: "other", address: "x") == nil, "the address limit is off")
        try await throttle.recordSuccess(account: "admin")
        #expect(try await throttle.retryAfter(account: "Admin", address: "x") == nil)
    }
}
