import Foundation

/// A reason the interface cannot start: the cases carry what was found (the terminal's
/// reason, $TERM); `description` renders the one line shown.
public enum TUIError: Error, CustomStringConvertible, LocalizedError, Sendable, Equatable {
    /// Not a terminal, or one too plain to draw on (`Terminal.unavailableReason`).
    case terminalUnavailable(reason: String)
    /// No UTF-8 locale to draw text with.
    case noUTF8Locale
    /// curses could not start on this `TERM`.
    case cannotStart(term: String)

    public var description: String {
        switch self {
        case let .terminalUnavailable(reason): "\(reason); use `albertqa ask DIR \"QUESTION\"` instead"
        case .noUTF8Locale: "no UTF-8 locale is available (Debian: apt-get install locales, or set LANG=C.UTF-8)"
        case let .cannotStart(term): "cannot start the terminal interface (TERM=\(term))"
        }
    }

    public var errorDescription: String? { description }
}
