import Foundation
import PangolinStore
import ServiceLifecycle

extension CatalogServices {
    /// After a change to grants, roles or what they name: this instance forgets its loaded
    /// grants, and tells the instances that share its database to do the same.
    func grantsChanged() async {
        authorizer.grantsChanged()
        await store.announce(.grantsChanged)
    }

    /// After tokens were revoked in the store: this instance refuses them at once, and tells the
    /// others to.
    func tokensRevoked(_ ids: [String]) async {
        guard !ids.isEmpty else { return }
        tokens.revoke(ids)
        await store.announce(.tokensRevoked(ids))
    }

    /// Applies what another instance announced.
    func apply(_ change: StoreChange) async throws {
        switch change {
        case .tokensRevoked(let ids): tokens.revoke(ids)
        case .grantsChanged: authorizer.grantsChanged()
        case .resync:
            tokens.revoke(try await store.revokedTokenIDs(notExpiredAt: Date()))
            authorizer.grantsChanged()
        }
    }
}

/// Listens for the changes other instances on the same database announce, for as long as the
/// server runs.
public struct ChangeListener: Service {
    let services: CatalogServices

    public func run() async throws {
        for await change in services.store.changes().cancelOnGracefulShutdown() {
            try? await services.apply(change)
        }
    }
}
