import Foundation
import Synchronization

/// Stops external tools at once: `cancel()` kills the process group of every tool running
/// under this token (SIGKILL), and every later `ExternalTool.run` with it returns `cancelled`
/// without starting. Indexing gives one to the thread that prepares documents, and cancels it
/// as soon as the index run is asked to stop (Ctrl-C, SIGTERM, the interface's quit), so an
/// interrupted index does not wait for a slow pdftotext or tesseract.
public final class ToolCancellation: Sendable {
    private struct State {
        var cancelled = false
        var groups: Set<pid_t> = []
    }

    private let state = Mutex(State())

    public init() {}

    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    public func cancel() {
        let groups = state.withLock { state -> Set<pid_t> in
            state.cancelled = true
            return state.groups
        }
        // A group registered here has a leader not yet reaped (`ExternalTool.run` reaps only
        // after `unregister`), so its id cannot name someone else's group.
        for group in groups { killpg(group, SIGKILL) }
    }

    /// Records a running tool's group; false (and the group killed) when already cancelled.
    func register(_ group: pid_t) -> Bool {
        let cancelled = state.withLock { state -> Bool in
            if !state.cancelled { state.groups.insert(group) }
            return state.cancelled
        }
        if cancelled { killpg(group, SIGKILL) }
        return !cancelled
    }

    func unregister(_ group: pid_t) {
        _ = state.withLock { $0.groups.remove(group) }
    }
}
