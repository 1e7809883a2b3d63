import Foundation
import Synchronization

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP in the commands. The first signal asks the running
/// work to stop (indexing stops after the batch it is writing, so the index stays
/// consistent; answering stops between passages) and the command exits with 128 + the
/// signal's number, as shells expect: 130, 143, 129. Work that does not stop within
/// `deadline` (loading a model) is ended then; a second Ctrl-C, or a signal while the
/// command only waits for input, ends it at once. Ending with `_exit` is safe for the index:
/// every write is a SQLite transaction, which a killed process rolls back.
enum Interruption {
    static let deadline: DispatchTimeInterval = .seconds(2)

    private struct State {
        var signal: Int32?
        var waitingForInput = false
    }

    private static let state = Mutex(State())
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Call once, for every command but the interface: that one installs its own handlers,
    /// which restore the terminal (libdispatch installs its signal handler once per signal,
    /// so two owners of one signal would lose it).
    static func install() {
        sources = [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)  // delivered to the dispatch source instead
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { received(number) }
            source.resume()
            return source
        }
    }

    private static func received(_ number: Int32) {
        let (first, immediate) = state.withLock { state -> (Bool, Bool) in
            let first = state.signal == nil
            if first { state.signal = number }
            return (first, state.waitingForInput)
        }
        if !first || immediate { _exit(128 + number) }
        DispatchQueue.global().asyncAfter(deadline: .now() + deadline) { _exit(128 + number) }
    }

    /// The signal received, if any.
    static var receivedSignal: Int32? { state.withLock { $0.signal } }

    /// For work loops: `isCancelled` closures.
    static let isRequested: @Sendable () -> Bool = { receivedSignal != nil }

    /// Throws `CLIError.interrupted` once a signal came.
    static func check() throws(CLIError) {
        if let signal = receivedSignal { throw .interrupted(signal: signal) }
    }

    /// Runs `body` (a blocking read of input) so that a signal ends the command at once.
    static func whileWaitingForInput<T>(_ body: () -> T) throws(CLIError) -> T {
        if let signal = state.withLock({ state -> Int32? in
            state.waitingForInput = true
            return state.signal
        }) { _exit(128 + signal) }
        defer { state.withLock { $0.waitingForInput = false } }
        return body()
    }
}
