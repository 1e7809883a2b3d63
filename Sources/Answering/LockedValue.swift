import Synchronization

/// A `Mutex` that the workers of one `concurrentPerform` share by reference. A `Mutex` held in
/// a local `let` and captured by the workers was reported by ThreadSanitizer as a Swift access
/// race on that variable (the capture is checked as a modifying access from every worker); a
/// class's `let` is not, like `CandidateCollector`'s state.
final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: sending Value) { mutex = Mutex(value) }

    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}
