import ArtifactFormats

/// A worker that handles a run's batches strictly in order on a task of its own, so the formats of
/// a run are written in parallel with each other and with the function producing the next batch.
/// At most one batch per lane is in flight: `submit` waits for the previous one first.
final class Lane: @unchecked Sendable {
    // Unchecked: `handle` and the state it captures are only used by the job task, and a job starts
    // only after the previous job finished (`submit` awaits it), so no two threads use them at once.
    private let handle: (RowBatch, String) async throws -> Void
    private var pending: Task<Void, any Error>?

    init(_ handle: @escaping (RowBatch, String) async throws -> Void) {
        self.handle = handle
    }

    /// Waits for the previous batch, then starts on this one; `fragmentKey` names its fragment file.
    func submit(_ batch: RowBatch, fragmentKey: String) async throws {
        try await drain()
        pending = Task { [handle] in try await handle(batch, fragmentKey) }
    }

    /// Waits until the lane is idle, rethrowing the error of its last batch.
    func drain() async throws {
        guard let pending else { return }
        self.pending = nil
        try await pending.value
    }
}
