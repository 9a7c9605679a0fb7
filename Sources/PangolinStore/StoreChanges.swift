import PangolinModel

/// What one server instance tells the others that share its database, so that each applies it
/// to what it keeps in memory.
public enum StoreChange: Sendable, Hashable {
    /// These tokens are revoked: refuse them.
    case tokensRevoked([String])
    /// Some grant, role or what they name changed: forget the loaded grants.
    case grantsChanged
    /// Notices may have been missed (the listening connection was lost): reload what is kept.
    case resync

    /// The text sent with a notice; notices carry at most 8,000 bytes.
    var payloads: [String] {
        switch self {
        case .tokensRevoked(let ids):
            stride(from: 0, to: ids.count, by: 100).map { "tokens:" + ids[$0..<min($0 + 100, ids.count)].joined(separator: ",") }
        case .grantsChanged: ["grants"]
        case .resync: ["resync"]
        }
    }

    init?(payload: String) {
        if payload == "grants" {
            self = .grantsChanged
        } else if payload == "resync" {
            self = .resync
        } else if payload.hasPrefix("tokens:") {
            self = .tokensRevoked(payload.dropFirst("tokens:".count).split(separator: ",").map(String.init))
        } else {
            return nil
        }
    }
}

/// How instances on one database hear of each other's changes. On SQLite there is one process,
/// so nothing is announced and nothing arrives.
public protocol StoreChangeFeed: Sendable {
    /// Tells the other instances; best effort — a notice that cannot be sent is a `.resync` for
    /// them when their listening connection is re-established.
    func announce(_ change: StoreChange) async
    /// The changes other instances announce, from now on; `.resync` first and after every
    /// reconnection.
    func changes() -> AsyncStream<StoreChange>
}

extension CatalogDatabase: StoreChangeFeed {
    public func announce(_ change: StoreChange) async {
        await backend.announce(change)
    }

    public func changes() -> AsyncStream<StoreChange> {
        backend.changes()
    }
}

extension StoreBackend {
    public func announce(_ change: StoreChange) async {}

    public func changes() -> AsyncStream<StoreChange> {
        AsyncStream { _ in }
    }
}
