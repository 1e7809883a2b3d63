import Foundation
import Synchronization

/// A progress line on a terminal's standard error, rewritten in place and erased at the end
/// (only if it was ever drawn: a run with nothing to do prints nothing at all).
final class ProgressLine: Sendable {
    let shown: Bool
    private let drawn = Mutex(false)

    init(shown: Bool) { self.shown = shown }

    func show(_ text: String) {
        guard shown else { return }
        drawn.withLock { $0 = true }
        // Erased to the end of the line: a shorter line must not leave the last one's tail.
        try? Console.standardError.write("\r" + TerminalSafeText.sanitize(text) + "\u{1B}[K")
    }

    func clear() {
        if drawn.withLock({ $0 }) { try? Console.standardError.write("\r\u{1B}[K") }
    }
}
