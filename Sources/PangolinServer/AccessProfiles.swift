import PangolinModel
import PangolinStore
import Synchronization

/// Each principal's grants, loaded from the store on first use and kept until grants change, so
/// that checking access costs no database work on the read path. The server that changes grants
/// clears it; several server processes sharing one database would each need to hear of changes.
final class AccessProfiles: Sendable {
    private let loaded = Mutex<[String: AccessProfile]>([:])
    /// Bumped by every clear, so that a profile loaded before a change is not kept after it.
    private let generation = Atomic<Int>(0)

    func profile(for principalID: String, store: any CatalogStore) async throws -> AccessProfile {
        if let profile = loaded.withLock({ $0[principalID] }) { return profile }
        let before = generation.load(ordering: .acquiring)
        let profile = AccessProfile(grants: try await store.resolvedGrants(principalID: principalID))
        loaded.withLock { profiles in
            if generation.load(ordering: .acquiring) == before { profiles[principalID] = profile }
        }
        return profile
    }

    func clear() {
        loaded.withLock { profiles in
            generation.add(1, ordering: .releasing)
            profiles.removeAll()
        }
    }
}
