import Synchronization

// What the workers of one `concurrentPerform` share, as concrete classes holding their Mutex.
// Measured under ThreadSanitizer (Scripts/sanitize.sh thread): a Mutex in a local `let`
// captured by the workers, and a Mutex behind a generic wrapper, were both reported as Swift
// access races on the guarded value (TSan did not see the lock's ordering there); a concrete
// class's Mutex property, like `CandidateCollector`'s, is not.

/// The first error any worker met.
final class FirstError: Sendable {
    private let error = Mutex<(any Error)?>(nil)

    func record(_ error: any Error) { self.error.withLock { $0 = $0 ?? error } }

    var value: (any Error)? { error.withLock { $0 } }
}

/// A closed evaluation's predictions, filled in by the workers, with a count for progress.
final class PredictionSlots: Sendable {
    private let state: Mutex<(predictions: [String], done: Int)>

    init(count: Int) { state = Mutex(([String](repeating: "", count: count), 0)) }

    /// Stores question `index`'s prediction; returns how many are done.
    func store(_ prediction: String, at index: Int) -> Int {
        state.withLock {
            $0.predictions[index] = prediction
            $0.done += 1
            return $0.done
        }
    }

    var predictions: [String] { state.withLock { $0.predictions } }
}
