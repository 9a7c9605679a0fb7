import Synchronization

/// What the task running an asset's function knows about its run: the assets being materialized
/// on the way to it (to refuse cycles) and where to record the assets it reads.
enum RunScope {
    /// Ids of the assets whose functions are running in this task, outermost first.
    @TaskLocal static var running: [String] = []
    /// The recorder of the innermost running asset.
    @TaskLocal static var recorder: DependencyRecorder?
}

/// Collects the assets a run reads. Shared by the tasks of one run.
final class DependencyRecorder: Sendable {
    private let dependencies = Mutex<[AssetDependency]>([])

    func record(_ materialization: Materialization) {
        let run = materialization.run
        record(AssetDependency(assetID: run.assetID, assetName: run.assetName, assetPath: run.assetPath, runID: run.id,
                               catalogVersion: run.registration?.catalogVersion))
    }

    func record(_ dependency: AssetDependency) {
        dependencies.withLock { list in
            if !list.contains(dependency) { list.append(dependency) }
        }
    }

    var recorded: [AssetDependency] { dependencies.withLock { $0 } }
}
