import Dispatch

/// Where a long run of writes (a table import's batches) runs between its statements. On the
/// shared pool, each statement's answer would wait for a thread behind the import's own pure
/// work (converting, assessing and sealing the next batch on every core), and the one writing
/// connection would sit idle in between. A serial queue of its own is given a thread at once,
/// beside the pool's. Use it with `Task(executorPreference: WriterExecutor.shared)`.
public final class WriterExecutor: TaskExecutor {
    public static let shared = WriterExecutor()

    private let queue = DispatchQueue(label: "habeas.writes", qos: .userInitiated)

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
