import GRDB
import Synchronization

/// Commits concurrent writes together. Each write runs in its own savepoint inside one shared
/// transaction, so a write that fails rolls back alone; the transaction's single commit (and
/// single fsync) then makes the whole group durable, and only then is each caller answered.
/// While one group commits the next one gathers, so under load the cost of a sync to disk is
/// shared by every write waiting for it, and with one writer at a time nothing waits at all.
final class GroupCommit: Sendable {
    private struct Job: Sendable {
        /// Runs the write inside its savepoint and keeps its outcome.
        let run: @Sendable (Database) -> Void
        /// Answers the caller once the group is committed, or with the commit's failure.
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var pending: [Job] = []
        var committing = false
    }

    private let database: any DatabaseWriter
    private let state = Mutex(State())

    init(database: any DatabaseWriter) {
        self.database = database
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = Mutex<Result<T, any Error>?>(nil)
            let job = Job(
                run: { db in
                    let result = Result { () throws -> T in
                        var value: T?
                        try db.inSavepoint {
                            value = try body(db)
                            return .commit
                        }
                        return value!
                    }
                    outcome.withLock { $0 = result }
                },
                finish: { commitFailure in
                    if let commitFailure {
                        continuation.resume(throwing: commitFailure)
                    } else {
                        continuation.resume(with: outcome.withLock { $0! })
                    }
                })
            let startsGroup = state.withLock { state in
                state.pending.append(job)
                if state.committing { return false }
                state.committing = true
                return true
            }
            if startsGroup {
                Task.detached { await self.commitUntilIdle() }
            }
        }
    }

    /// Commits gathered groups until no write is waiting.
    private func commitUntilIdle() async {
        while true {
            let group = state.withLock { state in
                let group = state.pending
                state.pending.removeAll(keepingCapacity: true)
                if group.isEmpty { state.committing = false }
                return group
            }
            if group.isEmpty { return }
            var failure: (any Error)?
            do {
                try await database.write { db in
                    for job in group { job.run(db) }
                }
            } catch {
                failure = error
            }
            for job in group { job.finish(failure) }
        }
    }
}
